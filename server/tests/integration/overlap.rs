//! No two plots overlap, however two staff's saves interleave (migration 0009's lock and
//! trigger), against the real PostGIS: concurrent creates and reshapes through the router, a
//! save that waits for an uncommitted writer, and a writer that bypasses the application.

use crate::common::{TestDb, body_text, router, send, session};
use axum::http::StatusCode;
use markkartan_app::domain::{ProblemKind, Role};
use markkartan_server::http::on_constraint;
use sqlx::Connection;

/// Outlines of free land inside the municipality, each `Görla 9:11`'s shape moved there; the
/// `n`th and the next overlap when `step` is under the plot's size.
async fn spot(db: &TestDb, template: i64, dx: f64) -> String {
    sqlx::query_scalar(
        "SELECT ST_AsGeoJSON(ST_Translate(moved, $2, 0), 2) FROM plots p,
                LATERAL (SELECT ST_Translate(p.geom, dx, dy) AS moved
                           FROM generate_series(-3000, 3000, 500) dx,
                                generate_series(-3000, 3000, 500) dy) m
          WHERE p.id = $1
            AND ST_CoveredBy(ST_Buffer(moved, 100), (SELECT ST_Union(geom) FROM municipality))
            AND NOT EXISTS (SELECT 1 FROM plots o WHERE ST_DWithin(o.geom, moved, 100))
          ORDER BY ST_X(ST_Centroid(moved)), ST_Y(ST_Centroid(moved))
          LIMIT 1",
    )
    .bind(template)
    .bind(dx)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

/// Pairs of plots sharing more than half a square metre: there must never be one.
async fn overlapping_pairs(db: &TestDb) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT a.designation, b.designation FROM plots a JOIN plots b
             ON a.id < b.id AND plot_outlines_overlap(a.geom, b.geom)",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

async fn version(db: &TestDb, id: i64) -> String {
    sqlx::query_scalar::<_, i32>("SELECT version FROM plots WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .to_string()
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn two_staff_drawing_overlapping_plots_at_once_one_is_refused_naming_the_other() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let template = db.plot_id("Görla 9:11").await;
    let (token_a, a) = session(&db, Role::Staff).await;
    let (token_b, b) = session(&db, Role::Admin).await;
    let area: i64 = sqlx::query_scalar("SELECT id FROM business_areas ORDER BY id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let (first, second) = (
        spot(&db, template, 0.0).await,
        spot(&db, template, 10.0).await,
    );
    let area = area.to_string();
    for round in 0..3 {
        let (name_a, name_b) = (format!("Ny A{round}"), format!("Ny B{round}"));
        let form_a = fields(&[
            ("csrf", &a.csrf_token),
            ("omrade", &area),
            ("beteckning", &name_a),
            ("geometri", &first),
        ]);
        let form_b = fields(&[
            ("csrf", &b.csrf_token),
            ("omrade", &area),
            ("beteckning", &name_b),
            ("geometri", &second),
        ]);
        let (ra, rb) = tokio::join!(
            send(
                &router,
                "POST",
                "/personal/tomter/ny",
                Some(&token_a),
                Some(form_a)
            ),
            send(
                &router,
                "POST",
                "/personal/tomter/ny",
                Some(&token_b),
                Some(form_b)
            ),
        );
        let statuses = [ra.status(), rb.status()];
        if round == 0 {
            // The first round: one of the two is drawn, the other refused, naming the winner.
            assert!(statuses.contains(&StatusCode::SEE_OTHER), "{statuses:?}");
            assert!(statuses.contains(&StatusCode::CONFLICT), "{statuses:?}");
            let (loser, winner) = if ra.status() == StatusCode::CONFLICT {
                (ra, name_b)
            } else {
                (rb, name_a)
            };
            let page = body_text(loser).await;
            assert!(
                page.contains(&format!("Tomten överlappar {winner}")),
                "{page}"
            );
        } else {
            // Later rounds: both land on the winner and are refused.
            assert_eq!(statuses, [StatusCode::CONFLICT, StatusCode::CONFLICT]);
        }
        assert_eq!(overlapping_pairs(&db).await, vec![], "round {round}");
    }
    db.drop_database().await;
}

#[tokio::test]
async fn two_staff_reshaping_neighbours_onto_the_same_land_at_once_cannot_both_save() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let template = db.plot_id("Görla 9:11").await;
    let (token_a, a) = session(&db, Role::Staff).await;
    let (token_b, b) = session(&db, Role::Admin).await;
    let plot_a = db.plot_id("Görla 9:11").await;
    let plot_b = db.plot_id("Görla 9:12").await;
    // Each moved onto free land on its own would be fine; the two moved land overlap by much
    // more than the 1,200 m² the issue saw.
    let (land_a, land_b) = (
        spot(&db, template, 0.0).await,
        spot(&db, template, 15.0).await,
    );
    let form = |csrf: &str, version: &str, geometry: &str| {
        fields(&[("csrf", csrf), ("version", version), ("geometri", geometry)])
    };
    let (va, vb) = (version(&db, plot_a).await, version(&db, plot_b).await);
    let (path_a, path_b) = (
        format!("/personal/tomt/{plot_a}/geometri"),
        format!("/personal/tomt/{plot_b}/geometri"),
    );
    let (ra, rb) = tokio::join!(
        send(
            &router,
            "POST",
            &path_a,
            Some(&token_a),
            Some(form(&a.csrf_token, &va, &land_a)),
        ),
        send(
            &router,
            "POST",
            &path_b,
            Some(&token_b),
            Some(form(&b.csrf_token, &vb, &land_b)),
        ),
    );
    let mut statuses = vec![ra.status(), rb.status()];
    statuses.sort();
    assert_eq!(statuses, vec![StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
    let (loser, winner) = if ra.status() == StatusCode::CONFLICT {
        (ra, "Görla 9:12")
    } else {
        (rb, "Görla 9:11")
    };
    assert!(
        body_text(loser)
            .await
            .contains(&format!("Tomten överlappar {winner}"))
    );
    assert_eq!(overlapping_pairs(&db).await, vec![]);
    db.drop_database().await;
}

#[tokio::test]
async fn a_save_that_waits_for_an_unfinished_writer_sees_its_outline() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let template = db.plot_id("Görla 9:11").await;
    let plot_a = db.plot_id("Görla 9:11").await;
    let plot_b = db.plot_id("Görla 9:12").await;
    let (land_a, land_b) = (
        spot(&db, template, 0.0).await,
        spot(&db, template, 15.0).await,
    );
    let (token, viewer) = session(&db, Role::Staff).await;
    // Another writer (a GIS client, say, writing SQL) moves Görla 9:11 and has not committed.
    let mut other = sqlx::PgConnection::connect(&db.url).await.unwrap();
    let mut writer = other.begin().await.unwrap();
    sqlx::query("UPDATE plots SET geom = ST_SetSRID(ST_GeomFromGeoJSON($1), 3011) WHERE id = $2")
        .bind(&land_a)
        .bind(plot_a)
        .execute(&mut *writer)
        .await
        .unwrap();
    // Staff reshape Görla 9:12 onto the same land: the save waits for the writer…
    let save = {
        let router = router.clone();
        let version = version(&db, plot_b).await;
        let form = fields(&[
            ("csrf", &viewer.csrf_token),
            ("version", &version),
            ("geometri", &land_b),
        ]);
        tokio::spawn(async move {
            send(
                &router,
                "POST",
                &format!("/personal/tomt/{plot_b}/geometri"),
                Some(&token),
                Some(form),
            )
            .await
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(!save.is_finished(), "the save waits for the outlines' lock");
    // …and once it commits, checks against the outline it wrote.
    writer.commit().await.unwrap();
    let response = save.await.unwrap();
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(
        body_text(response)
            .await
            .contains("Tomten överlappar Görla 9:11")
    );
    assert_eq!(overlapping_pairs(&db).await, vec![]);
    db.drop_database().await;
}

#[tokio::test]
async fn a_writer_that_skips_the_application_meets_the_same_rule() {
    let db = TestDb::with_sample().await;
    let a = db.plot_id("Görla 9:11").await;
    let b = db.plot_id("Görla 9:12").await;
    // Görla 9:11 moved onto its neighbour, in plain SQL.
    let error = sqlx::query(
        "UPDATE plots SET geom = (SELECT ST_Translate(geom, 5, 0) FROM plots WHERE id = $2)
          WHERE id = $1",
    )
    .bind(a)
    .bind(b)
    .execute(&db.pool)
    .await
    .unwrap_err();
    let problem = on_constraint(&error).expect("the overlap rule is a named constraint");
    assert_eq!(problem.kind, ProblemKind::Conflict);
    assert_eq!(problem.field.as_deref(), Some("geometri"));
    assert!(problem.message.contains("Görla 9:12"), "{problem:?}");
    // A copy of a plot inserted over it, likewise.
    let error = sqlx::query(
        "INSERT INTO plots (designation, business_area_id, geom)
         SELECT 'Kopia', business_area_id, geom FROM plots WHERE id = $1",
    )
    .bind(a)
    .execute(&db.pool)
    .await
    .unwrap_err();
    assert!(
        on_constraint(&error)
            .unwrap()
            .message
            .contains("Görla 9:11")
    );
    // A save of facts alone takes no lock and is not checked again.
    sqlx::query("UPDATE plots SET price_sek_per_m2 = 500 WHERE id = $1")
        .bind(a)
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(overlapping_pairs(&db).await, vec![]);
    db.drop_database().await;
}
