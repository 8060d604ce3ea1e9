//! OGC API – Tiles at `/ogc/collections/{id}/tiles` against the real server and database: the
//! tileset documents and TileJSON, vector tiles with the public fields only, 204 for an empty
//! tile, ETags and 304, and the cache: an edit empties exactly the tiles it touched, on a second
//! server instance on the same database too (LISTEN/NOTIFY); the pages of items of the same
//! layers are kept the same way.

use std::time::{Duration, Instant};

use axum::{
    Router,
    body::Body,
    http::{Request, Response, StatusCode, header},
};
use markkartan_app::domain::{PlotEditForm, Role};
use markkartan_server::{db, workspace};
use serde_json::Value;
use tower::ServiceExt;

use crate::common::{TestDb, body_text, session, tile_of_plot};

pub(crate) async fn fetch(
    router: &Router,
    path: &str,
    if_none_match: Option<&str>,
) -> Response<Body> {
    let mut request = Request::get(path);
    if let Some(tag) = if_none_match {
        request = request.header(header::IF_NONE_MATCH, tag);
    }
    router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

pub(crate) async fn bytes(response: Response<Body>) -> Vec<u8> {
    axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The zoom-14 tile (column, row) under a plot's middle.
async fn tile_of(db: &TestDb, designation: &str) -> (i64, i64) {
    tile_of_plot(db, db.plot_id(designation).await, 14).await
}

fn plots_tile((x, y): (i64, i64)) -> String {
    format!("/ogc/collections/plots/tiles/WebMercatorQuad/14/{y}/{x}")
}

/// Browsers take brotli and gzip: a tile is sent compressed as the client takes it, the same
/// tile once unpacked, with an ETag of its own for each encoding (a cache on the way must not
/// hand one for the other), compressed by the tile's handler and kept with the tile rather than
/// compressed on the way for every request.
#[tokio::test]
async fn tiles_are_sent_compressed_as_the_client_takes_them() {
    use std::io::Read;
    let db = TestDb::with_sample().await;
    let router = db.router();
    let path = plots_tile(tile_of(&db, "Görla 9:11").await);
    let asking = |accept: &'static str, if_none_match: Option<String>| {
        let mut request = Request::get(&path).header(header::ACCEPT_ENCODING, accept);
        if let Some(tag) = if_none_match {
            request = request.header(header::IF_NONE_MATCH, tag);
        }
        router.clone().oneshot(request.body(Body::empty()).unwrap())
    };
    let response = fetch(&router, &path, None).await;
    assert_eq!(response.headers()[header::VARY], "accept-encoding");
    let plain_tag = response.headers()[header::ETAG]
        .to_str()
        .unwrap()
        .to_string();
    let plain = bytes(response).await;
    assert!(contains(&plain, "Görla 9:11"));
    for (accept, coding) in [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip;q=0.5", "gzip"),
        ("*", "br"),
    ] {
        // Made compressed the first time, taken as kept the second: the same bytes.
        let mut sent = Vec::new();
        for _ in 0..2 {
            let response = asking(accept, None).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{accept}");
            assert_eq!(response.headers()[header::CONTENT_ENCODING], coding);
            assert_eq!(response.headers()[header::VARY], "accept-encoding");
            let tag = response.headers()[header::ETAG]
                .to_str()
                .unwrap()
                .to_string();
            assert_ne!(tag, plain_tag, "{accept}: an ETag of its own");
            assert!(tag.ends_with(&format!("-{coding}\"")), "{tag}");
            sent.push((tag, bytes(response).await));
        }
        assert_eq!(sent[0], sent[1]);
        let (tag, compressed) = &sent[0];
        let mut unpacked = Vec::new();
        if coding == "br" {
            brotli::Decompressor::new(&compressed[..], 4096)
                .read_to_end(&mut unpacked)
                .unwrap();
        } else {
            flate2::read::GzDecoder::new(&compressed[..])
                .read_to_end(&mut unpacked)
                .unwrap();
        }
        assert_eq!(unpacked, plain, "{accept}");
        assert!(compressed.len() < plain.len());
        // Its own tag answers 304; the plain one's is another representation.
        let response = asking(accept, Some(tag.clone())).await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
        let response = asking(accept, Some(plain_tag.clone())).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    // A client that takes neither gets the tile as it is.
    let response = asking("identity, br;q=0", None).await.unwrap();
    assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(
        response.headers()[header::ETAG].to_str().unwrap(),
        plain_tag
    );
    assert_eq!(bytes(response).await, plain);
    db.drop_database().await;
}

#[tokio::test]
async fn tiles_carry_the_public_fields_of_what_lies_in_them_and_nothing_else() {
    let db = TestDb::with_sample().await;
    sqlx::query("UPDATE plot_records SET internal_notes = 'HEMLIG-ANTECKNING', reserved_for = CASE WHEN status = 'reserved' THEN 'HEMLIG-KUND' END")
        .execute(&db.pool)
        .await
        .unwrap();
    let router = db.router();
    // The documents.
    let response = fetch(&router, "/ogc/collections/plots/tiles", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let list: Value = serde_json::from_str(&body_text(response).await).unwrap();
    assert_eq!(list["tilesets"][0]["dataType"], "vector");
    let tilejson: Value = serde_json::from_str(
        &body_text(
            fetch(
                &router,
                "/ogc/collections/plots/tiles/WebMercatorQuad/tilejson.json",
                None,
            )
            .await,
        )
        .await,
    )
    .unwrap();
    assert_eq!(tilejson["tilejson"], "3.0.0");
    assert!(
        tilejson["tiles"][0]
            .as_str()
            .unwrap()
            .ends_with("/tiles/WebMercatorQuad/{z}/{y}/{x}")
    );
    assert_eq!(tilejson["vector_layers"][0]["id"], "plots");
    let (_, collection) = (
        (),
        serde_json::from_str::<Value>(
            &body_text(fetch(&router, "/ogc/collections/plots", None).await).await,
        )
        .unwrap(),
    );
    assert!(collection["links"].to_string().contains("tilesets-vector"));

    // A tile with a plot in it: its name, never its internal notes or holder.
    let at = tile_of(&db, "Görla 9:11").await;
    let response = fetch(&router, &plots_tile(at), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/vnd.mapbox-vector-tile"
    );
    // Data, never a document: the security headers an API answer needs, not a page's.
    let headers = response.headers();
    assert_eq!(
        headers[header::CONTENT_SECURITY_POLICY],
        "default-src 'none'; frame-ancestors 'none'"
    );
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
    for only_a_page in [
        "referrer-policy",
        "cross-origin-opener-policy",
        "permissions-policy",
    ] {
        assert!(headers.get(only_a_page).is_none(), "{only_a_page}");
    }
    let etag = response.headers()[header::ETAG]
        .to_str()
        .unwrap()
        .to_string();
    let tile = bytes(response).await;
    assert!(contains(&tile, "Görla 9:11"));
    assert!(!contains(&tile, "HEMLIG"));
    // Every property its item has, by name, from the same list: the permitted uses as one
    // text and the last change as the same ISO 8601 text as the item's.
    let id = db.plot_id("Görla 9:11").await;
    let item: Value = serde_json::from_str(
        &body_text(fetch(&router, &format!("/ogc/collections/plots/items/{id}"), None).await).await,
    )
    .unwrap();
    let properties = item["properties"].as_object().unwrap();
    for name in properties.keys() {
        assert!(contains(&tile, name), "the tile lacks {name}");
    }
    let uses: Vec<&str> = properties["permitted_uses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap())
        .collect();
    assert!(!uses.is_empty());
    assert!(contains(&tile, &uses.join(",")), "{uses:?}");
    assert!(contains(&tile, properties["updated_at"].as_str().unwrap()));
    // Asked again with its tag: 304.
    let response = fetch(&router, &plots_tile(at), Some(&etag)).await;
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    // Detaljplaner and business areas too.
    let plans = bytes(
        fetch(
            &router,
            &plots_tile(at).replace("/plots/", "/detailed-plans/"),
            None,
        )
        .await,
    )
    .await;
    let plan: String = sqlx::query_scalar(
        "SELECT d.name FROM published_plans d, plots p
          WHERE p.designation = 'Görla 9:11' AND ST_Intersects(d.geom, p.geom) LIMIT 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(contains(&plans, &plan), "{plan}");
    let areas = bytes(
        fetch(
            &router,
            &plots_tile(at).replace("/plots/", "/business-areas/"),
            None,
        )
        .await,
    )
    .await;
    assert!(contains(&areas, "Görla verksamhetsområde"));

    // Nothing there: 204. Not a tile, or not a tiled collection: 404.
    assert_eq!(
        fetch(
            &router,
            "/ogc/collections/plots/tiles/WebMercatorQuad/14/0/0",
            None
        )
        .await
        .status(),
        StatusCode::NO_CONTENT
    );
    // Far from Sweden, where the storage projection has no answer, and at the lowest zooms:
    // nothing there or the plots, never an error.
    for path in [
        "0/0/0", "1/0/0", "1/0/1", "1/1/0", "1/1/1", "3/4/6", "5/10/20",
    ] {
        let status = fetch(
            &router,
            &format!("/ogc/collections/plots/tiles/WebMercatorQuad/{path}"),
            None,
        )
        .await
        .status();
        assert!(
            matches!(status, StatusCode::OK | StatusCode::NO_CONTENT),
            "{path}: {status}"
        );
    }
    for path in [
        "/ogc/collections/plots/tiles/WebMercatorQuad/21/0/0",
        "/ogc/collections/plots/tiles/WebMercatorQuad/2/4/0",
        "/ogc/collections/plots/tiles/WebMercatorQuad/2/0/x",
        "/ogc/collections/plots/tiles/WebMercatorQuad/2/0",
        "/ogc/collections/plots/tiles/WebMercatorQuad/2/0/0/0",
        "/ogc/collections/localities/tiles/WebMercatorQuad/0/0/0",
        "/ogc/collections/nothing/tiles",
    ] {
        assert_eq!(
            fetch(&router, path, None).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    db.drop_database().await;
}

/// Fetches a tile until this instance serves it from its cache (it keeps tiles once it
/// listens for changes), and gives its bytes.
async fn cached(router: &Router, path: &str) -> Vec<u8> {
    served_from(router, path, "x-tile-cache").await
}

/// Fetches `path` until this instance says in `header` that it answered from what it kept.
pub(crate) async fn served_from(router: &Router, path: &str, header: &str) -> Vec<u8> {
    let started = Instant::now();
    loop {
        let response = fetch(router, path, None).await;
        let hit = response.headers()[header] == "hit";
        let body = bytes(response).await;
        if hit {
            return body;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{path} never cached"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A staff edit through the staff's own service: a new public description for a plot.
async fn describe(db: &TestDb, designation: &str, description: &str) {
    let (_, viewer) = session(db, Role::Staff).await;
    let id = db.plot_id(designation).await;
    let plot = db::staff_plots::one(&db.pool, id).await.unwrap().unwrap();
    let form = PlotEditForm {
        public_description: description.into(),
        ..PlotEditForm::from_plot(&plot, "")
    };
    workspace::save_plot(&db.pool, &viewer, id, &form)
        .await
        .unwrap();
}

/// Fetches `path` until this instance reads it anew (`header` says `miss`), once it has heard
/// of an edit: then it shows `edit`; until then, what it answers from what it kept does not.
async fn read_anew_with(router: &Router, path: &str, header: &str, edit: &str) {
    let started = Instant::now();
    loop {
        let response = fetch(router, path, None).await;
        let miss = response.headers()[header] == "miss";
        let body = bytes(response).await;
        if miss {
            assert!(contains(&body, edit), "{path} read anew shows the edit");
            return;
        }
        assert!(
            !contains(&body, edit),
            "{path}: a hit is what was kept before"
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the edit never reached what {path} kept"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_empties_exactly_the_tiles_it_touched_on_every_instance() {
    let db = TestDb::with_sample().await;
    // Two servers on one database, each with a cache of its own.
    let (one, two) = (db.router(), db.router());
    let touched = plots_tile(tile_of(&db, "Görla 9:11").await);
    let elsewhere = plots_tile(tile_of(&db, "Hallstavik 7:11").await);
    assert_ne!(touched, elsewhere);
    for router in [&one, &two] {
        cached(router, &touched).await;
        cached(router, &elsewhere).await;
    }
    // An edit on the first instance's service.
    describe(&db, "Görla 9:11", "NY-BESKRIVNING-42").await;
    for router in [&one, &two] {
        // The touched tile is made again, with the edit, once the change is heard.
        read_anew_with(router, &touched, "x-tile-cache", "NY-BESKRIVNING-42").await;
        // The tile elsewhere is still the cached one.
        let response = fetch(router, &elsewhere, None).await;
        assert_eq!(response.headers()["x-tile-cache"], "hit");
    }
    db.drop_database().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_of_items_are_kept_until_a_change_is_announced_on_every_instance() {
    let db = TestDb::with_sample().await;
    let (one, two) = (db.router(), db.router());
    // A box around Norrtälje's plots, as a GIS tool asks it, and a layer whose changes are
    // not announced (the localities), which is read each time.
    let page = "/ogc/collections/plots/items?bbox=18.5,59.6,18.9,59.9&limit=500";
    let unannounced = "/ogc/collections/localities/items";
    for router in [&one, &two] {
        let before = served_from(router, page, "x-items-cache").await;
        assert!(contains(&before, "Görla 9:11"), "the box holds Görla 9:11");
        for _ in 0..2 {
            let response = fetch(router, unannounced, None).await;
            assert_eq!(response.headers()["x-items-cache"], "miss");
        }
    }
    describe(&db, "Görla 9:11", "NY-BESKRIVNING-43").await;
    for router in [&one, &two] {
        read_anew_with(router, page, "x-items-cache", "NY-BESKRIVNING-43").await;
        let after = served_from(router, page, "x-items-cache").await;
        assert!(contains(&after, "NY-BESKRIVNING-43"));
    }
    db.drop_database().await;
}

/// A page's features as JSON, by id.
fn features_of(body: &[u8]) -> Vec<(i64, Value)> {
    let page: Value = serde_json::from_slice(body).unwrap();
    page["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["id"].as_i64().unwrap(), f.clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn features_are_kept_until_a_change_is_announced_and_read_the_same_as_anew() {
    let db = TestDb::with_sample().await;
    let router = db.router();
    // Boxes around Norrtälje's plots, each a little wider than the last: pages read anew.
    let box_at = |step: u32, limit: u32| {
        let west = 18.5 - f64::from(step) * 0.001;
        format!("/ogc/collections/plots/items?bbox={west},59.6,18.9,59.9&limit={limit}")
    };
    // The first three features, until their page is kept (this server listens by then), and
    // with it those features.
    served_from(&router, &box_at(0, 3), "x-items-cache").await;
    // All of the box's plots: three kept, the others read.
    let response = fetch(&router, &box_at(1, 500), None).await;
    assert_eq!(response.headers()["x-items-cache"], "miss");
    assert_eq!(response.headers()["x-features-cache"], "part");
    let part = features_of(&bytes(response).await);
    // Now every one of them is kept.
    let response = fetch(&router, &box_at(2, 500), None).await;
    assert_eq!(response.headers()["x-features-cache"], "hit");
    let kept = features_of(&bytes(response).await);
    // Another server, which has kept nothing, reads them all: the same features in the same
    // order, however each was come by.
    let response = fetch(&db.router(), &box_at(3, 500), None).await;
    assert_eq!(response.headers()["x-features-cache"], "miss");
    let read = features_of(&bytes(response).await);
    assert!(read.len() > 3, "the box holds more than the first page");
    assert_eq!(kept, read);
    assert_eq!(part, read);
    // A box in the sea holds no feature: nothing was taken from those kept.
    let response = fetch(
        &router,
        "/ogc/collections/plots/items?bbox=19.5,59.6,19.6,59.7",
        None,
    )
    .await;
    assert_eq!(response.headers()["x-features-cache"], "miss");
    assert!(features_of(&bytes(response).await).is_empty());
    // In another CRS the same features are other text: read, not taken from those kept.
    let other_crs = format!(
        "{}&crs=http://www.opengis.net/def/crs/EPSG/0/3011",
        box_at(4, 500)
    );
    let response = fetch(&router, &other_crs, None).await;
    assert_eq!(response.headers()["x-features-cache"], "miss");
    // An edit: once this server hears of it, no page shows a feature kept from before.
    describe(&db, "Görla 9:11", "NY-BESKRIVNING-44").await;
    let started = Instant::now();
    for step in 5.. {
        let response = fetch(&router, &box_at(step, 500), None).await;
        assert_eq!(response.headers()["x-items-cache"], "miss");
        let cache = response.headers()["x-features-cache"].clone();
        let body = bytes(response).await;
        if contains(&body, "NY-BESKRIVNING-44") {
            assert_eq!(
                cache, "miss",
                "features read before the edit were forgotten"
            );
            assert_eq!(features_of(&body).len(), read.len());
            break;
        }
        assert_eq!(cache, "hit", "until the change is heard, the kept features");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the edit never reached the features kept"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    db.drop_database().await;
}

/// A server that is dropped stops listening and gives its connection back to the pool, though
/// no change is ever announced to wake its listener: one server after another on one pool (the
/// tests', a restart's) never runs the pool dry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_ends_gives_its_listening_connection_back() {
    let db = TestDb::with_sample().await;
    let tile = plots_tile(tile_of(&db, "Görla 9:11").await);
    // More servers than the pool has connections (10), each listening before it ends.
    for _ in 0..12 {
        let router = db.router();
        cached(&router, &tile).await;
    }
    let started = Instant::now();
    loop {
        let listening: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND query LIKE 'LISTEN%'",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        if listening == 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{listening} connections still listen for servers that ended"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    db.drop_database().await;
}
