//! Rules that must hold when requests arrive at the same moment, each reproducing what a hostile
//! run of parallel requests broke: the sign-in and interest limits (checked and recorded under
//! one lock), and a merge that version-checks both plots and retires the merged one instead of
//! erasing it with its history.

use std::net::{IpAddr, SocketAddr};

use axum::{
    Router,
    body::Body,
    extract::connect_info::MockConnectInfo,
    http::{Request, StatusCode, header},
};
use markkartan_app::domain::{GeometryForm, GeometryProblem, PlotEditForm, Role};
use markkartan_server::{db, geometry, workspace};
use tower::ServiceExt;

use crate::common::{PASSWORD, TestDb, body_text, count, interest_in, send, session};

fn router_from(db: &TestDb, client: IpAddr) -> Router {
    db.router()
        .layer(MockConnectInfo(SocketAddr::new(client, 40_000)))
}

async fn post_form(router: &Router, path: &str, fields: Vec<(String, String)>) -> StatusCode {
    router
        .clone()
        .oneshot(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(serde_urlencoded::to_string(fields).unwrap()))
                .unwrap(),
        )
        .await
        .unwrap()
        .status()
}

/// Waits for every spawned request; they run at once.
async fn all<T>(tasks: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let tasks: Vec<_> = tasks.collect();
    let mut done = Vec::with_capacity(tasks.len());
    for task in tasks {
        done.push(task.await.unwrap());
    }
    done
}

fn tally(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_sign_ins_at_once_pass_no_more_than_the_limit() {
    let db = TestDb::with_sample().await;
    let (_, viewer) = session(&db, Role::Staff).await;
    let router = router_from(&db, IpAddr::from([198, 51, 100, 20]));
    // Nineteen wrong passwords and the right one among them, all at once from one address.
    let attempts = (0..20).map(|n| {
        let password = if n == 10 {
            PASSWORD
        } else {
            "fel lösenord 2026"
        };
        let fields = vec![
            ("epost".to_string(), viewer.email.clone()),
            ("losenord".to_string(), password.to_string()),
        ];
        let router = router.clone();
        tokio::spawn(async move { post_form(&router, "/personal/logga-in", fields).await })
    });
    let statuses: Vec<StatusCode> = all(attempts).await;
    let checked =
        tally(&statuses, StatusCode::UNAUTHORIZED) + tally(&statuses, StatusCode::SEE_OTHER);
    // Requests sent at once have no order: the right password may be checked among the first,
    // and a sign-in that succeeds stops counting as a failure, as it does one at a time. So
    // what one at a time allows in some order, and no more: at most the limit of wrong
    // passwords, and the right one at most once (seen under load: five wrong and the right).
    assert!(
        tally(&statuses, StatusCode::UNAUTHORIZED) <= auth_limit()
            && tally(&statuses, StatusCode::SEE_OTHER) <= 1,
        "at most {} wrong passwords are checked: {statuses:?}",
        auth_limit()
    );
    assert_eq!(
        tally(&statuses, StatusCode::TOO_MANY_REQUESTS),
        20 - checked,
        "{statuses:?}"
    );
    // Every attempt counted, each at most once as a failure.
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM sign_in_attempts WHERE client_address = '198.51.100.20'"
        )
        .await as usize,
        checked
    );
    db.drop_database().await;
}

fn auth_limit() -> usize {
    markkartan_server::auth::FAILURES_PER_ACCOUNT as usize
}

fn interest_form(plot: i64, company: &str) -> Vec<(String, String)> {
    [
        ("tomt", plot.to_string()),
        ("lang", "sv".into()),
        ("foretag", company.into()),
        ("orgnr", "556677-8899".into()),
        ("kontaktperson", "Kim Andersson".into()),
        ("epost", "kim@exempel.example".into()),
        ("samtycke", "ja".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_interest_forms_at_once_store_no_more_than_the_limit() {
    let db = TestDb::with_sample().await;
    let plot = db.plot_id("Görla 9:11").await;
    let router = router_from(&db, IpAddr::from([198, 51, 100, 21]));
    let forms = (0..20).map(|n| {
        let router = router.clone();
        let form = interest_form(plot, &format!("Samtidigt {n} AB"));
        tokio::spawn(async move { post_form(&router, "/intresse", form).await })
    });
    let statuses: Vec<StatusCode> = all(forms).await;
    // The tests' limit is three an hour.
    assert_eq!(tally(&statuses, StatusCode::SEE_OTHER), 3, "{statuses:?}");
    assert_eq!(tally(&statuses, StatusCode::TOO_MANY_REQUESTS), 17);
    assert_eq!(count(&db.pool, "SELECT count(*) FROM interests").await, 3);
    db.drop_database().await;
}

#[tokio::test]
async fn an_ipv6_client_is_counted_by_its_64() {
    let db = TestDb::with_sample().await;
    let plot = db.plot_id("Görla 9:11").await;
    let address = |text: &str| text.parse::<IpAddr>().unwrap();
    // Three forms, each from another address of the same /64: the limit is reached.
    for (n, client) in ["2001:db8:1:2::5", "2001:db8:1:2::6", "2001:db8:1:2:ffff::1"]
        .into_iter()
        .enumerate()
    {
        let router = router_from(&db, address(client));
        let status = post_form(
            &router,
            "/intresse",
            interest_form(plot, &format!("V6 {n} AB")),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{client}");
    }
    let same = router_from(&db, address("2001:db8:1:2:abcd::9"));
    assert_eq!(
        post_form(&same, "/intresse", interest_form(plot, "V6 fyra AB")).await,
        StatusCode::TOO_MANY_REQUESTS,
        "another address of the same /64 is the same client"
    );
    let other = router_from(&db, address("2001:db8:1:3::5"));
    assert_eq!(
        post_form(&other, "/intresse", interest_form(plot, "Grannen AB")).await,
        StatusCode::SEE_OTHER,
        "the next /64 is another client"
    );
    let logged: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT client_address::text FROM interest_submission_log ORDER BY 1",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(logged, ["2001:db8:1:2::/64", "2001:db8:1:3::/64"]);
    db.drop_database().await;
}

/// Two plots that share a boundary: Görla 9:11 split across its middle, (the larger part, the
/// new plot), the new one with an interest of its own and a history.
async fn neighbours(db: &TestDb) -> (i64, i64) {
    let (_, viewer) = session(db, Role::Planner).await;
    let viewer = markkartan_app::domain::Viewer {
        role: Role::Admin,
        ..viewer
    };
    let id = db.plot_id("Görla 9:11").await;
    let (line, version): (String, i32) = sqlx::query_as(
        "SELECT ST_AsGeoJSON(ST_MakeLine(ST_Translate(ST_Centroid(geom), -200, -1),
                                         ST_Translate(ST_Centroid(geom), 200, 1)), 2), version
           FROM plots WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let split = GeometryForm {
        csrf: viewer.csrf_token.clone(),
        version: version.to_string(),
        geometry: line,
        designation: "Görla 9:11 B".into(),
        ..GeometryForm::default()
    };
    let new_id = geometry::split(&db.pool, &viewer, id, &split)
        .await
        .unwrap();
    (id, new_id)
}

#[tokio::test]
async fn a_merge_checks_the_neighbours_version_and_retires_it_with_its_history() {
    let db = TestDb::with_sample().await;
    let router = crate::common::router(&db);
    let (token, editor) = session(&db, Role::Staff).await;
    let colleague = session(&db, Role::Admin).await.1;
    let (a, b) = neighbours(&db).await;
    let b_designation: String = sqlx::query_scalar("SELECT designation FROM plots WHERE id = $1")
        .bind(b)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let interest = interest_in(&db, &b_designation, "Kim Grannsson").await;
    // The editor opens A's page: B is a merge candidate at the version it has now.
    let page = body_text(
        send(
            &router,
            "GET",
            &format!("/personal/tomt/{a}"),
            Some(&token),
            None,
        )
        .await,
    )
    .await;
    let loaded = db::geometry::neighbours(&db.pool, a)
        .await
        .unwrap()
        .into_iter()
        .find(|n| n.id == b)
        .unwrap();
    assert!(
        page.contains(&format!("value=\"{}\"", loaded.choice_value())),
        "the choice names the version"
    );
    // A moment later a colleague offers B and reserves it for a company.
    let form_now = async |db: &TestDb| {
        PlotEditForm::from_plot(
            &db::staff_plots::one(&db.pool, b).await.unwrap().unwrap(),
            &colleague.csrf_token,
        )
    };
    let mut offer = form_now(&db).await;
    offer.status = "available".into();
    workspace::save_plot(&db.pool, &colleague, b, &offer)
        .await
        .unwrap();
    let mut reserve = form_now(&db).await;
    reserve.status = "reserved".into();
    reserve.reserved_until = "2027-06-30".into();
    reserve.reserved_for = "Reservationen AB".into();
    workspace::save_plot(&db.pool, &colleague, b, &reserve)
        .await
        .unwrap();
    // The editor's merge, based on what they saw, is refused (409), naming B; nothing changed.
    let version_a: i32 = sqlx::query_scalar("SELECT version FROM plots WHERE id = $1")
        .bind(a)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let stale = send(
        &router,
        "POST",
        &format!("/personal/tomt/{a}/sla-ihop"),
        Some(&token),
        Some(vec![
            ("csrf".into(), editor.csrf_token.clone()),
            ("version".into(), version_a.to_string()),
            ("med".into(), loaded.choice_value()),
        ]),
    )
    .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert!(body_text(stale).await.contains(&b_designation));
    let reserved_for: Option<String> =
        sqlx::query_scalar("SELECT reserved_for FROM plots WHERE id = $1")
            .bind(b)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(reserved_for.as_deref(), Some("Reservationen AB"));

    // Based on B as it is now, the merge goes through: B is retired, not erased.
    let now = db::geometry::neighbours(&db.pool, a)
        .await
        .unwrap()
        .into_iter()
        .find(|n| n.id == b)
        .unwrap();
    let merge = GeometryForm {
        csrf: editor.csrf_token.clone(),
        version: version_a.to_string(),
        merge_with: now.choice_value(),
        ..GeometryForm::default()
    };
    geometry::merge(&db.pool, &editor, a, &merge).await.unwrap();
    assert_eq!(
        count(
            &db.pool,
            &format!("SELECT count(*) FROM plots WHERE id = {b}")
        )
        .await,
        0,
        "gone from every list of plots"
    );
    assert_eq!(
        count(
            &db.pool,
            &format!("SELECT count(*) FROM plot_records WHERE id = {b} AND retired_into = {a}")
        )
        .await,
        1,
        "kept, retired into the plot it became part of"
    );
    // Its history is all there: the reservation and the merge.
    let mut conn = db.pool.acquire().await.unwrap();
    let history = db::staff_plots::history(&mut conn, b, 0).await.unwrap();
    let fields: Vec<&str> = history
        .iter()
        .flat_map(|h| h.changes.iter().map(|c| c.field.as_str()))
        .collect();
    assert!(fields.contains(&"status"), "{fields:?}");
    assert!(
        history
            .iter()
            .flat_map(|h| h.changes.iter())
            .any(|c| c.to.starts_with("sammanslagen med")),
        "{history:?}"
    );
    // The interest in B still names B in the inbox.
    let case = body_text(
        send(
            &router,
            "GET",
            &format!("/personal/intresse/{interest}"),
            Some(&token),
            None,
        )
        .await,
    )
    .await;
    assert!(
        case.contains(&b_designation),
        "the inbox still names the plot"
    );
    // B's page in the workspace stays: its history, and where its land went.
    let page = send(
        &router,
        "GET",
        &format!("/personal/tomt/{b}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = body_text(page).await;
    assert!(page.contains("Marken ingår nu i"), "{page}");
    assert!(
        page.contains(&format!("href=\"/personal/tomt/{a}\"")),
        "{page}"
    );
    assert!(page.contains("sammanslagen med"), "its history is shown");
    assert!(!page.contains("plot-edit-form"), "nothing to edit");
    // A stale editor of B gets nothing: the plot is no longer there to change.
    let mut again = reserve.clone();
    again.version = now.version.to_string();
    assert!(matches!(
        workspace::save_plot(&db.pool, &colleague, b, &again).await,
        Err(workspace::SaveRefused::NotFound)
    ));
    drop(conn);
    db.drop_database().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_merges_of_one_neighbour_at_once_retire_it_once() {
    let db = TestDb::with_sample().await;
    let (_, editor) = session(&db, Role::Staff).await;
    let (a, b) = neighbours(&db).await;
    // Two editors of A, and every other neighbour of B, try to take B in at once.
    let mut takers: Vec<i64> = db::geometry::neighbours(&db.pool, b)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.id)
        .collect();
    assert!(takers.contains(&a));
    takers.push(a);
    let b_now = db::geometry::neighbours(&db.pool, a)
        .await
        .unwrap()
        .into_iter()
        .find(|n| n.id == b)
        .unwrap();
    let merges = takers.iter().map(|taker| {
        let (pool, editor, taker, choice) = (
            db.pool.clone(),
            editor.clone(),
            *taker,
            b_now.choice_value(),
        );
        tokio::spawn(async move {
            let version: i32 = sqlx::query_scalar("SELECT version FROM plots WHERE id = $1")
                .bind(taker)
                .fetch_one(&pool)
                .await
                .unwrap();
            let form = GeometryForm {
                csrf: editor.csrf_token.clone(),
                version: version.to_string(),
                merge_with: choice,
                ..GeometryForm::default()
            };
            geometry::merge(&pool, &editor, taker, &form).await
        })
    });
    let outcomes = all(merges).await;
    let done = outcomes.iter().filter(|o| o.is_ok()).count();
    assert_eq!(done, 1, "{outcomes:?}");
    for refused in outcomes.iter().filter_map(|o| o.as_ref().err()) {
        assert!(
            matches!(
                refused,
                workspace::SaveRefused::Conflict { .. }
                    | workspace::SaveRefused::Geometry(
                        GeometryProblem::NotAdjacent | GeometryProblem::NeighbourChanged(_)
                    )
            ),
            "{refused:?}"
        );
    }
    db.drop_database().await;
}
