//! A plot's fact sheet: facts computed by PostGIS, the page at /tomt/{id}, and what never shows.

use crate::common::{TestDb, body_text, get};
use axum::http::StatusCode;
use markkartan_server::db;

#[tokio::test]
async fn distances_and_plan_come_from_the_geometry() {
    let db = TestDb::with_sample().await;
    let id = db.plot_id("Kapellskär 2:14").await;
    let sheet = db::plots::fact_sheet(&db.pool, id).await.unwrap().unwrap();
    assert_eq!(sheet.business_area, "Kapellskär logistikområde");

    // The same distances measured independently, straight from the stored geometry.
    let (e18, port): (f64, f64) = sqlx::query_as(
        "SELECT ST_Distance(p.geom, r.geom), ST_Distance(p.geom, h.geom)
           FROM plots p, roads r, ports h
          WHERE p.id = $1 AND r.road_number = 'E18' AND h.name = 'Kapellskärs hamn'",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(sheet.distances.e18_m, Some(e18));
    let (port_name, port_m) = sheet.distances.nearest_port.clone().unwrap();
    assert_eq!((port_name.as_str(), port_m), ("Kapellskärs hamn", port));
    // A plot in the Kapellskär logistics area lies within a few kilometres of the port.
    assert!(port_m < 5_000.0, "{port_m} m to the port");
    let (centre, _) = sheet.distances.nearest_locality.clone().unwrap();
    assert_eq!(centre, "Kapellskär");

    // Every sample plot lies in a published detaljplan; its contact is the area's or its own.
    assert!(sheet.plan.is_some(), "Kapellskär 2:14 has a plan");
    assert!(
        sheet.contact.is_some(),
        "Kapellskär 2:14 has a contact person"
    );
    assert!(!sheet.outline.plot_svg_path.is_empty());
    assert!(
        !sheet.outline.neighbours.is_empty(),
        "its neighbours are drawn"
    );
    db.drop_database().await;
}

#[tokio::test]
async fn unpublished_and_unknown_plots_have_no_fact_sheet() {
    let db = TestDb::with_sample().await;
    let id = db.plot_id("Görla 9:11").await;
    sqlx::query("UPDATE plots SET published = false WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(db::plots::fact_sheet(&db.pool, id).await.unwrap(), None);
    let page = get(&db.router(), &format!("/tomt/{id}")).await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    let page = get(&db.router(), "/tomt/999999").await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    let page = get(&db.router(), "/tomt/inte-ett-id").await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    db.drop_database().await;
}

#[tokio::test]
async fn the_page_is_server_rendered_with_preview_tags_and_no_internal_facts() {
    let db = TestDb::with_sample().await;
    let id = db.plot_id("Görla 9:13").await;
    let (notes, holder): (String, String) =
        sqlx::query_as("SELECT internal_notes, reserved_for FROM plots WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let response = get(&db.router(), &format!("/tomt/{id}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = body_text(response).await;
    assert!(html.contains("<html lang=\"sv\""), "Swedish by default");
    assert!(html.contains("<h1 id=\"fact-sheet-heading\">Görla 9:13</h1>"));
    assert!(
        html.contains("property=\"og:title\""),
        "a link preview title"
    );
    assert!(html.contains("property=\"og:description\" content=\"Reserverad tomt om"));
    assert!(html.contains("reserverad till 30 juni 2027"));
    assert!(html.contains("Kapellskärs hamn"), "distance to the port");
    assert!(
        !html.contains(&notes),
        "internal notes never reach the public"
    );
    assert!(!html.contains(&holder), "nor who holds a reservation");

    let english = body_text(get(&db.router(), &format!("/tomt/{id}?lang=en")).await).await;
    assert!(english.contains("<html lang=\"en\""));
    assert!(english.contains("reserved until 30 June 2027"));
    assert!(english.contains("Nearest port"));
    db.drop_database().await;
}

#[tokio::test]
async fn a_shared_link_previews_with_a_picture_of_the_plot() {
    use axum::body::Body;
    use axum::http::Request;
    use resvg::tiny_skia::Pixmap;
    use tower::ServiceExt;

    let db = TestDb::with_sample().await;
    let id = db.plot_id("Kapellskär 2:14").await;
    let page_for_host = async |router: axum::Router, host: &str| {
        let request = Request::get(format!("/tomt/{id}"))
            .header("host", host)
            .body(Body::empty())
            .unwrap();
        body_text(router.oneshot(request).await.unwrap()).await
    };
    // The request's Host names the site only when it is one of the allowed hosts.
    let allowed = db.router_with(|c| c.allowed_hosts = vec!["markkartan.example".into()]);
    let html = page_for_host(allowed.clone(), "markkartan.example").await;
    let image_url = format!("http://markkartan.example/tomt/{id}/bild.png");
    assert!(
        html.contains(&format!("property=\"og:image\" content=\"{image_url}\"")),
        "an absolute og:image URL"
    );
    // Anyone can send a Host: another one never becomes a link the page gives out.
    for router in [allowed, db.router()] {
        let forged = page_for_host(router, "evil.example").await;
        assert!(!forged.contains("evil.example"), "a forged Host is ignored");
        assert!(forged.contains(&format!(
            "content=\"http://127.0.0.1:0/tomt/{id}/bild.png\""
        )));
    }
    let public = db.router_with(|c| c.public_url = Some("https://markkartan.norrtalje.se/".into()));
    let html = page_for_host(public, "evil.example").await;
    assert!(html.contains(&format!(
        "property=\"og:url\" content=\"https://markkartan.norrtalje.se/tomt/{id}\""
    )));
    assert!(html.contains("name=\"twitter:card\" content=\"summary_large_image\""));

    let router = db.router();
    let response = get(&router, &format!("/tomt/{id}/bild.png")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/png");
    let tag = response.headers()["etag"].to_str().unwrap().to_string();
    let bytes = axum::body::to_bytes(response.into_body(), 8 * 1024 * 1024)
        .await
        .unwrap();
    let picture = Pixmap::decode_png(&bytes).expect("a PNG");
    assert_eq!((picture.width(), picture.height()), (1200, 630));
    // The plot is in the middle, tinted blue; the corner is land or a neighbour, grey-beige.
    let centre = picture.pixel(600, 315).unwrap();
    assert!(
        centre.blue() > centre.red() + 40,
        "the plot is highlighted: {centre:?}"
    );
    let corner = picture.pixel(2, 2).unwrap();
    assert!(corner.red() > 200 && corner.green() > 200, "{corner:?}");

    // Asked again with its tag, nothing is drawn or sent: 304. Drawn once, it is kept.
    let again = |if_none_match: &str| {
        let router = router.clone();
        let request = axum::http::Request::get(format!("/tomt/{id}/bild.png"))
            .header("if-none-match", if_none_match)
            .body(axum::body::Body::empty())
            .unwrap();
        async move { tower::ServiceExt::oneshot(router, request).await.unwrap() }
    };
    let unchanged = again(&tag).await;
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(unchanged.headers()["etag"], tag.as_str());
    let kept = again("\"another\"").await;
    assert_eq!(kept.status(), StatusCode::OK);
    assert_eq!(kept.headers()["etag"], tag.as_str());
    // A change on its map (a neighbour sold) is another picture with another tag.
    sqlx::query(
        "UPDATE plots SET status = 'sold' WHERE id <> $1
            AND ST_DWithin(geom, (SELECT geom FROM plots WHERE id = $1), 100)",
    )
    .bind(id)
    .execute(&db.pool)
    .await
    .unwrap();
    let changed = again(&tag).await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(changed.headers()["etag"], tag.as_str());

    let missing = get(&router, "/tomt/999999/bild.png").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    db.drop_database().await;
}

#[tokio::test]
async fn the_english_page_shows_what_staff_wrote_in_english_and_marks_the_swedish_fallback() {
    let db = TestDb::with_sample().await;
    // Görla's plots have an English description in the sample; Rimbo's have none.
    let gorla = db.plot_id("Görla 9:13").await;
    let html = body_text(get(&db.router(), &format!("/tomt/{gorla}?lang=en")).await).await;
    assert!(
        html.contains(
            "<p class=\"fact-sheet-description\">A level plot in the Görla business area."
        ),
        "the English description: {}",
        &html[html.find("fact-sheet-description").unwrap_or(0)..][..200]
    );
    assert!(
        html.contains("Land and development engineer") || html.contains("Head of land development")
    );
    let swedish = body_text(get(&db.router(), &format!("/tomt/{gorla}")).await).await;
    assert!(
        swedish
            .contains("<p class=\"fact-sheet-description\">Plan tomt i Görla verksamhetsområde.")
    );

    let rimbo = db.plot_id("Rimbo 3:13").await;
    let html = body_text(get(&db.router(), &format!("/tomt/{rimbo}?lang=en")).await).await;
    assert!(
        html.contains("<p lang=\"sv\" class=\"fact-sheet-description\">Plan tomt i Rimbo"),
        "the Swedish text, marked as Swedish: {}",
        &html[html.find("fact-sheet-description").unwrap_or(40) - 40..][..200]
    );
    db.drop_database().await;
}

#[tokio::test]
async fn a_plot_whose_plan_is_not_in_force_says_so_and_a_passed_forecast_is_not_upcoming() {
    let db = TestDb::with_sample().await;
    // A published plot under a published plan on its way (not laga kraft, not cancelled).
    let (id, designation, plan): (i64, String, i64) = sqlx::query_as(
        "SELECT p.id, p.designation, d.id FROM plots p JOIN published_plans d
             ON ST_Area(ST_Intersection(d.geom, p.geom)) > 0.5 * p.area_m2
          WHERE p.published AND p.status <> 'sold' AND d.stage NOT IN ('laga_kraft', 'upphavd')
          ORDER BY p.designation LIMIT 1",
    )
    .fetch_one(&db.pool)
    .await
    .expect("the sample has a plot under a plan on its way");
    // Its coming into force is expected next spring.
    sqlx::query(
        "INSERT INTO detailed_plan_stage_dates (detailed_plan_id, stage, date, expected)
         VALUES ($1, 'laga_kraft', (now() + interval '120 days')::date, true)
         ON CONFLICT (detailed_plan_id, stage) DO UPDATE SET date = EXCLUDED.date, expected = true",
    )
    .bind(plan)
    .execute(&db.pool)
    .await
    .unwrap();
    let router = db.router();
    let sheet = body_text(get(&router, &format!("/tomt/{id}")).await).await;
    assert!(
        sheet.contains("Tillgänglig när detaljplanen vunnit laga kraft, väntas"),
        "{sheet}"
    );
    let list = body_text(get(&router, "/tomter").await).await;
    let row = list
        .split(&format!("data-plot-id=\"{id}\""))
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .unwrap_or_default();
    assert!(
        row.contains("Tillgänglig när detaljplanen vunnit laga kraft"),
        "{designation}: {row}"
    );
    // A plot under a plan in force says nothing of the kind.
    let in_force: i64 = sqlx::query_scalar(
        "SELECT p.id FROM plots p JOIN published_plans d
             ON ST_Area(ST_Intersection(d.geom, p.geom)) > 0.5 * p.area_m2
          WHERE p.published AND d.stage = 'laga_kraft' ORDER BY p.designation LIMIT 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let sheet = body_text(get(&router, &format!("/tomt/{in_force}")).await).await;
    assert!(!sheet.contains("vunnit laga kraft"));

    // A forecast whose date has passed is no longer upcoming: not in the timeline, and said so.
    sqlx::query(
        "UPDATE detailed_plan_stage_dates SET date = (now() - interval '30 days')::date
          WHERE detailed_plan_id = $1 AND expected",
    )
    .bind(plan)
    .execute(&db.pool)
    .await
    .unwrap();
    let plans = body_text(get(&router, "/planer").await).await;
    let plan_id: String = sqlx::query_scalar("SELECT plan_id FROM published_plans WHERE id = $1")
        .bind(plan)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let coming_up = plans
        .split("coming-up-heading")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap_or_default();
    assert!(
        !coming_up.contains(&format!("data-plan-id=\"{plan_id}\"")),
        "{coming_up}"
    );
    assert!(plans.contains("prognos som passerat"));
    let sheet = body_text(get(&router, &format!("/tomt/{id}")).await).await;
    assert!(sheet.contains("Tillgänglig när detaljplanen vunnit laga kraft."));
    db.drop_database().await;
}
