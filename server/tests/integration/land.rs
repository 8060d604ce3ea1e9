//! The real map underneath: OpenStreetMap's land as SVG tiles for the interactive maps, drawn
//! inline on the small maps and the preview picture, with its attribution; the local streets.

use crate::common::{TestDb, body_text, count, get, send, session};
use axum::http::StatusCode;
use markkartan_app::domain::Role;
use resvg::tiny_skia::Pixmap;
use tower::ServiceExt;

/// The XYZ tile (Web Mercator) that holds a WGS 84 point at zoom `z`.
fn tile_at(lon: f64, lat: f64, z: u32) -> (u32, u32) {
    let n = f64::from(1u32 << z);
    let x = (lon + 180.0) / 360.0 * n;
    let lat = lat.to_radians();
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * n;
    (x.floor() as u32, y.floor() as u32)
}

async fn tile(db: &TestDb, z: u32, (x, y): (u32, u32)) -> (StatusCode, String, String) {
    let response = get(&db.router(), &format!("/tiles/land/{z}/{x}/{y}.svg")).await;
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, kind, body_text(response).await)
}

#[tokio::test]
async fn land_tiles_draw_the_coast_and_the_municipality_and_leave_the_sea_empty() {
    let db = TestDb::with_sample().await;
    // Norrtälje town: the municipality's own land, and no other land under it (two layers
    // cut by the tile's edge would show a hairline where tiles meet).
    let (status, kind, svg) = tile(&db, 12, tile_at(18.70, 59.76, 12)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "image/svg+xml");
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-2 -2 516 516\">"),
        "{svg:.200}"
    );
    assert!(
        svg.contains("<path fill=\"#f7f5ee\" d=\"M"),
        "the municipality's land: {svg:.300}"
    );
    assert!(!svg.contains("#e6e3da"), "no land under it: {svg:.300}");
    // West of the municipality (Uppsala's): land, greyer.
    let (_, _, outside) = tile(&db, 12, tile_at(17.90, 59.90, 12)).await;
    assert!(
        outside.contains("<path fill=\"#e6e3da\" d=\"M"),
        "land: {outside:.300}"
    );
    assert!(!outside.contains("#f7f5ee"), "{outside:.300}");
    // Open sea between Sweden and Åland: nothing to draw.
    let (status, _, svg) = tile(&db, 12, tile_at(19.55, 59.45, 12)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!svg.contains("<path"), "{svg}");
    // The overview's tiles stay light: the land is simplified to the tile's pixels.
    let (_, _, overview) = tile(&db, 8, tile_at(18.7, 59.8, 8)).await;
    assert!(overview.contains("<path"));
    assert!(
        overview.len() < 120_000,
        "an overview tile is {} bytes",
        overview.len()
    );
    // Drawn once, then kept: the same picture again without asking PostGIS.
    let router = db.router();
    let at = tile_at(18.7, 59.8, 8);
    let path = format!("/tiles/land/8/{}/{}.svg", at.0, at.1);
    let first = get(&router, &path).await;
    assert_eq!(first.headers()["x-tile-cache"], "miss");
    let again = get(&router, &path).await;
    assert_eq!(again.headers()["x-tile-cache"], "hit");
    assert_eq!(again.headers()["cache-control"], "public, max-age=86400");
    let etag = again.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(body_text(again).await, overview);
    // A browser that has it is told it has not changed; one that takes brotli gets it so,
    // compressed when it was kept, not for each request.
    assert_eq!(
        crate::ogc_tiles::fetch(&router, &path, Some(etag.as_str()))
            .await
            .status(),
        StatusCode::NOT_MODIFIED
    );
    let compressed = router
        .clone()
        .oneshot(
            axum::http::Request::get(&path)
                .header("accept-encoding", "gzip, deflate, br, zstd")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(compressed.headers()["content-encoding"], "br");
    assert_ne!(
        compressed.headers()["etag"],
        etag.as_str(),
        "an ETag of its own"
    );
    // Tiles that do not exist.
    for path in [
        "/tiles/land/1/2/0.svg",
        "/tiles/land/1/0/2.svg",
        "/tiles/land/21/0/0.svg",
        "/tiles/land/3/0/0.png",
        "/tiles/land/3/0/%3Cscript%3E.svg",
        "/tiles/land/x/0/0.svg",
    ] {
        assert_eq!(
            get(&db.router(), path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    db.drop_database().await;
}

#[tokio::test]
async fn the_map_page_draws_land_tiles_streets_and_names_its_source() {
    let db = TestDb::with_sample().await;
    let html = body_text(get(&db.router(), "/").await).await;
    assert!(
        html.contains("href=\"/tiles/land/"),
        "the land tiles are drawn"
    );
    assert!(html.contains("© OpenStreetMap-bidragsgivare (ODbL)"));
    // The main roads carry their numbers as signposted, at the overview already.
    for sign in ["E18", "76", "77"] {
        assert!(
            html.contains(&format!(">{sign}</tspan>")),
            "road {sign} is numbered on the map"
        );
    }
    assert!(html.contains("label-road"));
    // A scale bar sits in the map's corner.
    assert!(html.contains("class=\"scale-bar\""));
    // Every street is drawn; its name is written at plot scale (the names are placed per
    // view, so the overview has none).
    let streets: i64 = count(&db.pool, "SELECT count(*) FROM streets").await;
    assert!(streets >= 7);
    let layer = &html[html.find("class=\"layer-streets\"").unwrap()..];
    let layer = &layer[..layer.find("</g>").unwrap()];
    assert_eq!(layer.matches("<path d=\"M").count() as i64, streets);
    assert!(
        !html.contains(">Görla industriväg</tspan>"),
        "no street names at the overview"
    );
    let (x, y, w, h): (f64, f64, f64, f64) = sqlx::query_as(
        "SELECT ST_XMin(e) - 200, -ST_YMax(e) - 200, ST_XMax(e) - ST_XMin(e) + 400, ST_YMax(e) - ST_YMin(e) + 400
           FROM (SELECT ST_Extent(ST_Transform(geom, 3857))::geometry AS e FROM streets WHERE name = 'Görla industriväg') s",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let street_scale =
        body_text(get(&db.router(), &format!("/?vy={x:.0},{y:.0},{w:.0},{h:.0}")).await).await;
    assert!(
        street_scale.contains(">Görla industriväg</tspan>"),
        "the street is named at plot scale"
    );
    let english = body_text(get(&db.router(), "/?lang=en").await).await;
    assert!(english.contains("© OpenStreetMap contributors (ODbL)"));
    // The accessibility statement names the map's sources and their licence.
    let statement = body_text(get(&db.router(), "/tillganglighet").await).await;
    assert!(statement.contains("OpenStreetMap"));
    assert!(statement.contains("Open Database License (ODbL)"));
    // With a raster base map configured, it is drawn instead of the land tiles.
    let with_basemap = db.router_with(|c| {
        c.basemap_url = Some("https://tiles.example/{z}/{x}/{y}.png".into());
        c.basemap_attribution = "© Exempel".into();
    });
    let html = body_text(get(&with_basemap, "/").await).await;
    assert!(html.contains("href=\"https://tiles.example/"));
    assert!(!html.contains("href=\"/tiles/land/"));
    assert!(!html.contains("map-coast-note"));
    // A WMTS template (Lantmäteriet's form) is read as XYZ; closer than its last zoom level
    // its tiles are drawn larger.
    let wmts = db.router_with(|c| {
        c.basemap_url = Some(
            "https://wmts.example/1.0.0/topowebb/default/3857/{TileMatrix}/{TileRow}/{TileCol}.png"
                .into(),
        );
        c.basemap_max_zoom = 6;
    });
    let html = body_text(get(&wmts, "/?vy=2077000,-8349000,5000,3000").await).await;
    assert!(html.contains("href=\"https://wmts.example/1.0.0/topowebb/default/3857/6/"));
    assert!(!html.contains("{TileMatrix}"));
    db.drop_database().await;
}

#[tokio::test]
async fn a_coastal_plots_small_map_and_preview_show_land_and_sea() {
    let db = TestDb::with_sample().await;
    // The published plot closest to the coast.
    let id = count(
        &db.pool,
        "SELECT p.id FROM plots p, (SELECT ST_Boundary(ST_Union(geom)) AS coast FROM land) c
          WHERE p.published ORDER BY ST_Distance(p.geom, c.coast) LIMIT 1",
    )
    .await;
    let html = body_text(get(&db.router(), &format!("/tomt/{id}")).await).await;
    assert!(
        html.contains("\" class=\"land\"></path>")
            && html.find("class=\"land\"") < html.find("class=\"neighbour"),
        "the small map draws the land: {}",
        &html[html.find("small-map").unwrap_or(0)..][..600]
    );

    let response = get(&db.router(), &format!("/tomt/{id}/bild.png")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(response.into_body(), 8 * 1024 * 1024)
        .await
        .unwrap();
    let picture = Pixmap::decode_png(&bytes).expect("a PNG");
    let (mut sea, mut land) = (0, 0);
    for pixel in picture.pixels() {
        let (r, g, b) = (pixel.red(), pixel.green(), pixel.blue());
        if (195..=215).contains(&r) && (215..=235).contains(&g) && (228..=245).contains(&b) {
            sea += 1;
        } else if r > 240 && g > 238 && b > 230 {
            land += 1;
        }
    }
    let all = picture.pixels().len();
    assert!(sea * 50 > all, "sea on {sea} of {all} pixels");
    assert!(land * 50 > all, "land on {land} of {all} pixels");
    db.drop_database().await;
}

#[tokio::test]
async fn a_small_map_draws_and_names_the_streets_and_roads_in_view() {
    let db = TestDb::with_sample().await;
    let id = count(
        &db.pool,
        "SELECT id FROM plots WHERE designation = 'Görla 9:12'",
    )
    .await;
    let html = body_text(get(&db.router(), &format!("/tomt/{id}")).await).await;
    let map = &html[html.find("class=\"small-map\"").unwrap()..];
    let map = &map[..map.find("</svg>").unwrap()];
    assert!(map.contains("class=\"small-line\""), "the street is drawn");
    assert!(
        map.contains(">Görla industriväg</text>"),
        "and named on the small map"
    );
    db.drop_database().await;
}

/// The editors' maps (a plot's outline, a planner's new area) draw and name the roads and
/// streets over their land: a planner places an area by them.
#[tokio::test]
async fn the_editors_maps_draw_and_name_the_roads_and_streets() {
    let db = TestDb::with_sample().await;
    let router = db.router();
    let id = db.plot_id("Görla 9:12").await;
    let (staff, _) = session(&db, Role::Staff).await;
    let (planner, _) = session(&db, Role::Planner).await;
    // The plot's map opens close in: Görla industriväg runs past, its name out of view until
    // zoomed out. The planner's new area opens at a town, on the E18.
    for (token, path, name) in [
        (&staff, format!("/personal/tomt/{id}"), None),
        (
            &planner,
            "/personal/framtida-omrade/ny".to_string(),
            Some("E18"),
        ),
    ] {
        let response = send(&router, "GET", &path, Some(token.as_str()), None).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let html = body_text(response).await;
        let map = &html[html.find("class=\"edit-map\"").expect(&path)..];
        let map = &map[..map.find("</svg>").unwrap()];
        assert!(
            map.contains("class=\"edit-map-line\""),
            "{path}: lines are drawn"
        );
        if let Some(name) = name {
            assert!(
                map.contains(&format!(">{name}</tspan>")),
                "{path}: {name} is named"
            );
        }
    }
    db.drop_database().await;
}
