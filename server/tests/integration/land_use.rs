//! Planners change the översiktsplan's land use through the same draft → review → published
//! workflow as plans: a land-use area reaches the map and the place answer only once another
//! planner approves it, and then replaces the land use it covers, so each place keeps one
//! answer, even when two are approved at the same moment. The map's land-use tiles are kept by
//! each server until such a change reaches them.

use std::time::{Duration, Instant};

use crate::common::{TestDb, body_text, get, send, session};
use crate::ogc_tiles::{bytes, fetch, served_from};
use crate::planning::{
    pairs, redirected_id, refused_with, second_planner, somewhere, square, take_step,
};
use axum::http::StatusCode;
use markkartan_app::domain::{PlanningAction, PlanningKind, Role, Viewer};

fn land_use_form(csrf: &str, name: &str, category: &str, geometry: &str) -> Vec<(String, String)> {
    pairs(&[
        ("csrf", csrf),
        ("version", ""),
        ("namn", name),
        ("beskrivning", "Ny inriktning i översiktsplanen."),
        ("kategori", category),
        ("plandokument", "https://www.norrtalje.se/oversiktsplan#ny"),
        ("geometri", geometry),
    ])
}

/// A land-use area drafted through the form and submitted for review: its id.
async fn submitted(
    router: &axum::Router,
    db: &TestDb,
    author: &(String, Viewer),
    name: &str,
    geometry: &str,
) -> i64 {
    let response = send(
        router,
        "POST",
        "/personal/markanvandning/ny",
        Some(&author.0),
        Some(land_use_form(
            &author.1.csrf_token,
            name,
            "natur_och_friluftsliv",
            geometry,
        )),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{name} is saved");
    let id = redirected_id(&response);
    let path = format!("/personal/markanvandning/{id}");
    let sent = take_step(router, db, author, &path, "skicka", "").await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER, "{name} is submitted");
    id
}

/// The place answer at EPSG:3011 (x, y), as the public sees it.
async fn place_page(db: &TestDb, (x, y): (f64, f64)) -> String {
    let (lat, lon): (f64, f64) = sqlx::query_as(
        "SELECT ST_Y(w), ST_X(w) FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 3011), 4326) AS w",
    )
    .bind(x)
    .bind(y)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    body_text(get(&db.router(), &format!("/plats?lat={lat}&lon={lon}")).await).await
}

/// Square metres where this published land-use area overlaps any other published one.
async fn overlap_m2(db: &TestDb, id: i64) -> f64 {
    sqlx::query_scalar(
        "SELECT coalesce(sum(ST_Area(ST_Intersection(l.geom, n.geom))), 0)
           FROM published_land_use l, published_land_use n
          WHERE n.id = $1 AND l.id <> $1 AND l.geom && n.geom",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

async fn actions(db: &TestDb, id: i64) -> Vec<PlanningAction> {
    sqlx::query_scalar(
        "SELECT action FROM planning_events WHERE kind = 'land_use_area' AND subject_id = $1
          ORDER BY happened_at, id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_land_use_area_reaches_the_map_only_once_reviewed_and_replaces_what_it_covers() {
    let db = TestDb::with_sample().await;
    let router = db.router();
    let author = session(&db, Role::Planner).await;
    let reviewer = second_planner(&db).await;
    let (x, y) = somewhere(&db).await;
    // The area the sample gives that place, and its size.
    let (before_id, before_name, before_m2): (i64, String, f64) = sqlx::query_as(
        "SELECT id, name, ST_Area(geom) FROM published_land_use
          WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 3011))",
    )
    .bind(x)
    .bind(y)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(place_page(&db, (x, y)).await.contains(&before_name));

    let id = submitted(
        &router,
        &db,
        &author,
        "Naturparken Granskad",
        &square(x - 200.0, y - 200.0, 400.0),
    )
    .await;
    let path = format!("/personal/markanvandning/{id}");
    // Drafted and in review: nowhere public.
    assert!(
        !place_page(&db, (x, y))
            .await
            .contains("Naturparken Granskad")
    );
    assert_eq!(
        get(&router, &format!("/markanvandning/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // Its author may not approve it.
    assert_eq!(
        take_step(&router, &db, &author, &path, "godkann", "")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        take_step(&router, &db, &reviewer, &path, "godkann", "")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );

    // Public: the place answers with it, its page states its category and links the plan.
    let place = place_page(&db, (x, y)).await;
    assert!(
        place.contains("Naturparken Granskad"),
        "the place answers with it"
    );
    assert!(place.contains(&format!("href=\"/markanvandning/{id}\"")));
    let page = get(&router, &format!("/markanvandning/{id}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = body_text(page).await;
    assert!(page.contains("Naturparken Granskad") && page.contains("Natur och friluftsliv"));
    assert!(page.contains("https://www.norrtalje.se/oversiktsplan#ny"));
    let sitemap = body_text(get(&router, "/sitemap.xml").await).await;
    assert!(sitemap.contains(&format!("/markanvandning/{id}</loc>")));

    // It replaced what it covers: no overlap, the old area lost exactly that part, and the old
    // area's history and latest published revision say so.
    assert!(
        overlap_m2(&db, id).await < 1.0,
        "no overlap with the others"
    );
    let (after_m2, lost_m2): (f64, f64) = sqlx::query_as(
        "SELECT ST_Area(o.geom), ST_Area(ST_Intersection(ST_SetSRID(ST_GeomFromGeoJSON($2), 3011),
                                                          r.geom))
           FROM land_use_areas o,
                (SELECT geom FROM planning_revisions
                  WHERE kind = 'land_use_area' AND subject_id = $1 AND state = 'published'
                  ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET 1) AS r
          WHERE o.id = $1",
    )
    .bind(before_id)
    .bind(square(x - 200.0, y - 200.0, 400.0))
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(
        (before_m2 - lost_m2 - after_m2).abs() < 1.0,
        "{before_m2} − {lost_m2} = {after_m2}"
    );
    assert_eq!(
        actions(&db, before_id).await.last(),
        Some(&PlanningAction::Reshaped)
    );
    let same: bool = sqlx::query_scalar(
        "SELECT ST_Equals(o.geom, r.geom)
           FROM land_use_areas o,
                (SELECT geom FROM planning_revisions
                  WHERE kind = 'land_use_area' AND subject_id = $1 AND state = 'published'
                  ORDER BY published_at DESC, id DESC LIMIT 1) AS r
          WHERE o.id = $1",
    )
    .bind(before_id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(
        same,
        "the neighbour's latest revision is what the public sees"
    );
    // The neighbour's page in the workspace says what happened.
    let history = body_text(
        send(
            &router,
            "GET",
            &format!("/personal/markanvandning/{before_id}"),
            Some(&author.0),
            None,
        )
        .await,
    )
    .await;
    assert!(history.contains(PlanningAction::Reshaped.label()));

    // A larger area over the first takes all of it: the first is no longer public.
    let larger = submitted(
        &router,
        &db,
        &author,
        "Naturparken Större",
        &square(x - 300.0, y - 300.0, 600.0),
    )
    .await;
    let larger_path = format!("/personal/markanvandning/{larger}");
    assert_eq!(
        take_step(&router, &db, &reviewer, &larger_path, "godkann", "")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        get(&router, &format!("/markanvandning/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        actions(&db, id).await.last(),
        Some(&PlanningAction::Withdrawn)
    );
    assert!(place_page(&db, (x, y)).await.contains("Naturparken Större"));
    assert!(overlap_m2(&db, larger).await < 1.0);
}

#[tokio::test]
async fn two_overlapping_land_use_areas_approved_at_once_leave_one_answer_per_place() {
    let db = TestDb::with_sample().await;
    let router = db.router();
    let author = session(&db, Role::Planner).await;
    let reviewer = second_planner(&db).await;
    let (x, y) = somewhere(&db).await;
    let first = submitted(
        &router,
        &db,
        &author,
        "Samtidigt Väst",
        &square(x - 300.0, y - 150.0, 400.0),
    )
    .await;
    let second = submitted(
        &router,
        &db,
        &author,
        "Samtidigt Öst",
        &square(x - 100.0, y - 150.0, 400.0),
    )
    .await;
    let (first_path, second_path) = (
        format!("/personal/markanvandning/{first}"),
        format!("/personal/markanvandning/{second}"),
    );
    let (a, b) = tokio::join!(
        take_step(&router, &db, &reviewer, &first_path, "godkann", ""),
        take_step(&router, &db, &reviewer, &second_path, "godkann", ""),
    );
    assert_eq!(a.status(), StatusCode::SEE_OTHER);
    assert_eq!(b.status(), StatusCode::SEE_OTHER);
    for id in [first, second] {
        assert!(overlap_m2(&db, id).await < 1.0, "{id} overlaps no other");
    }
    // Whichever was published last has all of its square; the other lost the shared strip.
    let reshaped = [
        actions(&db, first)
            .await
            .contains(&PlanningAction::Reshaped),
        actions(&db, second)
            .await
            .contains(&PlanningAction::Reshaped),
    ];
    assert_eq!(
        reshaped.iter().filter(|r| **r).count(),
        1,
        "exactly one was reshaped by the other"
    );
}

#[tokio::test]
async fn a_land_use_draft_is_refused_naming_its_field() {
    let db = TestDb::with_sample().await;
    let router = db.router();
    let author = session(&db, Role::Planner).await;
    let (x, y) = somewhere(&db).await;
    for (category, url, field, message) in [
        (
            "<script>",
            "",
            "kategori",
            "Välj översiktsplanens kategori i listan.",
        ),
        (
            "verksamheter",
            "javascript:alert(1)",
            "plandokument",
            "Skriv en webbadress som börjar med https://.",
        ),
    ] {
        let form = land_use_form(
            &author.1.csrf_token,
            "Avvisat område",
            category,
            &square(x, y, 100.0),
        );
        let page = refused_with(
            &router,
            &author,
            "/personal/markanvandning/ny",
            form,
            ("plandokument", url),
        )
        .await;
        assert!(
            page.contains(&format!("data-field=\"{field}\"")) && page.contains(message),
            "{field} is named"
        );
    }
    let drafts: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM planning_revisions WHERE kind = $1 AND name = 'Avvisat område'",
    )
    .bind(PlanningKind::LandUseArea)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(drafts, 0, "nothing stored half");
}

/// The zoom-14 tile (column, row) over EPSG:3011 (x, y).
async fn tile_at(db: &TestDb, (x, y): (f64, f64)) -> (i64, i64) {
    sqlx::query_as(
        "SELECT floor((ST_X(c) + 20037508.342789244) / s)::bigint,
                floor((20037508.342789244 - ST_Y(c)) / s)::bigint
           FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 3011), 3857) AS c,
                        2 * 20037508.342789244 / 2 ^ 14 AS s) p",
    )
    .bind(x)
    .bind(y)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

/// Fetches `path` until `router` draws it anew (`x-tile-cache: miss`): its bytes. Until then it
/// answers with what it kept, `kept`.
async fn drawn_anew(router: &axum::Router, path: &str, kept: &[u8]) -> Vec<u8> {
    let started = Instant::now();
    loop {
        let response = fetch(router, path, None).await;
        let miss = response.headers()["x-tile-cache"] == "miss";
        let body = bytes(response).await;
        if miss {
            return body;
        }
        assert_eq!(body, kept, "{path}: a hit is what was kept");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the change never reached what {path} kept"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// An overlay tile is drawn once and then kept, with an ETag (a browser's revalidation is a
/// 304), on every server; land use published over it (or riksintressen loaded anew) has every
/// server draw it again, and only the tiles the change reaches.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overlay_tiles_are_kept_until_a_change_reaches_them_on_every_instance() {
    let db = TestDb::with_sample().await;
    let (one, two) = (db.router(), db.router());
    let author = session(&db, Role::Planner).await;
    let reviewer = second_planner(&db).await;
    let (x, y) = somewhere(&db).await;
    let (column, row) = tile_at(&db, (x, y)).await;
    let touched = format!("/tiles/land-use/14/{column}/{row}.svg");
    // Far outside the municipality (200 km west): no change to its land use reaches it, though
    // the areas a new one reshapes are announced whole.
    let (far_column, far_row) = tile_at(&db, (x - 200_000.0, y)).await;
    let elsewhere = format!("/tiles/land-use/14/{far_column}/{far_row}.svg");
    let interests = "/tiles/national-interests/8/141/74.svg";
    let mut kept = Vec::new();
    for router in [&one, &two] {
        let before = served_from(router, &touched, "x-tile-cache").await;
        served_from(router, &elsewhere, "x-tile-cache").await;
        served_from(router, interests, "x-tile-cache").await;
        kept.push(before);
    }
    assert_eq!(kept[0], kept[1], "both servers draw the same tile");
    assert!(String::from_utf8_lossy(&kept[0]).starts_with("<svg"));
    // A browser that has it is told it has not changed.
    let response = fetch(&one, &touched, None).await;
    let etag = response.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    assert_eq!(
        fetch(&one, &touched, Some(etag.as_str())).await.status(),
        StatusCode::NOT_MODIFIED
    );

    // Land use published over the tile, through the planners' review.
    let id = submitted(
        &one,
        &db,
        &author,
        "Naturparken Kartan",
        &square(x - 200.0, y - 200.0, 400.0),
    )
    .await;
    let path = format!("/personal/markanvandning/{id}");
    assert_eq!(
        take_step(&one, &db, &reviewer, &path, "godkann", "")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    for (router, before) in [(&one, &kept[0]), (&two, &kept[1])] {
        let after = drawn_anew(router, &touched, before).await;
        assert_ne!(&after, before, "the tile shows the published land use");
        assert_eq!(
            fetch(router, &elsewhere, None).await.headers()["x-tile-cache"],
            "hit"
        );
        assert_eq!(
            fetch(router, interests, None).await.headers()["x-tile-cache"],
            "hit"
        );
    }
    assert_ne!(
        fetch(&one, &touched, Some(etag.as_str())).await.status(),
        StatusCode::NOT_MODIFIED,
        "the old ETag no longer matches"
    );

    // Riksintressen loaded anew: that layer's tiles are drawn again too.
    sqlx::query("UPDATE national_interests SET description = description || ' '")
        .execute(&db.pool)
        .await
        .unwrap();
    for router in [&one, &two] {
        let started = Instant::now();
        while fetch(router, interests, None).await.headers()["x-tile-cache"] != "miss" {
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "{interests} kept after a change"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    db.drop_database().await;
}
