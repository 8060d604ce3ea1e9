//! Several server instances on one database, as behind a load balancer: what one instance
//! knows, the others know, because it is kept in PostgreSQL and nowhere else. (The tile cache
//! is emptied on every instance by an edit through any: `ogc_tiles.rs`; a scheduled
//! publication happens once however many instances run the scheduler: `planning.rs`.)

use axum::{Router, extract::connect_info::MockConnectInfo, http::StatusCode};
use markkartan_app::domain::Role;
use std::net::SocketAddr;

use crate::common::{CLIENT, TestDb, body_text, count, send, session, test_config};

/// Another server on the same database: its own pool, its own memory.
async fn another_instance(db: &TestDb) -> Router {
    let pool = markkartan_server::db::connect(&db.url).await.unwrap();
    markkartan_server::http::router(&test_config(&db.url), pool)
        .layer(MockConnectInfo(SocketAddr::from((CLIENT, 40_000))))
}

#[tokio::test]
async fn two_instances_share_sessions_and_rate_limits() {
    let db = TestDb::with_sample().await;
    let first = crate::common::router(&db);
    let second = another_instance(&db).await;
    // A session made on one instance works on the other, and signing out on the other ends it
    // on both.
    let (token, viewer) = session(&db, Role::Staff).await;
    for instance in [&first, &second] {
        let page = send(instance, "GET", "/personal", Some(&token), None).await;
        assert_eq!(page.status(), StatusCode::OK);
        assert!(body_text(page).await.contains("/personal/logga-ut"));
    }
    let out = send(
        &second,
        "POST",
        "/personal/logga-ut",
        Some(&token),
        Some(vec![("csrf".into(), viewer.csrf_token.clone())]),
    )
    .await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let page = body_text(send(&first, "GET", "/personal", Some(&token), None).await).await;
    assert!(
        !page.contains("/personal/logga-ut"),
        "signed out everywhere"
    );
    // The interest form's limit (3 an hour in the tests) counts the forms sent to both: the
    // fourth is refused whichever instance it reaches.
    let id = db.plot_id("Rimbo 3:13").await;
    let form = |n: usize| -> Vec<(String, String)> {
        [
            ("tomt", id.to_string()),
            ("lang", "sv".into()),
            ("foretag", format!("Instansbolaget {n} AB")),
            ("orgnr", "556677-8899".into()),
            ("kontaktperson", "Kim Andersson".into()),
            ("epost", "kim@instansbolaget.example".into()),
            ("samtycke", "ja".into()),
            ("webbplats", String::new()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    };
    let mut statuses = Vec::new();
    for (n, instance) in [&first, &second, &first, &second].into_iter().enumerate() {
        statuses.push(
            send(instance, "POST", "/intresse", None, Some(form(n)))
                .await
                .status(),
        );
    }
    assert_eq!(
        statuses,
        [
            StatusCode::SEE_OTHER,
            StatusCode::SEE_OTHER,
            StatusCode::SEE_OTHER,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    assert_eq!(count(&db.pool, "SELECT count(*) FROM interests").await, 3);
    db.drop_database().await;
}
