//! The public map costs what is in view: its first HTML carries the plots around the view it
//! opens on, or only the business areas' markers where the plots are too many to draw, and the
//! map asks for the plots around each new view.

use std::collections::HashSet;

use axum::http::StatusCode;
use markkartan_app::domain::{InView, MAX_OVERVIEW_PLOTS, ViewBox};

use crate::common::{TestDb, body_text, count, get, router, send};

/// The plot links a map page draws (each is `<a href="/?tomt=ID" …>`).
fn plot_links(page: &str) -> usize {
    page.matches("href=\"/?tomt=").count()
}

/// What the map asks as it moves: the view and the map units a pixel covers.
async fn in_view(router: &axum::Router, vy: &str, px: &str) -> (StatusCode, String) {
    let response = send(
        router,
        "POST",
        "/api/in-view",
        None,
        Some(vec![("vy".into(), vy.into()), ("px".into(), px.into())]),
    )
    .await;
    (response.status(), body_text(response).await)
}

/// A view of `width` map units, as wide as a laptop's map is high, centred on a plot.
async fn view_around(db: &TestDb, id: i64, width: f64) -> ViewBox {
    let (x, y): (f64, f64) = sqlx::query_as(
        "SELECT ST_X(ST_Centroid(web_geom)), -ST_Y(ST_Centroid(web_geom)) FROM plots WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    ViewBox {
        x: 0.0,
        y: 0.0,
        width,
        height: width * 0.6,
    }
    .centred_on(x, y)
}

/// The ids of the published plots that meet the region as `relation` says (ST_Intersects for
/// the outline, `&&` for its bounding box).
async fn ids_in(db: &TestDb, region: ViewBox, relation: &str) -> HashSet<i64> {
    let region_sql = "ST_MakeEnvelope($1, -($2 + $4), $1 + $3, -$2, 3857)";
    let condition = match relation {
        "&&" => format!("web_geom && {region_sql}"),
        function => format!("{function}(web_geom, {region_sql})"),
    };
    sqlx::query_scalar::<_, i64>(&format!(
        "SELECT id FROM plots WHERE published AND {condition}"
    ))
    .bind(region.x)
    .bind(region.y)
    .bind(region.width)
    .bind(region.height)
    .fetch_all(&db.pool)
    .await
    .unwrap()
    .into_iter()
    .collect()
}

#[tokio::test]
async fn the_map_carries_the_plots_in_view_or_markers_where_they_are_too_many() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let published = count(&db.pool, "SELECT count(*) FROM plots WHERE published").await;
    assert!(published <= MAX_OVERVIEW_PLOTS);

    // The sample alone is few enough to draw at the overview: every published plot is a link.
    let page = body_text(get(&router, "/").await).await;
    assert_eq!(plot_links(&page) as i64, published);
    assert!(!page.contains(" aggregated"));

    // A municipality's worth of plots: the overview carries the markers with their counts.
    markkartan_server::generate::synthetic_plots(&db.pool, 1_000)
        .await
        .unwrap();
    let page = body_text(get(&router, "/").await).await;
    assert_eq!(plot_links(&page), 0, "no plot is drawn at the overview");
    assert!(page.contains("map-canvas overview aggregated"));
    let synthetic: (i64, i64) = sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE p.status = 'available')
           FROM plots p JOIN business_areas a ON a.id = p.business_area_id
          WHERE p.published AND a.name = (SELECT a.name FROM plots p JOIN business_areas a
                                           ON a.id = p.business_area_id ORDER BY p.id DESC LIMIT 1)",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let said = format!(
        "{} tomter, {} tillgängliga",
        markkartan_app::domain::format_integer(synthetic.0, markkartan_app::domain::Lang::Sv),
        markkartan_app::domain::format_integer(synthetic.1, markkartan_app::domain::Lang::Sv)
    );
    assert!(
        page.contains(&said),
        "the marker and the zoom list say {said}"
    );
    // The first HTML is a small fraction of what the plots would be.
    assert!(
        page.len() < 250_000,
        "the overview's page is {} bytes",
        page.len()
    );

    // Closer in: the plots around the view, every one that meets the region and none that is
    // unpublished.
    let plot: i64 =
        sqlx::query_scalar("SELECT id FROM plots WHERE published ORDER BY id DESC LIMIT 1")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let view = view_around(&db, plot, 1_500.0).await;
    let region = InView::region_for(view);
    let hidden: i64 = sqlx::query_scalar(
        "UPDATE plot_records SET published = false
          WHERE id = (SELECT id FROM plots WHERE published AND id <> $1
                         AND web_geom && ST_MakeEnvelope($2, -($3 + $5), $2 + $4, -$3, 3857)
                       ORDER BY id LIMIT 1)
          RETURNING id",
    )
    .bind(plot)
    .bind(region.x)
    .bind(region.y)
    .bind(region.width)
    .bind(region.height)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let (status, body) = in_view(&router, &view.to_param(), "1.5").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let answer: InView = serde_json::from_str(&body).unwrap();
    assert!(!answer.aggregated);
    let sent: HashSet<i64> = answer.plots.iter().map(|p| p.id).collect();
    let meets = ids_in(&db, region, "ST_Intersects").await;
    let boxes_meet = ids_in(&db, region, "&&").await;
    assert!(sent.contains(&plot));
    assert!(meets.is_subset(&sent), "every plot in the region is sent");
    assert!(
        sent.is_subset(&boxes_meet),
        "only plots near the region are sent"
    );
    assert!(!sent.contains(&hidden), "an unpublished plot is never sent");
    assert!((sent.len() as i64) < published + 1_000, "not every plot");

    // Zoomed out again, the answer is the markers' alone.
    let overview = view_around(&db, plot, 120_000.0).await;
    let (_, body) = in_view(&router, &overview.to_param(), "120").await;
    let answer: InView = serde_json::from_str(&body).unwrap();
    assert!(answer.aggregated && answer.plots.is_empty());

    // A link to a plot opens on its business area with the plot drawn.
    let page = body_text(get(&router, &format!("/?tomt={plot}")).await).await;
    assert!(page.contains(&format!("href=\"/?tomt={plot}\"")));
    assert!(plot_links(&page) > 0 && !page.contains(" aggregated"));

    // A view that cannot be read is refused, naming it.
    for bad in ["", "1,2,3", "a,b,c,d", "0,0,1e12,1", "0,0,NaN,5"] {
        let (status, body) = in_view(&router, bad, "1").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad:?}: {body}");
        assert!(body.contains("vy"), "{body}");
    }
    // Finer than any screen shows (8,192 pixels across the view) would ask for megabytes of
    // detail: refused as well.
    let too_fine = (view.width.max(view.height) / 10_000.0).to_string();
    for bad in ["0", "-1", "1e9", "NaN", "inf", &too_fine] {
        let (status, body) = in_view(&router, &view.to_param(), bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad:?}: {body}");
        assert!(body.contains("px"), "{body}");
    }
    db.drop_database().await;
}

/// The roads and streets the map draws are made when their lines are written (migration 0028),
/// not on each request: a change to the tables is what the next map shows, in one statement.
#[tokio::test]
async fn the_roads_and_streets_drawn_follow_their_tables() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let map_data = || async {
        let response = send(
            &router,
            "POST",
            "/api/map-data",
            None,
            Some(vec![("with_plans".into(), "false".into())]),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        body_text(response).await
    };
    // The server's connections compile no query (db::connect_options): JIT compilation cost
    // 170 ms on each of these few-row queries.
    let jit: String = sqlx::query_scalar("SHOW jit")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(jit, "off");
    let before = map_data().await;
    assert!(before.contains("\"Logistikvägen\"") && before.contains("\"Rv 77\""));

    sqlx::query("UPDATE streets SET name = 'Nya verkstadsgatan' WHERE name = 'Logistikvägen'")
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM roads WHERE road_number = 'Rv 77'")
        .execute(&db.pool)
        .await
        .unwrap();
    let after = map_data().await;
    assert!(!after.contains("\"Logistikvägen\"") && after.contains("\"Nya verkstadsgatan\""));
    assert!(!after.contains("\"Rv 77\"") && after.contains("\"Rv 76\""));
    db.drop_database().await;
}

/// The available plots a business area's marker counts, as the map's first HTML carries it.
async fn available_in(catalog: &markkartan_server::catalog::DbCatalog, area: &str) -> u32 {
    use markkartan_app::public::catalog::Catalog;
    let data = catalog
        .map_data(&markkartan_app::domain::MapOpening::default(), false)
        .await
        .unwrap();
    data.business_areas
        .iter()
        .find(|a| a.name == area)
        .map(|a| a.available)
        .unwrap()
}

#[tokio::test]
async fn the_business_areas_markers_follow_every_change_to_their_plots_on_every_instance() {
    let db = TestDb::with_sample().await;
    // Two servers' catalogs on one database: the summaries are kept by each until a change
    // is announced, whichever server (or anyone else) made it.
    let catalog = || markkartan_server::catalog::DbCatalog {
        pool: db.pool.clone(),
        basemap: None,
        interest_retention_months: 24,
        changes: Default::default(),
        summaries: Default::default(),
    };
    let (one, other) = (catalog(), catalog());
    let area = "Görla verksamhetsområde";
    let before = available_in(&one, area).await;
    assert_eq!(available_in(&other, area).await, before);
    // Kept now (both hear the announcements once they listen).
    let started = std::time::Instant::now();
    while !(one.changes.is_listening() && other.changes.is_listening()) {
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        available_in(&one, area).await;
        available_in(&other, area).await;
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    sqlx::query(
        "UPDATE plot_records SET status = 'sold'
          WHERE id = (SELECT p.id FROM plots p JOIN business_areas a ON a.id = p.business_area_id
                       WHERE a.name = $1 AND p.status = 'available' AND p.published
                       ORDER BY p.id LIMIT 1)",
    )
    .bind(area)
    .execute(&db.pool)
    .await
    .unwrap();
    for catalog in [&one, &other] {
        let started = std::time::Instant::now();
        while available_in(catalog, area).await != before - 1 {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(10),
                "the marker still counts the sold plot"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
    db.drop_database().await;
}
