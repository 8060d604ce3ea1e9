//! The HTTP API against the real PostGIS with the sample data.

use crate::common::{TestDb, admin_connection, body_text, get};
use axum::http::StatusCode;
use geo::{GeodesicArea, Polygon};

#[tokio::test]
async fn plots_are_rfc7946_geojson_whose_areas_match_postgis() {
    let db = TestDb::with_sample().await;
    let response = get(&db.router(), "/api/plots").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/geo+json");
    let body = body_text(response).await;
    let collection = match body.parse::<geojson::GeoJson>().expect("valid GeoJSON") {
        geojson::GeoJson::FeatureCollection(collection) => collection,
        other => panic!("not a FeatureCollection: {other:?}"),
    };
    let published: i64 = sqlx::query_scalar("SELECT count(*) FROM plots WHERE published")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(published >= 40);
    assert_eq!(collection.features.len() as i64, published);

    for feature in &collection.features {
        let properties = feature.properties.as_ref().unwrap();
        let designation = properties["designation"].as_str().unwrap();
        assert!(
            properties.get("internal_notes").is_none(),
            "internal notes never leave the server"
        );
        let polygon: Polygon = feature
            .geometry
            .clone()
            .unwrap()
            .try_into()
            .expect("a polygon");
        // RFC 7946: longitude first. Norrtälje kommun lies around 18–19.3 E, 59.5–60.3 N.
        for c in polygon.exterior().coords() {
            assert!(
                (18.0..19.4).contains(&c.x) && (59.5..60.3).contains(&c.y),
                "{designation}: {c:?}"
            );
        }
        // The right-hand rule: a counter-clockwise exterior ring has a positive signed area.
        let geodesic = polygon.geodesic_area_signed();
        assert!(geodesic > 0.0, "{designation}: exterior ring is clockwise");
        // The area PostGIS computed in SWEREF 99 18 00 agrees with the ellipsoidal area of the
        // WGS 84 polygon the API returned, to within 0.1 %.
        let stated = properties["area_m2"].as_f64().unwrap();
        assert!(
            ((geodesic - stated) / stated).abs() < 0.001,
            "{designation}: API says {stated} m², the polygon measures {geodesic} m²"
        );
        let stored: f64 = sqlx::query_scalar("SELECT area_m2 FROM plots WHERE designation = $1")
            .bind(designation)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert!(
            (stored - stated).abs() <= 0.05,
            "{designation}: stored {stored}, API {stated}"
        );
    }
    db.drop_database().await;
}

#[tokio::test]
async fn unpublished_plots_are_not_in_the_api() {
    let db = TestDb::with_sample().await;
    sqlx::query("UPDATE plots SET published = false WHERE designation = 'Görla 9:11'")
        .execute(&db.pool)
        .await
        .unwrap();
    let body = body_text(get(&db.router(), "/api/plots").await).await;
    assert!(!body.contains("Görla 9:11"));
    assert!(body.contains("Görla 9:12"));
    db.drop_database().await;
}

#[tokio::test]
async fn healthz_is_503_while_the_database_is_down_and_recovers() {
    let db = TestDb::migrated().await;
    let router = db.router();
    assert_eq!(get(&router, "/healthz").await.status(), StatusCode::OK);

    // Take the database away: refuse new connections and end the open ones.
    let mut admin = admin_connection().await;
    sqlx::query(&format!(
        "ALTER DATABASE {} WITH ALLOW_CONNECTIONS false",
        db.name
    ))
    .execute(&mut admin)
    .await
    .unwrap();
    sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1")
        .bind(&db.name)
        .execute(&mut admin)
        .await
        .unwrap();
    let down = get(&router, "/healthz").await;
    assert_eq!(down.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(body_text(down).await.contains("unreachable"));

    sqlx::query(&format!(
        "ALTER DATABASE {} WITH ALLOW_CONNECTIONS true",
        db.name
    ))
    .execute(&mut admin)
    .await
    .unwrap();
    // Back within moments: the first request may still find the pool's old connection, or wait
    // longer than a request may for a new one on a machine busy with the other tests.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while get(&router, "/healthz").await.status() != StatusCode::OK {
        assert!(
            std::time::Instant::now() < deadline,
            "/healthz did not answer 200 within 10 s of the database's return"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    db.drop_database().await;
}

#[tokio::test]
async fn the_map_page_is_server_rendered_with_every_published_plot() {
    let db = TestDb::with_sample().await;
    let response = get(&db.router(), "/").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = body_text(response).await;
    let plots: i64 = sqlx::query_scalar("SELECT count(*) FROM plots WHERE published")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(html.matches("data-plot-id=").count() as i64, plots);
    assert!(html.contains("<html lang=\"sv\""));
    assert!(html.contains("aria-label=\"Görla 9:11, "));
    // The hydration script and styles come from the app itself.
    assert!(html.contains("/pkg/markkartan.js"));
    assert!(html.contains("/style/main.css"));
    assert!(
        !html.contains("Intern anteckning"),
        "internal notes never reach a public page"
    );
    db.drop_database().await;
}

#[tokio::test]
async fn a_selected_plot_is_rendered_with_its_panel() {
    let db = TestDb::with_sample().await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM plots WHERE designation = 'Görla 9:11'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let html = body_text(get(&db.router(), &format!("/?tomt={id}")).await).await;
    assert!(
        html.contains(&format!(
            "id=\"plot-panel-heading\" tabindex=\"-1\" data-plot-id=\"{id}\">Görla 9:11</h2>"
        )),
        "{html}"
    );
    db.drop_database().await;
}

#[tokio::test]
async fn an_unknown_page_is_404() {
    let db = TestDb::migrated().await;
    assert_eq!(
        get(&db.router(), "/finns-inte").await.status(),
        StatusCode::NOT_FOUND
    );
    db.drop_database().await;
}

#[tokio::test]
async fn a_configured_base_map_is_drawn_under_the_plots_with_its_attribution() {
    let db = TestDb::with_sample().await;
    let mut config = crate::common::test_config(&db.url);
    config.basemap_url = Some("https://tiles.example/{z}/{x}/{y}.png".into());
    config.basemap_attribution = "© Exempelkartor".into();
    let router = markkartan_server::http::router(&config, db.pool.clone());
    let html = body_text(get(&router, "/").await).await;
    let tiles = html.matches("<image href=\"https://tiles.example/").count();
    assert!(tiles >= 1, "no base map tiles in the page");
    assert!(html.contains("© Exempelkartor"));
    // Without a base map the page has no raster tiles and no base map attribution: the map
    // stands on its own land tiles (land.rs).
    let plain = body_text(get(&db.router(), "/").await).await;
    assert!(!plain.contains("tiles.example"));
    assert!(!plain.contains("Bakgrundskarta"));
    assert!(plain.contains("<image href=\"/tiles/land/"));
    db.drop_database().await;
}

/// Where a plot's name goes on the map is stored when its outline is written (not worked out
/// for every page): after the outline changes, the map names the plot inside the new outline,
/// at the centre of the largest circle that fits there.
#[tokio::test]
async fn a_plots_name_on_the_map_follows_its_outline_when_it_changes() {
    let db = TestDb::with_sample().await;
    let label_of = |plots: &[markkartan_app::domain::MapPlot]| {
        let plot = plots
            .iter()
            .find(|p| p.designation == "Görla 9:11")
            .unwrap();
        (plot.label_x, plot.label_y, plot.label_height)
    };
    // Every plot: a box around the whole of Web Mercator.
    let whole_world = markkartan_app::domain::ViewBox {
        x: -2.1e7,
        y: -2.1e7,
        width: 4.2e7,
        height: 4.2e7,
    };
    let before = label_of(
        &markkartan_server::db::plots::published_for_map(&db.pool, whole_world)
            .await
            .unwrap(),
    );
    // The plot's western third: inside the old outline, so no neighbour is overlapped.
    sqlx::query(
        "UPDATE plot_records SET geom = ST_Intersection(geom, ST_MakeEnvelope(
                ST_XMin(geom), ST_YMin(geom),
                ST_XMin(geom) + (ST_XMax(geom) - ST_XMin(geom)) / 3, ST_YMax(geom), 3011))
          WHERE designation = 'Görla 9:11'",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    let after = label_of(
        &markkartan_server::db::plots::published_for_map(&db.pool, whole_world)
            .await
            .unwrap(),
    );
    assert_ne!(before, after);
    let (inside, x, y, radius): (bool, f64, f64, f64) = sqlx::query_as(
        "SELECT ST_Contains(ST_Transform(geom, 3857), ST_SetSRID(ST_MakePoint($1, -$2), 3857)),
                ST_X(c.center), -ST_Y(c.center), c.radius
           FROM plots, ST_MaximumInscribedCircle(ST_Transform(geom, 3857)) AS c
          WHERE designation = 'Görla 9:11'",
    )
    .bind(after.0)
    .bind(after.1)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(inside, "the name is outside the new outline");
    // Sent to a decimetre.
    assert!((x - after.0).abs() <= 0.05 && (y - after.1).abs() <= 0.05);
    assert!((2.0 * radius - after.2).abs() <= 0.05);
    // Stored with the outline, by PostgreSQL itself: no way of writing a plot can skip it.
    let generated: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM information_schema.columns
          WHERE table_name = 'plot_records' AND is_generated = 'ALWAYS'
            AND column_name IN ('web_geom', 'label_center', 'label_radius')",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(generated, 3);
    db.drop_database().await;
}
