//! The plot search behind the list (and the map's filters) against the real PostGIS, and the
//! list page that renders it without JavaScript.

use crate::common::{TestDb, body_text, count, get};
use axum::http::StatusCode;
use markkartan_app::domain::{LandUse, PlotFilter, PlotSort, PlotStatus};
use markkartan_server::db;

fn filter(params: &[(&str, &str)]) -> PlotFilter {
    let (filter, errors) = PlotFilter::from_params(params.iter().copied());
    assert_eq!(errors, [], "{params:?}");
    filter
}

#[tokio::test]
async fn every_filter_narrows_the_list_as_sql_would() {
    let db = TestDb::with_sample().await;
    let pool = &db.pool;
    let all = db::search::plots(pool, &PlotFilter::default())
        .await
        .unwrap();
    assert_eq!(
        all.len() as i64,
        count(pool, "SELECT count(*) FROM plots WHERE published").await
    );

    // Each case: the filter, and the same question asked of the tables directly.
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[("status", "available")],
            "SELECT count(*) FROM plots WHERE published AND status = 'available'",
        ),
        (
            &[("status", "available"), ("status", "reserved")],
            "SELECT count(*) FROM plots WHERE published AND status IN ('available', 'reserved')",
        ),
        (
            &[("anvandning", "J")],
            "SELECT count(*) FROM plots WHERE published AND 'J' = ANY(permitted_uses)",
        ),
        (
            &[("ort", "Rimbo")],
            "SELECT count(*) FROM plots p JOIN business_areas a ON a.id = p.business_area_id
               JOIN localities l ON l.id = a.locality_id WHERE p.published AND l.name = 'Rimbo'",
        ),
        (
            &[("omrade", "Görla verksamhetsområde")],
            "SELECT count(*) FROM plots p JOIN business_areas a ON a.id = p.business_area_id
              WHERE p.published AND a.name = 'Görla verksamhetsområde'",
        ),
        (
            &[("min_yta", "10000"), ("max_yta", "30000")],
            "SELECT count(*) FROM plots WHERE published AND area_m2 BETWEEN 10000 AND 30000",
        ),
        (
            &[("max_pris", "300")],
            "SELECT count(*) FROM plots WHERE published AND price_sek_per_m2 <= 300",
        ),
        (
            &[("va", "ja"), ("fjarrvarme", "ja")],
            "SELECT count(*) FROM plots WHERE published AND water_sewage = 'connected'
                AND district_heating",
        ),
        (
            &[("min_effekt", "1000")],
            "SELECT count(*) FROM plots WHERE published AND electrical_capacity_kw >= 1000",
        ),
    ];
    for (params, sql) in cases {
        let found = db::search::plots(pool, &filter(params)).await.unwrap();
        let expected = count(pool, sql).await;
        assert!(expected > 0, "the sample has matches for {params:?}");
        assert!(expected < all.len() as i64, "{params:?} narrows the list");
        assert_eq!(found.len() as i64, expected, "{params:?}");
    }

    // A typed value in the URL never reaches the SQL as text.
    let injection = filter(&[("ort", "Rimbo' OR '1'='1")]);
    assert!(
        db::search::plots(pool, &injection)
            .await
            .unwrap()
            .is_empty()
    );
    db.drop_database().await;
}

#[tokio::test]
async fn sorting_orders_by_area_and_price() {
    let db = TestDb::with_sample().await;
    let mut by_area = PlotFilter {
        sort: PlotSort::AreaDescending,
        ..PlotFilter::default()
    };
    let plots = db::search::plots(&db.pool, &by_area).await.unwrap();
    assert!(plots.windows(2).all(|w| w[0].area_m2 >= w[1].area_m2));
    by_area.sort = PlotSort::AreaAscending;
    let plots = db::search::plots(&db.pool, &by_area).await.unwrap();
    assert!(plots.windows(2).all(|w| w[0].area_m2 <= w[1].area_m2));

    let by_price = PlotFilter {
        sort: PlotSort::PriceAscending,
        statuses: vec![PlotStatus::Available],
        uses: vec![LandUse::Industry, LandUse::Business],
        ..PlotFilter::default()
    };
    let plots = db::search::plots(&db.pool, &by_price).await.unwrap();
    let prices: Vec<i32> = plots.iter().filter_map(|p| p.price_sek_per_m2).collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
    // Plots without a price come last.
    let first_unpriced = plots.iter().position(|p| p.price_sek_per_m2.is_none());
    if let Some(i) = first_unpriced {
        assert!(plots[i..].iter().all(|p| p.price_sek_per_m2.is_none()));
    }
    db.drop_database().await;
}

#[tokio::test]
async fn the_list_page_filters_without_javascript_and_keeps_bad_input() {
    let db = TestDb::with_sample().await;
    let response = get(&db.router(), "/tomter?ort=Rimbo&status=available").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = body_text(response).await;
    let rows = html.matches("<tr data-plot-id=").count() as i64;
    let expected = count(
        &db.pool,
        "SELECT count(*) FROM plots p JOIN business_areas a ON a.id = p.business_area_id
           JOIN localities l ON l.id = a.locality_id
          WHERE p.published AND l.name = 'Rimbo' AND p.status = 'available'",
    )
    .await;
    assert!(expected > 0);
    assert_eq!(rows, expected);
    assert!(html.contains(&format!("{expected} tomter matchar.")));

    // A value that is not a number is shown back, with a message naming the field.
    let html = body_text(get(&db.router(), "/tomter?min_yta=fem+tusen").await).await;
    assert!(
        html.contains("value=\"fem tusen\""),
        "the typed value is kept"
    );
    assert!(
        html.contains("Minsta yta: Ange ett heltal"),
        "the field is named"
    );
    assert!(html.contains("aria-invalid=\"true\""));
    db.drop_database().await;
}

#[tokio::test]
async fn the_contiguous_finder_joins_adjacent_available_plots_into_sites() {
    let db = TestDb::with_sample().await;
    // Only Kapellskär's three adjacent available plots reach 80,000 m² together.
    let sites = db::search::contiguous_sites(&db.pool, 80_000.0)
        .await
        .unwrap();
    assert_eq!(sites.len(), 1, "{sites:?}");
    let site = &sites[0];
    assert_eq!(site.business_area, "Kapellskär logistikområde");
    let names: Vec<&str> = site.plots.iter().map(|(_, name)| name.as_str()).collect();
    assert_eq!(
        names,
        ["Kapellskär 2:14", "Kapellskär 2:15", "Kapellskär 2:16"]
    );
    let sum: f64 = sqlx::query_scalar(
        "SELECT sum(area_m2) FROM plots WHERE designation LIKE 'Kapellskär 2:1_'
            AND status = 'available'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!((site.total_area_m2 - sum).abs() < 0.01);
    // One combined outline, not three separate shapes.
    assert_eq!(
        site.map.plot_svg_path.matches('M').count(),
        1,
        "{}",
        site.map.plot_svg_path
    );
    assert_eq!(site.map.neighbours.len(), 3);

    // Smaller needs find more sites, smallest sufficient first, never a sold plot.
    let sites = db::search::contiguous_sites(&db.pool, 50_000.0)
        .await
        .unwrap();
    assert!(sites.len() >= 3);
    assert!(
        sites
            .windows(2)
            .all(|w| w[0].total_area_m2 <= w[1].total_area_m2)
    );
    let sold = db.plot_id("Kapellskär 2:12").await;
    assert!(
        sites
            .iter()
            .all(|s| s.plots.iter().all(|(id, _)| *id != sold))
    );
    // More than all available land together: nothing.
    assert!(
        db::search::contiguous_sites(&db.pool, 5_000_000.0)
            .await
            .unwrap()
            .is_empty()
    );
    db.drop_database().await;
}

#[tokio::test]
async fn search_finds_plots_areas_and_localities_by_name() {
    let db = TestDb::with_sample().await;
    let hits = db::search::by_name(&db.pool, "görla 9:1").await.unwrap();
    assert!(hits.plots.len() >= 9, "{hits:?}");
    assert!(
        hits.plots
            .iter()
            .all(|(_, d, _)| d.starts_with("Görla 9:1"))
    );
    let hits = db::search::by_name(&db.pool, "rimbo").await.unwrap();
    assert_eq!(hits.localities, ["Rimbo"]);
    assert_eq!(hits.business_areas[0].0, "Rimbo Västra industriområde");
    // LIKE's wildcards are matched literally.
    assert!(db::search::by_name(&db.pool, "%").await.unwrap().is_empty());
    let suggestions = db::search::suggestions(&db.pool).await.unwrap();
    assert!(suggestions.contains(&"Kapellskär 2:14".to_string()));
    assert!(suggestions.contains(&"Hallstavik".to_string()));

    let html = body_text(get(&db.router(), "/sok?q=Kapellsk%C3%A4r").await).await;
    assert!(html.contains("Kapellskär 2:14"));
    assert!(html.contains("<datalist id=\"search-suggestions\">"));
    assert!(html.contains("<option value=\"Kapellskär 2:14\">"));

    // A municipality with more plots than the box suggests: no designation at all (not the
    // first few hundred in the alphabet), the places still; every page carries a short list.
    markkartan_server::generate::synthetic_plots(&db.pool, 200)
        .await
        .unwrap();
    let suggestions = db::search::suggestions(&db.pool).await.unwrap();
    assert!(!suggestions.contains(&"Kapellskär 2:14".to_string()));
    assert!(suggestions.contains(&"Hallstavik".to_string()));
    assert!(suggestions.len() < 100, "{} suggestions", suggestions.len());
    let html = body_text(get(&db.router(), "/sok?q=Kapellsk%C3%A4r").await).await;
    assert!(html.contains("Kapellskär 2:14"), "found by the search page");
    assert!(html.contains("<option value=\"Hallstavik\">"));
    assert!(!html.contains("<option value=\"Kapellskär 2:14\">"));
    db.drop_database().await;
}

#[tokio::test]
async fn search_ignores_case_and_marks_finds_roads_and_opens_an_exact_designation() {
    let db = TestDb::with_sample().await;
    // As people type: no marks, any case.
    let hits = db::search::by_name(&db.pool, "gorla 9:1").await.unwrap();
    assert!(hits.plots.len() >= 9, "{hits:?}");
    let hits = db::search::by_name(&db.pool, "KAPELLSKAR").await.unwrap();
    assert!(
        hits.plots.iter().any(|(_, d, _)| d == "Kapellskär 2:14"),
        "{hits:?}"
    );
    assert!(
        db::search::by_name(&db.pool, "gorla industrivag")
            .await
            .unwrap()
            .business_areas
            .is_empty(),
        "a street is no business area"
    );
    // Roads by number, and streets by name, each with the part of the map that shows it.
    for (typed, found) in [
        ("e18", "E18"),
        ("76", "Rv 76"),
        ("görla industriväg", "Görla industriväg"),
        ("industrivag", "Görla industriväg"),
    ] {
        let hits = db::search::by_name(&db.pool, typed).await.unwrap();
        let road = hits
            .roads
            .iter()
            .find(|r| r.name == found)
            .unwrap_or_else(|| panic!("{typed}: {hits:?}"));
        assert!(
            road.view.width > 300.0 && road.view.height > 300.0,
            "{road:?}"
        );
    }
    // An exact designation, however it is typed, goes straight to its plot.
    let id = db.plot_id("Kapellskär 2:14").await;
    assert_eq!(
        db::search::by_name(&db.pool, " kapellskar 2:14 ")
            .await
            .unwrap()
            .exact_plot,
        Some(id)
    );
    // (A browser: it asks for HTML.)
    let response = tower::ServiceExt::oneshot(
        db.router(),
        axum::http::Request::get("/sok?q=kapellskar%202%3A14")
            .header(axum::http::header::ACCEPT, "text/html")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(
        response.headers()[axum::http::header::LOCATION],
        format!("/?tomt={id}").as_str()
    );
    // The results page lists a road with a link to the map on it.
    let html = body_text(get(&db.router(), "/sok?q=E18").await).await;
    assert!(
        html.contains("Vägar och gator") && html.contains("/?vy="),
        "{html}"
    );
    // And what applies at it.
    assert!(
        html.contains("Vad gäller vid E18") && html.contains("&amp;plats=59."),
        "{html}"
    );
    // A locality without plots answers with what applies there: the map there, its panel open.
    sqlx::query("INSERT INTO localities (name, geom) VALUES ('Bergshamra', ST_Transform(ST_SetSRID(ST_MakePoint(18.66, 59.64), 4326), 3011))")
        .execute(&db.pool)
        .await
        .unwrap();
    let response = tower::ServiceExt::oneshot(
        db.router(),
        axum::http::Request::get("/sok?q=bergshamra")
            .header(axum::http::header::ACCEPT, "text/html")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    assert!(
        response.headers()[axum::http::header::LOCATION]
            .to_str()
            .unwrap()
            .starts_with("/?vy=")
            && response.headers()[axum::http::header::LOCATION]
                .to_str()
                .unwrap()
                .ends_with("&plats=59.64000,18.66000"),
        "{:?}",
        response.headers()[axum::http::header::LOCATION]
    );
    db.drop_database().await;
}

/// A municipality's plots make pages of a hundred: every plot on exactly one page, in the
/// filter's order, the filter kept from page to page, and a page that is not one named.
#[tokio::test]
async fn the_list_pages_a_hundred_plots_at_a_time() {
    use markkartan_app::domain::PLOTS_PER_PAGE;
    let db = TestDb::with_sample().await;
    let router = db.router();
    // The sample fits on one page: no page links.
    let html = body_text(get(&router, "/tomter").await).await;
    assert!(!html.contains("class=\"list-pages\""));

    markkartan_server::generate::synthetic_plots(&db.pool, 1_000)
        .await
        .unwrap();
    let all = db::search::plots(&db.pool, &filter(&[("sortera", "yta")]))
        .await
        .unwrap();
    let total = all.len();
    assert!(total > 1_000);
    let pages = total.div_ceil(PLOTS_PER_PAGE as usize);
    let mut listed = Vec::new();
    for page in 1..=pages {
        let response = get(&router, &format!("/tomter?sortera=yta&sida={page}")).await;
        assert_eq!(response.status(), StatusCode::OK, "page {page}");
        let html = body_text(response).await;
        let ids: Vec<i64> = html
            .split("<tr data-plot-id=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
            .collect();
        assert!(ids.len() <= PLOTS_PER_PAGE as usize);
        assert!(
            html.contains(&format!("Sida {page} av {pages}")),
            "page {page}"
        );
        // The next page's link keeps the filter.
        if page < pages {
            let nav = &html[html.find("class=\"list-pages\"").unwrap()..];
            let next = &nav[..nav.find("rel=\"next\"").unwrap()];
            let href = &next[next.rfind("href=\"").unwrap()..];
            assert!(
                href.contains("sortera=yta") && href.contains(&format!("sida={}\"", page + 1)),
                "{href}"
            );
        }
        listed.extend(ids);
    }
    let expected: Vec<i64> = all.iter().map(|p| p.id).collect();
    assert_eq!(listed, expected, "every plot once, in the filter's order");
    // A page of the list is a page's worth of HTML, not the whole municipality.
    let first = body_text(get(&router, "/tomter").await).await;
    assert!(first.len() < 400_000, "{} bytes", first.len());

    // Past the last page: not found, with the way to the first.
    let response = get(&router, &format!("/tomter?sida={}", pages + 1)).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let html = body_text(response).await;
    assert!(html.contains("Den här sidan finns inte längre.") && html.contains("href=\"/tomter\""));

    // Not a page: refused naming it, and the first page listed.
    for bad in ["0", "-2", "tre", "99999"] {
        let response = get(&router, &format!("/tomter?sida={bad}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        let html = body_text(response).await;
        assert!(html.contains("Sidan ska vara ett heltal från 1."), "{bad}");
        assert!(html.contains("Sida 1 av"), "{bad}");
    }
    db.drop_database().await;
}
