//! Planners' plans and future areas against the real server and database: a draft reaches the
//! public only once another planner approves it, two approvals at once publish once, a
//! scheduled publication happens at its time (on a clock the test sets) and survives a restart,
//! and nothing unpublished reaches the public by any route.

use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

use crate::common::{PASSWORD, TestDb, body_text, count, get, router, send, send_json, session};
use axum::http::{StatusCode, header};
use chrono::{DateTime, Utc};
use markkartan_app::domain::{
    PlanningKind, PlanningStep, PlanningStepForm, RevisionState, Role, Viewer,
};
use markkartan_server::{auth, http, planning};

/// A second planner, signed in: (cookie token, viewer).
pub(crate) async fn second_planner(db: &TestDb) -> (String, Viewer) {
    let email = "planner2@kommun.example";
    auth::create_account(&db.pool, email, "Test planner 2", Role::Planner, PASSWORD)
        .await
        .unwrap();
    let signed_in = auth::sign_in(&db.pool, email, PASSWORD, crate::common::CLIENT.into())
        .await
        .unwrap();
    (signed_in.token, signed_in.viewer)
}

pub(crate) fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A square of `side` metres with its south-west corner at (x, y), EPSG:3011 (Norrtälje is
/// around x 160 000, y 6 628 000).
pub(crate) fn square(x: f64, y: f64, side: f64) -> String {
    format!(
        r#"{{"type":"Polygon","coordinates":[[[{x},{y}],[{x2},{y}],[{x2},{y2}],[{x},{y2}],[{x},{y}]]]}}"#,
        x2 = x + side,
        y2 = y + side
    )
}

/// A point inside the municipality's land, from the sample's first plot.
pub(crate) async fn somewhere(db: &TestDb) -> (f64, f64) {
    sqlx::query_as("SELECT ST_X(ST_Centroid(geom)), ST_Y(ST_Centroid(geom)) FROM plots WHERE published ORDER BY id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

fn area_form(csrf: &str, name: &str, geometry: &str) -> Vec<(String, String)> {
    pairs(&[
        ("csrf", csrf),
        ("version", ""),
        ("namn", name),
        ("beskrivning", "Ett område för verksamheter."),
        ("geometri", geometry),
        ("markanvandning", "logistik"),
        ("avsedd_anvandning", "Logistik nära väg"),
        ("horisont_fran", "2030"),
        ("horisont_till", "2040"),
    ])
}

/// A future area drafted by `author` through the form: its id.
async fn draft_area(
    router: &axum::Router,
    (token, viewer): &(String, Viewer),
    name: &str,
    geometry: &str,
) -> i64 {
    let response = send(
        router,
        "POST",
        "/personal/framtida-omrade/ny",
        Some(token),
        Some(area_form(&viewer.csrf_token, name, geometry)),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{name} is saved");
    redirected_id(&response)
}

/// A draft form posted to `path` with one field set to `value`: refused (422), its page.
pub(crate) async fn refused_with(
    router: &axum::Router,
    (token, _): &(String, Viewer),
    path: &str,
    mut form: Vec<(String, String)>,
    (field, value): (&str, &str),
) -> String {
    form.retain(|(k, _)| k != field);
    form.push((field.to_string(), value.to_string()));
    let response = send(router, "POST", path, Some(token), Some(form)).await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{field}"
    );
    body_text(response).await
}

/// The id a redirect to `/personal/{kind}/{id}?…` names.
pub(crate) fn redirected_id(response: &axum::response::Response) -> i64 {
    let location = response
        .headers()
        .get(header::LOCATION)
        .unwrap_or_else(|| panic!("a redirect, got {}", response.status()))
        .to_str()
        .unwrap();
    location
        .split('/')
        .nth(3)
        .and_then(|rest| rest.split('?').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("an id in {location}"))
}

/// The revision a step acts on, as its form names it: the open one, or for a step on what is
/// public (withdrawing it) the latest published one; `(id, version)`, empty when there is none.
async fn revision_of(db: &TestDb, kind: PlanningKind, id: i64, step: &str) -> (String, String) {
    let rule = PlanningStep::from_segment(step).map(|s| s.rule());
    let condition = if rule.is_some_and(|r| r.acts_on_public()) {
        "state = 'published'".to_string()
    } else {
        format!("state IN {}", RevisionState::open_states_sql())
    };
    let revision: Option<(i64, i32)> = sqlx::query_as(&format!(
        "SELECT id, version FROM planning_revisions
          WHERE kind = $1 AND subject_id = $2 AND {condition}
          ORDER BY published_at DESC NULLS LAST, id DESC LIMIT 1"
    ))
    .bind(kind)
    .bind(id)
    .fetch_optional(&db.pool)
    .await
    .unwrap();
    revision
        .map(|(id, version)| (id.to_string(), version.to_string()))
        .unwrap_or_default()
}

pub(crate) async fn take_step(
    router: &axum::Router,
    db: &TestDb,
    (token, viewer): &(String, Viewer),
    path: &str,
    step: &str,
    publish_at: &str,
) -> axum::response::Response {
    let kind = PlanningKind::from_segment(path.split('/').nth(2).unwrap()).unwrap();
    let id: i64 = path.split('/').nth(3).unwrap().parse().unwrap();
    let (revision, version) = revision_of(db, kind, id, step).await;
    send(
        router,
        "POST",
        &format!("{path}/{step}"),
        Some(token),
        Some(pairs(&[
            ("csrf", &viewer.csrf_token),
            ("revision", &revision),
            ("version", &version),
            ("publicera", publish_at),
        ])),
    )
    .await
}

async fn public_plans_page(router: &axum::Router) -> String {
    body_text(get(router, "/planer").await).await
}

#[tokio::test]
async fn a_draft_is_public_only_once_another_planner_approves_it() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let author = session(&db, Role::Planner).await;
    let reviewer = second_planner(&db).await;
    let (x, y) = somewhere(&db).await;
    let id = draft_area(
        &router,
        &author,
        "Utkastområdet Ekbacken",
        &square(x + 400.0, y + 400.0, 200.0),
    )
    .await;
    let path = format!("/personal/framtida-omrade/{id}");
    assert!(!public_plans_page(&router).await.contains("Ekbacken"));
    assert_eq!(
        get(&router, &format!("/framtida-omrade/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // Staff (mark- och exploatering) read it; they may not submit it.
    let staff = session(&db, Role::Staff).await;
    let page = body_text(send(&router, "GET", &path, Some(&staff.0), None).await).await;
    assert!(page.contains("Utkastområdet Ekbacken"), "staff read drafts");
    assert_eq!(
        take_step(&router, &db, &staff, &path, "skicka", "")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    assert_eq!(
        take_step(&router, &db, &author, &path, "skicka", "")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    // The author may not approve their own revision (the setting is off).
    let own = take_step(&router, &db, &author, &path, "godkann", "").await;
    assert_eq!(own.status(), StatusCode::FORBIDDEN);
    assert!(body_text(own).await.contains("En annan planerare"));
    assert!(!public_plans_page(&router).await.contains("Ekbacken"));

    assert_eq!(
        take_step(&router, &db, &reviewer, &path, "godkann", "")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert!(
        public_plans_page(&router)
            .await
            .contains("Utkastområdet Ekbacken")
    );
    assert_eq!(
        get(&router, &format!("/framtida-omrade/{id}"))
            .await
            .status(),
        StatusCode::OK
    );
    // Its page states its size.
    let area_m2: f64 =
        sqlx::query_scalar("SELECT ST_Area(geom) FROM published_future_areas WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let page = body_text(get(&router, &format!("/framtida-omrade/{id}")).await).await;
    let size = format!("{:.2} ha", area_m2 / 10_000.0).replace('.', ",");
    assert!(
        page.contains(&format!("<dt>Yta</dt><dd>{size}</dd>")),
        "the area's size, {size}"
    );
    let sitemap = body_text(get(&router, "/sitemap.xml").await).await;
    assert!(
        sitemap.contains(&format!("/framtida-omrade/{id}</loc>")),
        "in the sitemap"
    );
    let feed = body_text(get(&router, "/flode.atom").await).await;
    assert!(
        feed.contains("Utkastområdet Ekbacken"),
        "the publication is in the feed"
    );
    // Its own feed has it, linking its page; another area's feed does not.
    let own = body_text(get(&router, &format!("/framtida-omrade/{id}/flode.atom")).await).await;
    assert!(
        own.contains("Utkastområdet Ekbacken") && own.contains(&format!("/framtida-omrade/{id}\"")),
        "{own}"
    );
    let other: i64 = sqlx::query_scalar("SELECT min(id) FROM published_future_areas")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let other =
        body_text(get(&router, &format!("/framtida-omrade/{other}/flode.atom")).await).await;
    assert!(!other.contains("Ekbacken"));

    // Its history: created, submitted, published, with who.
    let history = body_text(send(&router, "GET", &path, Some(&author.0), None).await).await;
    for entry in [
        "Utkast skapat",
        "Skickat för granskning",
        "Publicerat",
        "Test planner 2",
    ] {
        assert!(history.contains(entry), "history has {entry}");
    }
    // Withdrawn, it leaves the public pages; its history says so, and a revision can bring it
    // back.
    assert_eq!(
        take_step(&router, &db, &reviewer, &path, "avpublicera", "")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert!(!public_plans_page(&router).await.contains("Ekbacken"));
    assert_eq!(
        get(&router, &format!("/framtida-omrade/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let history = body_text(send(&router, "GET", &path, Some(&author.0), None).await).await;
    assert!(history.contains("Avpublicerat"));
    assert!(history.contains("Inte publik."));
    db.drop_database().await;
}

/// Saves `name` over the open draft of the area, as `who`, at the version it has now.
async fn rewrite_area(
    router: &axum::Router,
    db: &TestDb,
    (token, viewer): &(String, Viewer),
    id: i64,
    name: &str,
    geometry: &str,
) -> axum::response::Response {
    let (_, version) = revision_of(db, PlanningKind::FutureArea, id, "skicka").await;
    let mut form = area_form(&viewer.csrf_token, name, geometry);
    form.retain(|(k, _)| k != "version");
    form.push(("version".into(), version));
    send(
        router,
        "POST",
        &format!("/personal/framtida-omrade/{id}"),
        Some(token),
        Some(form),
    )
    .await
}

#[tokio::test]
async fn a_planner_who_rewrote_a_revision_cannot_approve_it() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let author = session(&db, Role::Planner).await;
    let rewriter = second_planner(&db).await;
    let admin = session(&db, Role::Admin).await;
    let (x, y) = somewhere(&db).await;
    let outline = square(x + 300.0, y - 500.0, 150.0);
    let id = draft_area(&router, &author, "Granskat av någon annan", &outline).await;
    let path = format!("/personal/framtida-omrade/{id}");
    take_step(&router, &db, &author, &path, "skicka", "").await;
    // The second planner sends it back, rewrites it and sends it again: their own text.
    assert_eq!(
        take_step(&router, &db, &rewriter, &path, "tillbaka", "")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        rewrite_area(
            &router,
            &db,
            &rewriter,
            id,
            "Omskrivet utan granskning",
            &outline
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    take_step(&router, &db, &rewriter, &path, "skicka", "").await;
    // Neither of the two who wrote it may approve it; the page says why, and nothing is public.
    for writer in [&rewriter, &author] {
        let refused = take_step(&router, &db, writer, &path, "godkann", "").await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        assert!(body_text(refused).await.contains("En annan planerare"));
    }
    assert!(!public_plans_page(&router).await.contains("Omskrivet"));
    // Their overview does not list it as waiting for them; the admin's does.
    let overview = |who: &(String, Viewer)| {
        let token = who.0.clone();
        let router = router.clone();
        async move {
            body_text(send(&router, "GET", "/personal/planer", Some(&token), None).await).await
        }
    };
    for writer in [&rewriter, &author] {
        let page = overview(writer).await;
        let waiting = page
            .split("Väntar på min granskning")
            .nth(1)
            .and_then(|rest| rest.split("<h2").next())
            .unwrap_or_default();
        assert!(!waiting.contains("Omskrivet"), "{waiting}");
    }
    assert!(
        overview(&admin)
            .await
            .split("Väntar på min granskning")
            .nth(1)
            .and_then(|rest| rest.split("<h2").next())
            .is_some_and(|waiting| waiting.contains("Omskrivet utan granskning"))
    );
    // Someone who wrote none of it approves it.
    assert_eq!(
        take_step(&router, &db, &admin, &path, "godkann", "")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert!(
        public_plans_page(&router)
            .await
            .contains("Omskrivet utan granskning")
    );
    let editors: Vec<i64> = sqlx::query_scalar(
        "SELECT editor_ids FROM planning_revisions WHERE kind = 'future_area' AND subject_id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(editors, vec![author.1.account_id, rewriter.1.account_id]);
    db.drop_database().await;
}

#[tokio::test]
async fn withdrawing_checks_the_version_the_planner_saw() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let author = session(&db, Role::Planner).await;
    let reviewer = second_planner(&db).await;
    let (x, y) = somewhere(&db).await;
    let outline = square(x - 300.0, y + 500.0, 150.0);
    let id = draft_area(&router, &author, "Första versionen", &outline).await;
    let path = format!("/personal/framtida-omrade/{id}");
    take_step(&router, &db, &author, &path, "skicka", "").await;
    take_step(&router, &db, &reviewer, &path, "godkann", "").await;
    // The reviewer opens the page on the first publication ...
    let (seen, seen_version) = revision_of(&db, PlanningKind::FutureArea, id, "avpublicera").await;
    // ... while the author publishes a second, which the reviewer has not seen.
    let base = seen.clone();
    let mut form = area_form(&author.1.csrf_token, "Andra versionen", &outline);
    form.push(("grund".into(), base));
    assert_eq!(
        send(&router, "POST", &path, Some(&author.0), Some(form))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    take_step(&router, &db, &author, &path, "skicka", "").await;
    take_step(&router, &db, &reviewer, &path, "godkann", "").await;
    let stale = send(
        &router,
        "POST",
        &format!("{path}/avpublicera"),
        Some(&reviewer.0),
        Some(pairs(&[
            ("csrf", &reviewer.1.csrf_token),
            ("revision", &seen),
            ("version", &seen_version),
        ])),
    )
    .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert!(public_plans_page(&router).await.contains("Andra versionen"));
    // At the version it has now, it is withdrawn.
    assert_eq!(
        take_step(&router, &db, &reviewer, &path, "avpublicera", "")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert!(!public_plans_page(&router).await.contains("Andra versionen"));
    db.drop_database().await;
}

#[tokio::test]
async fn self_approval_is_allowed_only_when_configured() {
    let db = TestDb::with_sample().await;
    let router = db
        .router_with(|config| config.planner_self_approval = true)
        .layer(axum::extract::connect_info::MockConnectInfo(
            std::net::SocketAddr::from((crate::common::CLIENT, 40_000)),
        ));
    let author = session(&db, Role::Planner).await;
    let (x, y) = somewhere(&db).await;
    let id = draft_area(
        &router,
        &author,
        "Eget godkännande",
        &square(x - 70.0, y - 70.0, 140.0),
    )
    .await;
    let path = format!("/personal/framtida-omrade/{id}");
    take_step(&router, &db, &author, &path, "skicka", "").await;
    assert_eq!(
        take_step(&router, &db, &author, &path, "godkann", "")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert!(
        public_plans_page(&router)
            .await
            .contains("Eget godkännande")
    );
    // The plot it was drawn around names it on its fact sheet, with a link to its page (loaded
    // from the server: the page is the server's alone).
    let plot: i64 = sqlx::query_scalar("SELECT id FROM plots WHERE published ORDER BY id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let sheet = body_text(get(&router, &format!("/tomt/{plot}")).await).await;
    assert!(
        sheet.contains(&format!(
            "<a href=\"/framtida-omrade/{id}\" rel=\"external\">Eget godkännande</a>"
        )),
        "{sheet}"
    );
    db.drop_database().await;
}

#[tokio::test]
async fn two_approvals_at_the_same_moment_publish_once() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let author = session(&db, Role::Planner).await;
    let one = second_planner(&db).await;
    let two = session(&db, Role::Admin).await;
    let (x, y) = somewhere(&db).await;
    let id = draft_area(
        &router,
        &author,
        "Dubbelgodkänt",
        &square(x - 60.0, y - 60.0, 120.0),
    )
    .await;
    let path = format!("/personal/framtida-omrade/{id}");
    take_step(&router, &db, &author, &path, "skicka", "").await;
    let (revision, version) = revision_of(&db, PlanningKind::FutureArea, id, "godkann").await;
    let form = PlanningStepForm {
        revision,
        version,
        ..PlanningStepForm::default()
    };
    let now = Utc::now();
    let approve = |viewer: Viewer| {
        let (pool, form) = (db.pool.clone(), form.clone());
        async move {
            planning::step(
                &pool,
                &viewer,
                (PlanningKind::FutureArea, id),
                PlanningStep::Approve,
                &form,
                false,
                now,
            )
            .await
        }
    };
    let (a, b) = tokio::join!(approve(one.1.clone()), approve(two.1.clone()));
    assert_eq!(
        [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
        1,
        "exactly one approval publishes: {a:?} {b:?}"
    );
    assert!(matches!(
        a.err().or(b.err()),
        Some(planning::PlanningRefused::Conflict(_))
    ));
    let published = format!(
        "SELECT count(*) FROM planning_events WHERE subject_id = {id} AND kind = 'future_area' AND action = 'published'"
    );
    assert_eq!(count(&db.pool, &published).await, 1);
    assert_eq!(
        count(
            &db.pool,
            &format!("SELECT count(*) FROM public_changes WHERE future_area_id = {id}")
        )
        .await,
        1
    );
    db.drop_database().await;
}

/// A clock the test moves.
struct TestClock(AtomicI64);

impl planning::Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.0.load(Ordering::SeqCst), 0).unwrap()
    }
}

#[tokio::test]
async fn a_scheduled_publication_happens_at_its_time_and_survives_a_restart() {
    let db = TestDb::with_sample().await;
    // 1 December 2026, 12:00 Swedish time (11:00 UTC).
    let noon = DateTime::parse_from_rfc3339("2026-12-01T11:00:00Z")
        .unwrap()
        .timestamp();
    let clock = Arc::new(TestClock(AtomicI64::new(noon)));
    let router = http::router_with_clock(
        &crate::common::test_config(&db.url),
        db.pool.clone(),
        clock.clone(),
    )
    .layer(axum::extract::connect_info::MockConnectInfo(
        std::net::SocketAddr::from((crate::common::CLIENT, 40_000)),
    ));
    let author = session(&db, Role::Planner).await;
    let reviewer = second_planner(&db).await;
    let (x, y) = somewhere(&db).await;
    let id = draft_area(
        &router,
        &author,
        "Schemalagda området",
        &square(x - 50.0, y - 50.0, 100.0),
    )
    .await;
    let path = format!("/personal/framtida-omrade/{id}");
    take_step(&router, &db, &author, &path, "skicka", "").await;
    let scheduled = take_step(
        &router,
        &db,
        &reviewer,
        &path,
        "godkann",
        "2026-12-02T08:00",
    )
    .await;
    assert_eq!(scheduled.status(), StatusCode::SEE_OTHER);
    assert!(
        scheduled.headers()[header::LOCATION]
            .to_str()
            .unwrap()
            .contains("schemalagd")
    );
    assert!(
        !public_plans_page(&router)
            .await
            .contains("Schemalagda området")
    );
    let page = body_text(send(&router, "GET", &path, Some(&author.0), None).await).await;
    assert!(
        page.contains("2026-12-02 08:00"),
        "the page says when, in Swedish time"
    );

    // The server stops before the time; another starts after it (a new pool, nothing in memory
    // carried over). 08:00 Swedish time is 07:00 UTC.
    let before = DateTime::parse_from_rfc3339("2026-12-02T06:59:00Z")
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(planning::publish_due(&db.pool, before).await.unwrap(), 0);
    db.pool.close().await;
    let restarted = markkartan_server::db::connect(&db.url).await.unwrap();
    let after = DateTime::parse_from_rfc3339("2026-12-02T07:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    clock.0.store(after.timestamp(), Ordering::SeqCst);
    // The restarted server's scheduler, ticking on the test's clock, publishes it with nobody
    // signed in; a second instance's scheduler, on a pool of its own, ticks beside it and
    // publishes nothing more.
    let other_instance = markkartan_server::db::connect(&db.url).await.unwrap();
    for pool in [&restarted, &other_instance] {
        planning::spawn_scheduler(
            pool.clone(),
            clock.clone(),
            std::time::Duration::from_millis(20),
        );
    }
    let public = async {
        loop {
            let n: i64 =
                sqlx::query_scalar("SELECT count(*) FROM published_future_areas WHERE id = $1")
                    .bind(id)
                    .fetch_one(&restarted)
                    .await
                    .unwrap();
            if n == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(10), public)
        .await
        .expect("the scheduler publishes the due revision");
    // Long enough for both schedulers to have ticked many times more.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let by_server: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM planning_events WHERE subject_id = $1 AND action = 'published' AND account_id IS NULL",
    )
    .bind(id)
    .fetch_one(&restarted)
    .await
    .unwrap();
    assert_eq!(by_server, 1, "published once, by one of the servers");
    restarted.close().await;
    other_instance.close().await;
    let db = TestDb {
        pool: markkartan_server::db::connect(&db.url).await.unwrap(),
        ..db
    };
    db.drop_database().await;
}

/// One request of the leak test's walk.
#[derive(Debug)]
enum Walk {
    /// A page, the API, a feed, a picture: answered, or 404 for what is not published.
    Get(String),
    /// A public server function with its form-encoded or JSON arguments: each call is one the
    /// public pages make, so it must be answered (2xx), never refused, or the walk would pass
    /// without having read what the function returns.
    Form(&'static str, String),
    Json(&'static str, String),
}

/// Every public route, with the ids that exist: each page path the app has (a new one must be
/// added here, or the test fails), the JSON API, the feed, the sitemap, the link-preview
/// pictures, and every public server function.
async fn public_routes(db: &TestDb) -> Vec<Walk> {
    let plots: Vec<i64> = sqlx::query_scalar("SELECT id FROM plots ORDER BY id")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    // Every id any plan or area has or has reserved (drafts included), and one past them.
    let subjects: Vec<i64> = sqlx::query_scalar(
        "SELECT generate_series(1, (SELECT max(subject_id) + 1 FROM planning_revisions))::bigint",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    // A place inside every revision, published or not: what applies there may name only what
    // is published.
    let places: Vec<(f64, f64)> = sqlx::query_as(
        "SELECT ST_Y(p), ST_X(p) FROM planning_revisions r,
                ST_Transform(ST_PointOnSurface(r.geom), 4326) AS p ORDER BY r.id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let mut gets: Vec<String> = Vec::new();
    for path in http::page_paths() {
        if markkartan_app::is_workspace_path(&path) {
            continue;
        }
        match path.as_str() {
            "/tomt/{id}" => gets.extend(plots.iter().map(|id| format!("/tomt/{id}"))),
            "/plan/{id}" => gets.extend(subjects.iter().map(|id| format!("/plan/{id}"))),
            "/framtida-omrade/{id}" => {
                gets.extend(subjects.iter().map(|id| format!("/framtida-omrade/{id}")))
            }
            "/markanvandning/{id}" => {
                gets.extend(subjects.iter().map(|id| format!("/markanvandning/{id}")))
            }
            "/sok" => gets.extend([
                "/sok?q=L%C3%84CK".into(),
                "/sok?q=Ekbacken".into(),
                "/sok?q=G%C3%B6rla".into(),
            ]),
            "/intresse" => gets.extend(plots.iter().map(|id| format!("/intresse?tomt={id}"))),
            // Every plot compared, four at a time (published or not, reserved or not).
            "/jamfor" => gets.extend(plots.chunks(4).map(|four| {
                let query: Vec<String> = four.iter().map(|id| format!("tomt={id}")).collect();
                format!("/jamfor?{}", query.join("&"))
            })),
            // The booking page for every plot and every plan or area id; a booking's page
            // for a token that is none.
            "/boka" => {
                gets.extend(plots.iter().map(|id| format!("/boka?tomt={id}")));
                gets.extend(subjects.iter().map(|id| format!("/boka?plan={id}")));
                gets.extend(
                    subjects
                        .iter()
                        .map(|id| format!("/boka?framtida_omrade={id}")),
                );
            }
            "/boka/bokad" => gets.push(format!("/boka/bokad?nyckel={}", "0".repeat(64))),
            // A proposal's link that is none (tests/integration/proposals.rs walks real ones
            // for other cases' data and internal notes).
            "/forslag/{nyckel}" => gets.push(format!("/forslag/{}", "0".repeat(64))),
            // A survey's link that is none (tests/integration/insights.rs walks a real one).
            "/enkat/{nyckel}" => gets.push(format!("/enkat/{}", "0".repeat(64))),
            "/plats" => gets.extend(
                places
                    .iter()
                    .map(|(lat, lon)| format!("/plats?lat={lat}&lon={lon}")),
            ),
            "/" | "/tomter" | "/planer" | "/sammanhangande" | "/tillganglighet"
            | "/intresse/skickad" => gets.push(path.clone()),
            other => panic!("the leak test does not walk {other}: add it to public_routes"),
        }
    }
    let english: Vec<String> = gets
        .iter()
        .map(|p| format!("{p}{}lang=en", if p.contains('?') { '&' } else { '?' }))
        .collect();
    gets.extend(english);
    gets.extend([
        "/api/plots".into(),
        "/flode.atom".into(),
        "/sitemap.xml".into(),
        "/robots.txt".into(),
    ]);
    // OGC API – Features: every collection, all its items, and each item by every id a plan,
    // area or plot has or has reserved; OGC API – Tiles: the tiles at three zooms over every
    // plot, plan, area and draft there is, published or not.
    let tiles: Vec<(i32, i64, i64)> = sqlx::query_as(
        "SELECT DISTINCT z, floor((ST_X(c) + w) / (2 * w / 2 ^ z))::bigint,
                floor((w - ST_Y(c)) / (2 * w / 2 ^ z))::bigint
           FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 3857) AS c FROM plot_records
                 UNION ALL SELECT ST_Transform(ST_PointOnSurface(geom), 3857) FROM detailed_plans
                 UNION ALL SELECT ST_Transform(ST_PointOnSurface(geom), 3857) FROM future_areas
                 UNION ALL SELECT ST_Transform(ST_PointOnSurface(geom), 3857) FROM planning_revisions) g,
                (VALUES (10), (14), (17)) zooms(z), (SELECT 20037508.342789244 AS w) world",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!(tiles.len() > 20);
    // Each document also as the page a browser gets (f=html).
    let mut documents: Vec<String> = vec![
        "/ogc".into(),
        "/ogc/conformance".into(),
        "/ogc/collections".into(),
        "/ogc/api".into(),
    ];
    for source in markkartan_server::db::ogc::SOURCES {
        let collection = format!("/ogc/collections/{}", source.id);
        documents.push(format!("{collection}/items?limit=1000"));
        documents.push(format!("{collection}/queryables"));
        documents.push(collection.clone());
        documents.extend(
            subjects
                .iter()
                .chain(&plots)
                .map(|id| format!("{collection}/items/{id}")),
        );
    }
    for document in documents {
        let separator = if document.contains('?') { '&' } else { '?' };
        gets.push(format!("{document}{separator}f=html"));
        gets.push(document);
    }
    for source in markkartan_server::db::ogc::SOURCES {
        let collection = format!("/ogc/collections/{}", source.id);
        if source.tiles {
            gets.push(format!("{collection}/tiles"));
            gets.push(format!("{collection}/tiles/WebMercatorQuad"));
            gets.push(format!("{collection}/tiles/WebMercatorQuad/tilejson.json"));
            gets.extend(
                tiles
                    .iter()
                    .map(|(z, x, y)| format!("{collection}/tiles/WebMercatorQuad/{z}/{y}/{x}")),
            );
        }
    }
    for id in &subjects {
        gets.push(format!("/plan/{id}/flode.atom"));
        gets.push(format!("/framtida-omrade/{id}/flode.atom"));
    }
    gets.extend(plots.iter().map(|id| format!("/tomt/{id}/bild.png")));
    let mut routes: Vec<Walk> = gets.into_iter().map(Walk::Get).collect();
    // The public server functions (POST, form-encoded, or JSON where declared so).
    let functions: Vec<(&str, String)> = vec![
        ("/api/map-data", "with_plans=false".into()),
        ("/api/map-data", "with_plans=true".into()),
        // The whole municipality, and closer in around Norrtälje.
        (
            "/api/in-view",
            "vy=2000000,-8500000,150000,200000&px=150&with_plans=true".into(),
        ),
        ("/api/in-view", "vy=2080000,-8360000,8000,5000&px=8".into()),
        ("/api/plans", String::new()),
        ("/api/places", String::new()),
        ("/api/search-suggestions", String::new()),
        ("/api/search", "text=L%C3%84CK".into()),
        ("/api/search", "text=Ekbacken".into()),
        ("/api/contiguous-sites", "min_area_m2=1".into()),
        ("/api/interest-subject", String::new()),
    ];
    for (path, body) in functions {
        routes.push(Walk::Form(path, body));
    }
    let every_plot = serde_json::json!({ "filter": markkartan_app::domain::PlotFilter::default() });
    for path in ["/api/search-plots", "/api/matching-plot-ids"] {
        routes.push(Walk::Json(path, every_plot.to_string()));
    }
    for id in &plots {
        routes.push(Walk::Form("/api/fact-sheet", format!("id={id}")));
        routes.push(Walk::Form("/api/map-data", format!("tomt={id}")));
    }
    for (lat, lon) in &places {
        routes.push(Walk::Form("/api/place", format!("lat={lat}&lon={lon}")));
        routes.push(Walk::Form(
            "/api/place-panel",
            format!("at={lat}%2C{lon}&lang=sv"),
        ));
        routes.push(Walk::Get(format!("/?plats={lat},{lon}")));
    }
    for id in &subjects {
        for kind in ["detailed_plan", "future_area", "land_use_area"] {
            routes.push(Walk::Form(
                "/api/planning-page",
                format!("kind={kind}&id={id}"),
            ));
        }
    }
    routes
}

#[tokio::test]
async fn nothing_unpublished_reaches_the_public_by_any_route() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let author = session(&db, Role::Planner).await;
    let (x, y) = somewhere(&db).await;
    // A draft plan, over the sample's plots so a fact sheet could name it.
    let plan = send(
        &router,
        "POST",
        "/personal/plan/ny",
        Some(&author.0),
        Some(pairs(&[
            ("csrf", &author.1.csrf_token),
            ("namn", "LÄCKPLAN utkastet"),
            ("plan_id", "0188-P2099/LÄCKA"),
            ("skede", "samrad"),
            ("nasta_skede_datum", "2099-01-01"),
            ("anvandning", "J"),
            ("syfte", "LÄCKSYFTE"),
            ("geometri", &square(x - 300.0, y - 300.0, 600.0)),
        ])),
    )
    .await;
    assert_eq!(
        plan.status(),
        StatusCode::SEE_OTHER,
        "{}",
        body_text(plan).await
    );
    // A draft future area.
    let area = send(
        &router,
        "POST",
        "/personal/framtida-omrade/ny",
        Some(&author.0),
        Some(area_form(
            &author.1.csrf_token,
            "LÄCKOMRÅDE Ekbacken",
            &square(x - 200.0, y - 200.0, 400.0),
        )),
    )
    .await;
    assert_eq!(area.status(), StatusCode::SEE_OTHER);
    // A revision of a published plan (in review, so further along than a draft), renamed and
    // with another purpose and stage date.
    let published: i64 =
        sqlx::query_scalar("SELECT id FROM published_plans WHERE plan_id = '0188-P2016/2'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let base: i64 = sqlx::query_scalar(
        "SELECT id FROM planning_revisions WHERE kind = 'detailed_plan' AND subject_id = $1 AND state = 'published'",
    )
    .bind(published)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let revision = send(
        &router,
        "POST",
        &format!("/personal/plan/{published}"),
        Some(&author.0),
        Some(pairs(&[
            ("csrf", &author.1.csrf_token),
            ("grund", &base.to_string()),
            ("namn", "Focksta LÄCKREVISION"),
            ("plan_id", "0188-P2016/2"),
            ("skede", "laga_kraft"),
            ("datum_laga_kraft", "2099-12-31"),
            ("anvandning", "H"),
            ("syfte", "REVIDERAT LÄCKSYFTE"),
            ("byggratt", "LÄCKBYGGRÄTT"),
            ("geometri", &square(x - 900.0, y - 900.0, 300.0)),
        ])),
    )
    .await;
    assert_eq!(
        revision.status(),
        StatusCode::SEE_OTHER,
        "{}",
        body_text(revision).await
    );
    let path = format!("/personal/plan/{published}");
    assert_eq!(
        take_step(&router, &db, &author, &path, "skicka", "")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );

    // A land-use area in review, over the land use the sample gives the plots' place.
    let land_use = send(
        &router,
        "POST",
        "/personal/markanvandning/ny",
        Some(&author.0),
        Some(pairs(&[
            ("csrf", &author.1.csrf_token),
            ("namn", "LÄCKANVÄNDNING Norr"),
            ("beskrivning", "LÄCKINRIKTNING"),
            ("kategori", "infrastruktur"),
            ("plandokument", "https://example.invalid/LACKOP"),
            ("geometri", &square(x - 500.0, y + 100.0, 700.0)),
        ])),
    )
    .await;
    assert_eq!(land_use.status(), StatusCode::SEE_OTHER);
    let land_use_path = format!("/personal/markanvandning/{}", redirected_id(&land_use));
    assert_eq!(
        take_step(&router, &db, &author, &land_use_path, "skicka", "")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );

    // What only the unpublished have: names, the plan id, texts, dates, an outline's
    // coordinates (as SVG in EPSG:3857 and as GeoJSON). The search pages echo what was
    // searched for ("LÄCK", "Ekbacken"), never more.
    let mut secrets: Vec<String> = [
        "LÄCKPLAN utkastet",
        "LÄCKOMRÅDE Ekbacken",
        "Focksta LÄCKREVISION",
        "LÄCKSYFTE",
        "LÄCKBYGGRÄTT",
        "LÄCKANVÄNDNING",
        "LÄCKINRIKTNING",
        "LACKOP",
        "P2099",
        "2099-01-01",
        "2099-12-31",
        "december 2099",
    ]
    .map(String::from)
    .to_vec();
    let outlines: Vec<(String, String)> = sqlx::query_as(
        "SELECT ST_AsSVG(ST_Transform(geom, 3857), 0, 0), ST_AsGeoJSON(geom, 2)
           FROM planning_revisions WHERE state <> 'published'",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(outlines.len(), 4);
    for (svg, geojson) in outlines {
        // The first coordinate pair of each.
        secrets.push(svg.split(' ').take(2).collect::<Vec<_>>().join(" "));
        let start = geojson.find("[[[").unwrap() + 3;
        secrets.push(geojson[start..].split(']').next().unwrap().to_string());
    }
    let routes = public_routes(&db).await;
    assert!(
        routes.len() > 100,
        "the walk covers the site: {} requests",
        routes.len()
    );
    let mut leaks = Vec::new();
    let mut refused = Vec::new();
    for walk in routes {
        let response = match &walk {
            Walk::Get(path) => get(&router, path).await,
            Walk::Form(path, body) => router.clone().oneshot_form(path, body).await,
            Walk::Json(path, body) => send_json(&router, path, None, body).await,
        };
        let status = response.status();
        assert!(!status.is_server_error(), "{walk:?}: {status}");
        if !matches!(walk, Walk::Get(_)) && !status.is_success() {
            refused.push(format!("{walk:?}: {status}"));
        }
        let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024)
            .await
            .unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for secret in &secrets {
            if text.contains(secret.as_str()) {
                leaks.push(format!("{walk:?} shows {secret:?}"));
            }
        }
    }
    assert!(
        refused.is_empty(),
        "server functions refused the walk's call, so it read nothing from them:\n{}",
        refused.join("\n")
    );
    assert!(
        leaks.is_empty(),
        "unpublished content reached the public:\n{}",
        leaks.join("\n")
    );
    // The public still sees the published version of the revised plan.
    let page = body_text(get(&router, &format!("/plan/{published}")).await).await;
    assert!(page.contains("Focksta industriområde"));
    db.drop_database().await;
}

/// A form-encoded POST through the router.
trait OneshotForm {
    async fn oneshot_form(self, path: &str, body: &str) -> axum::response::Response;
}

impl OneshotForm for axum::Router {
    async fn oneshot_form(self, path: &str, body: &str) -> axum::response::Response {
        use tower::ServiceExt;
        self.oneshot(
            axum::http::Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(axum::body::Body::from(body.to_string()))
                .unwrap(),
        )
        .await
        .unwrap()
    }
}

#[tokio::test]
async fn every_planning_route_and_server_function_checks_the_role() {
    use StatusCode as S;
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let plan: i64 = sqlx::query_scalar("SELECT min(id) FROM published_plans")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let mut matrix = crate::common::Matrix::new(&db).await;
    let pages: [(&str, String, [StatusCode; 4]); 4] = [
        (
            "GET /personal/planer",
            "/personal/planer".into(),
            [S::UNAUTHORIZED, S::OK, S::OK, S::OK],
        ),
        (
            "GET /personal/plan/{id}",
            format!("/personal/plan/{plan}"),
            [S::UNAUTHORIZED, S::OK, S::OK, S::OK],
        ),
        (
            "GET /personal/plan/ny",
            "/personal/plan/ny".into(),
            [S::UNAUTHORIZED, S::FORBIDDEN, S::OK, S::OK],
        ),
        (
            "GET /personal/framtida-omrade/{id} (none)",
            "/personal/framtida-omrade/999999".into(),
            [S::UNAUTHORIZED, S::NOT_FOUND, S::NOT_FOUND, S::NOT_FOUND],
        ),
    ];
    for (what, path, expected) in pages {
        matrix
            .expect(what, expected, async |_, token, _| {
                send(&router, "GET", &path, token, None).await.status()
            })
            .await;
    }
    let functions: [(&str, String, [StatusCode; 4]); 2] = [
        (
            "planning-overview",
            String::new(),
            [S::UNAUTHORIZED, S::OK, S::OK, S::OK],
        ),
        (
            "planning-editor",
            "kind=future_area".into(),
            [S::UNAUTHORIZED, S::FORBIDDEN, S::OK, S::OK],
        ),
    ];
    for (name, body, expected) in functions {
        matrix
            .expect(name, expected, async |_, token, _| {
                let mut request = axum::http::Request::post(format!("/api/{name}"))
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                if let Some(token) = token {
                    request =
                        request.header(header::COOKIE, format!("{}={token}", auth::SESSION_COOKIE));
                }
                use tower::ServiceExt;
                router
                    .clone()
                    .oneshot(request.body(axum::body::Body::from(body.clone())).unwrap())
                    .await
                    .unwrap()
                    .status()
            })
            .await;
    }
    // The forms: an empty draft is refused as invalid (422) for those who may write one.
    let forms: [(&str, String, [StatusCode; 4]); 3] = [
        (
            "POST /personal/plan/ny",
            "/personal/plan/ny".into(),
            [
                S::UNAUTHORIZED,
                S::FORBIDDEN,
                S::UNPROCESSABLE_ENTITY,
                S::UNPROCESSABLE_ENTITY,
            ],
        ),
        (
            "POST /personal/plan/{id}/skicka",
            format!("/personal/plan/{plan}/skicka"),
            [S::UNAUTHORIZED, S::FORBIDDEN, S::CONFLICT, S::CONFLICT],
        ),
        (
            "POST /personal/framtida-omrade/{id}/avpublicera (none)",
            "/personal/framtida-omrade/999999/avpublicera".into(),
            [S::UNAUTHORIZED, S::FORBIDDEN, S::NOT_FOUND, S::NOT_FOUND],
        ),
    ];
    for (what, path, expected) in forms {
        matrix
            .expect(what, expected, async |_, token, csrf| {
                send(
                    &router,
                    "POST",
                    &path,
                    token,
                    Some(pairs(&[("csrf", csrf)])),
                )
                .await
                .status()
            })
            .await;
    }
    matrix.assert_all_as_expected();
    db.drop_database().await;
}

/// An interest form about a plan or future area, as the public page's link fills it in.
fn interest_form(param: &str, id: &str) -> Vec<(String, String)> {
    pairs(&[
        (param, id),
        ("lang", "sv"),
        ("foretag", "Framtidslogistik AB"),
        ("orgnr", "556677-8899"),
        ("kontaktperson", "Kim Andersson"),
        ("epost", "kim@framtid.example"),
        ("yta", "20000"),
        ("start", "2031-05"),
        ("samtycke", "ja"),
    ])
}

#[tokio::test]
async fn companies_register_interest_in_a_future_area_before_any_plan_exists() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let author = session(&db, Role::Planner).await;
    let reviewer = second_planner(&db).await;
    let (x, y) = somewhere(&db).await;
    let outline = square(x - 80.0, y - 80.0, 160.0);
    let published = draft_area(&router, &author, "Efterfrågeområdet", &outline).await;
    let unpublished = draft_area(&router, &author, "Ännu ett utkast", &outline).await;
    let path = format!("/personal/framtida-omrade/{published}");
    take_step(&router, &db, &author, &path, "skicka", "").await;
    take_step(&router, &db, &reviewer, &path, "godkann", "").await;

    // The public page leads to the form about it, which names it.
    let page = body_text(get(&router, &format!("/framtida-omrade/{published}")).await).await;
    assert!(page.contains(&format!("/intresse?framtida_omrade={published}")));
    let form_page =
        body_text(get(&router, &format!("/intresse?framtida_omrade={published}")).await).await;
    assert!(
        form_page.contains("Framtida område: Efterfrågeområdet"),
        "{form_page}"
    );

    let sent = send(
        &router,
        "POST",
        "/intresse",
        None,
        Some(interest_form("framtida_omrade", &published.to_string())),
    )
    .await;
    assert_eq!(
        sent.status(),
        StatusCode::SEE_OTHER,
        "{}",
        body_text(sent).await
    );
    assert_eq!(
        count(
            &db.pool,
            &format!("SELECT count(*) FROM interests WHERE future_area_id = {published}")
        )
        .await,
        1
    );
    // A draft is no subject: refused naming the field, nothing stored, nothing said of it.
    let refused = send(
        &router,
        "POST",
        "/intresse",
        None,
        Some(interest_form("framtida_omrade", &unpublished.to_string())),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = body_text(refused).await;
    assert!(
        refused.contains("finns inte bland de publicerade") && !refused.contains("Ännu ett utkast")
    );
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM interests WHERE company_name = 'Framtidslogistik AB'"
        )
        .await,
        1
    );

    // The inbox says what it is about.
    let staff = session(&db, Role::Staff).await;
    let inbox =
        body_text(send(&router, "GET", "/personal/intresse", Some(&staff.0), None).await).await;
    assert!(
        inbox.contains("Framtida område Efterfrågeområdet"),
        "the inbox names the area"
    );
    // The planner sees the demand: how many, how much land, from when.
    let planner_page = body_text(send(&router, "GET", &path, Some(&author.0), None).await).await;
    assert!(
        planner_page.contains("1 intresseanmälningar"),
        "{planner_page}"
    );
    assert!(planner_page.contains("20\u{202f}000"), "the wanted area");
    assert!(planner_page.contains("2031-05"));
    db.drop_database().await;
}

#[tokio::test]
async fn a_plans_outline_comes_from_a_file_in_parts_with_hundreds_of_corners() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let author = session(&db, Role::Planner).await;
    let (x, y) = somewhere(&db).await;
    // Two parts in WGS 84 (as a consultant's GIS exports them): a circle of 400 corners around
    // the sample's first plot, and a square beside it.
    let (lon, lat): (f64, f64) = sqlx::query_as(
        "SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 3011), 4326) AS p",
    )
    .bind(x)
    .bind(y)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let circle: Vec<String> = (0..=400)
        .map(|i| {
            let a = std::f64::consts::TAU * f64::from(i % 400) / 400.0;
            format!("[{},{}]", lon + 0.003 * a.cos(), lat + 0.0015 * a.sin())
        })
        .collect();
    let (sx, sy) = (lon + 0.006, lat);
    let file = format!(
        r#"{{"type":"FeatureCollection","features":[
            {{"type":"Feature","properties":{{"namn":"del 1"}},"geometry":{{"type":"Polygon","coordinates":[[{}]]}}}},
            {{"type":"Feature","properties":{{"namn":"del 2"}},"geometry":{{"type":"Polygon","coordinates":[[[{sx},{sy}],[{},{sy}],[{},{}],[{sx},{}],[{sx},{sy}]]]}}}}
        ]}}"#,
        circle.join(","),
        sx + 0.001,
        sx + 0.001,
        sy + 0.001,
        sy + 0.001,
    );
    let response = crate::common::send_multipart(
        &router,
        "/personal/plan/ny/ytterkant",
        Some(&author.0),
        &[("csrf", &author.1.csrf_token), ("koordinatsystem", "4326")],
        Some(("fil", "plan.geojson", file.as_bytes())),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = body_text(response).await;
    assert!(
        page.contains("Ytterkanten är hämtad från plan.geojson: 2 delar"),
        "{page}"
    );
    assert!(page.contains("MultiPolygon"), "the form holds the outline");
    assert!(
        page.contains("Ytan har 2 delar"),
        "the map says it draws the parts"
    );

    // Saved with the rest of the draft, it is stored as one MultiPolygon of every corner.
    let (geojson, _) = planning::outline_from_file(
        &db.pool,
        "plan.geojson",
        file.as_bytes().to_vec(),
        Some(markkartan_app::domain::Crs::Wgs84),
    )
    .await
    .unwrap();
    let saved = send(
        &router,
        "POST",
        "/personal/plan/ny",
        Some(&author.0),
        Some(pairs(&[
            ("csrf", &author.1.csrf_token),
            ("namn", "Plan i två delar"),
            ("plan_id", "0188-P2027/9"),
            ("skede", "planbesked"),
            ("geometri", &geojson),
        ])),
    )
    .await;
    let id = redirected_id(&saved);
    let (kind, points): (String, i32) = sqlx::query_as(
        "SELECT GeometryType(geom), ST_NPoints(geom) FROM planning_revisions WHERE kind = 'detailed_plan' AND subject_id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(kind, "MULTIPOLYGON");
    assert!(points > 400, "{points} corners");

    // A file without polygons, or not a geometry file at all, is refused naming the file.
    let lines = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[18.7,59.75],[18.71,59.76]]}}]}"#;
    for (name, bytes) in [
        ("linjer.geojson", lines.as_bytes()),
        ("plan.txt", b"<script>".as_slice()),
    ] {
        let refused = crate::common::send_multipart(
            &router,
            &format!("/personal/plan/{id}/ytterkant"),
            Some(&author.0),
            &[("csrf", &author.1.csrf_token)],
            Some(("fil", name, bytes)),
        )
        .await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(
            body_text(refused).await.contains("data-field=\"fil\""),
            "{name}: names the field"
        );
    }
    db.drop_database().await;
}

#[tokio::test]
async fn hostile_text_in_a_plan_is_refused_naming_its_field_or_shown_as_text() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let author = session(&db, Role::Planner).await;
    let reviewer = second_planner(&db).await;
    let (x, y) = somewhere(&db).await;
    let outline = square(x - 50.0, y - 50.0, 100.0);
    let long = "å".repeat(100_000);
    let refusals: [(&str, &str, &str); 8] = [
        ("namn", "Område\0", "namn"),
        // Positions PostGIS cannot read (it answered 503): refused by the form's reader.
        (
            "geometri",
            "{\"type\":\"Polygon\",\"coordinates\":[[[1],[2],[3],[1]]]}",
            "geometri",
        ),
        (
            "geometri",
            "{\"type\":\"Polygon\",\"coordinates\":[[[160000,6628000],[160100,6628000],[160100,6628100]]]}",
            "geometri",
        ),
        ("geometri", "", "geometri"),
        ("beskrivning", &long, "beskrivning"),
        ("horisont_fran", "=1+1", "horisont_fran"),
        ("markanvandning", "<script>", "markanvandning"),
        (
            "geometri",
            "{\"type\":\"Point\",\"coordinates\":[1,2]}",
            "geometri",
        ),
    ];
    for (field, value, named) in refusals {
        let form = area_form(&author.1.csrf_token, "Fientligt område", &outline);
        let page = refused_with(
            &router,
            &author,
            "/personal/framtida-omrade/ny",
            form,
            (field, value),
        )
        .await;
        assert!(
            page.contains(&format!("data-field=\"{named}\"")),
            "{field}: names {named}"
        );
        assert!(!page.contains("<script>"), "{field}: no markup echoed");
    }
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM planning_revisions WHERE name = 'Fientligt område'"
        )
        .await,
        0,
        "nothing stored"
    );

    // Markup in a name is text, on the public page, its title and the feed.
    let name = "</title><script>alert(1)</script> Området";
    let id = draft_area(&router, &author, name, &outline).await;
    let path = format!("/personal/framtida-omrade/{id}");
    take_step(&router, &db, &author, &path, "skicka", "").await;
    take_step(&router, &db, &reviewer, &path, "godkann", "").await;
    for page in [
        format!("/framtida-omrade/{id}"),
        "/planer".into(),
        "/flode.atom".into(),
        path.clone(),
    ] {
        let token = page.starts_with("/personal").then_some(author.0.as_str());
        let body = body_text(send(&router, "GET", &page, token, None).await).await;
        assert!(
            !body.contains("<script>alert(1)</script>"),
            "{page} shows the markup as text"
        );
        assert!(
            body.contains("&lt;script&gt;") || body.contains("&lt;/title&gt;"),
            "{page} has the name"
        );
    }
    db.drop_database().await;
}

#[tokio::test]
async fn a_plan_that_lifts_shore_protection_lifts_it_at_the_shore_once_published() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let author = session(&db, Role::Planner).await;
    let reviewer = second_planner(&db).await;
    // A sea shore far from every plan and extension: protected, 100 m.
    let (x, y, lat, lon): (f64, f64, f64, f64) = sqlx::query_as(
        "SELECT ST_X(m), ST_Y(m), ST_Y(ST_Transform(m, 4326)), ST_X(ST_Transform(m, 4326))
           FROM shorelines s CROSS JOIN LATERAL ST_LineInterpolatePoint(s.geom, 0.5) AS m
          WHERE s.water = 'sea' AND ST_Length(s.geom) > 2000
            AND EXISTS (SELECT 1 FROM municipality mu WHERE ST_DWithin(mu.geom, m, 1))
            AND NOT EXISTS (SELECT 1 FROM detailed_plans d WHERE ST_DWithin(d.geom, m, 500))
            AND NOT EXISTS (SELECT 1 FROM shore_protection_extensions e WHERE ST_DWithin(e.geom, m, 500))
          ORDER BY s.id LIMIT 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let point = markkartan_app::domain::PlacePoint { lat, lon };
    let shore = |report: markkartan_app::domain::PlaceReport| {
        report.shore_protection.expect("on the shore")
    };
    assert_eq!(
        shore(
            markkartan_server::db::place::at(&db.pool, point)
                .await
                .unwrap()
        )
        .lifted_by,
        None
    );
    let created = send(
        &router,
        "POST",
        "/personal/plan/ny",
        Some(&author.0),
        Some(pairs(&[
            ("csrf", &author.1.csrf_token),
            ("namn", "Strandplanen"),
            ("plan_id", "0188-P2026/STRAND"),
            ("skede", "laga_kraft"),
            ("datum_laga_kraft", "2026-11-01"),
            ("anvandning", "Z"),
            ("upphaver_strandskydd", "ja"),
            ("geometri", &square(x - 100.0, y - 100.0, 200.0)),
        ])),
    )
    .await;
    assert_eq!(
        created.status(),
        StatusCode::SEE_OTHER,
        "{}",
        body_text(created).await
    );
    let id = redirected_id(&created);
    let path = format!("/personal/plan/{id}");
    // The draft's form keeps the choice; the public does not see it yet.
    let form = body_text(send(&router, "GET", &path, Some(&author.0), None).await).await;
    assert!(
        form.contains(r#"name="upphaver_strandskydd" value="ja" checked"#),
        "{}",
        &form[form.find("upphaver_strandskydd").unwrap_or(0)..][..200]
    );
    assert_eq!(
        shore(
            markkartan_server::db::place::at(&db.pool, point)
                .await
                .unwrap()
        )
        .lifted_by,
        None,
        "a draft lifts nothing"
    );
    assert_eq!(
        take_step(&router, &db, &author, &path, "skicka", "")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        take_step(&router, &db, &reviewer, &path, "godkann", "")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        shore(
            markkartan_server::db::place::at(&db.pool, point)
                .await
                .unwrap()
        )
        .lifted_by
        .as_deref(),
        Some("Strandplanen"),
        "the plan in force lifts it"
    );
    let public = body_text(get(&router, &format!("/plan/{id}")).await).await;
    assert!(
        public.contains("Planen upphäver strandskyddet inom planområdet"),
        "the plan's page says so"
    );
    db.drop_database().await;
}
