//! OGC API – Features Part 4 on plots against the real server and database: API tokens issued
//! on the accounts page (shown once, stored hashed, revocable, expiring, each use logged),
//! create, replace, update and delete through HTTP with ETags, each in the workspace's history
//! and the feed, and the refusals: 428 without If-Match, 412 with a stale one and nothing
//! changed, 401, 403, and two PATCHes with one ETag at once, of which one wins.

use axum::{
    Router,
    body::Body,
    http::{Request, Response, StatusCode, header},
};
use markkartan_app::domain::Role;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::common::{TestDb, body_text, count, router, send, session};

/// A write to the API: the method, the path, headers, and a JSON body.
async fn write(
    router: &Router,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Response<Body> {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body = match body {
        Some(json) => Body::from(json.to_string()),
        None => Body::empty(),
    };
    router
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap()
}

/// An admin issues a token for a new account of `role`, through the accounts page's form.
async fn token_for(db: &TestDb, router: &Router, role: Role, name: &str) -> String {
    let (admin, viewer) = session(db, Role::Admin).await;
    let account = session(db, role).await.1.account_id;
    let response = send(
        router,
        "POST",
        "/personal/api-nycklar",
        Some(&admin),
        Some(vec![
            ("csrf".into(), viewer.csrf_token.clone()),
            ("namn".into(), name.into()),
            ("konto".into(), account.to_string()),
            ("dagar".into(), "30".into()),
        ]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let page = body_text(response).await;
    let at = page.find("mk_").expect("the token is shown once");
    page[at..at + 3 + 64].to_string()
}

/// The Authorization header for a token; the scheme in lower case, as RFC 9110 lets a client
/// write it.
fn bearer(token: &str) -> String {
    format!("bearer {token}")
}

/// A plot as the API reads it, and its ETag.
async fn read(router: &Router, id: i64) -> (Value, String) {
    let response = write(
        router,
        "GET",
        &format!("/ogc/collections/plots/items/{id}"),
        &[],
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let etag = response.headers()[header::ETAG]
        .to_str()
        .unwrap()
        .to_string();
    let feature: Value = serde_json::from_str(&body_text(response).await).unwrap();
    (feature, etag)
}

async fn problem_field(response: Response<Body>) -> String {
    let body: Value = serde_json::from_str(&body_text(response).await).unwrap();
    body["field"].as_str().unwrap_or_default().to_string()
}

async fn price(db: &TestDb, id: i64) -> Option<i32> {
    sqlx::query_scalar("SELECT price_sek_per_m2 FROM plots WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn tokens_are_shown_once_stored_hashed_logged_and_refused_once_revoked_or_expired() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let token = token_for(&db, &router, Role::Staff, "QGIS hos mark och exploatering").await;
    // Only the hash is kept.
    assert_eq!(count(&db.pool, "SELECT count(*) FROM api_tokens").await, 1);
    let stored: Vec<u8> = sqlx::query_scalar("SELECT token_sha256 FROM api_tokens")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_ne!(stored, token.as_bytes());
    assert_eq!(stored.len(), 32);
    // The accounts page lists it without the token.
    let (admin, _) = session(&db, Role::Admin).await;
    let page = body_text(send(&router, "GET", "/personal/konton", Some(&admin), None).await).await;
    assert!(page.contains("QGIS hos mark och exploatering"));
    assert!(!page.contains(&token));

    let id = db.plot_id("Görla 9:11").await;
    let (_, etag) = read(&router, id).await;
    let patch = json!({ "properties": { "price_sek_per_m2": 777 } });
    let auth = bearer(&token);
    let headers = [
        ("authorization", auth.as_str()),
        ("if-match", etag.as_str()),
        ("content-type", "application/merge-patch+json"),
    ];
    let path = format!("/ogc/collections/plots/items/{id}");
    assert_eq!(
        write(&router, "PATCH", &path, &headers, Some(&patch))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    // Its use is logged.
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM api_token_uses WHERE method = 'PATCH'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM api_tokens WHERE last_used_at IS NOT NULL"
        )
        .await,
        1
    );

    // Expired: refused.
    sqlx::query("UPDATE api_tokens SET issued_at = now() - interval '2 days', expires_at = now() - interval '1 day'")
        .execute(&db.pool)
        .await
        .unwrap();
    let (_, etag) = read(&router, id).await;
    let headers = [
        ("authorization", auth.as_str()),
        ("if-match", etag.as_str()),
        ("content-type", "application/merge-patch+json"),
    ];
    let response = write(&router, "PATCH", &path, &headers, Some(&patch)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(response.headers().contains_key(header::WWW_AUTHENTICATE));

    // Revoked: refused, through the page's form.
    sqlx::query("UPDATE api_tokens SET expires_at = now() + interval '1 day'")
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        write(&router, "PATCH", &path, &headers, Some(&patch))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let (admin, viewer) = session(&db, Role::Admin).await;
    let token_id: i64 = sqlx::query_scalar("SELECT id FROM api_tokens")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let revoked = send(
        &router,
        "POST",
        &format!("/personal/api-nycklar/{token_id}/aterkalla"),
        Some(&admin),
        Some(vec![("csrf".into(), viewer.csrf_token.clone())]),
    )
    .await;
    assert_eq!(revoked.status(), StatusCode::SEE_OTHER);
    let (_, etag) = read(&router, id).await;
    let headers = [
        ("authorization", auth.as_str()),
        ("if-match", etag.as_str()),
        ("content-type", "application/merge-patch+json"),
    ];
    assert_eq!(
        write(&router, "PATCH", &path, &headers, Some(&patch))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );

    // A form that cannot issue one says which field, and issues nothing.
    for (name, days) in [
        ("", "30"),
        ("x\u{0}y", "30"),
        ("Skript", "400"),
        ("Skript", "0"),
    ] {
        let response = send(
            &router,
            "POST",
            "/personal/api-nycklar",
            Some(&admin),
            Some(vec![
                ("csrf".into(), viewer.csrf_token.clone()),
                ("namn".into(), name.into()),
                ("konto".into(), viewer.account_id.to_string()),
                ("dagar".into(), days.into()),
            ]),
        )
        .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name} {days}"
        );
    }
    assert_eq!(count(&db.pool, "SELECT count(*) FROM api_tokens").await, 1);
    db.drop_database().await;
}

#[tokio::test]
async fn create_replace_update_and_delete_follow_the_workspace_rules_and_history() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let token = token_for(&db, &router, Role::Staff, "Skript").await;
    let auth = bearer(&token);
    let id = db.plot_id("Görla 9:11").await;
    let path = format!("/ogc/collections/plots/items/{id}");
    let (feature, etag) = read(&router, id).await;
    let history = |id: i64| format!("SELECT count(*) FROM plot_history WHERE plot_id = {id}");
    let before = count(&db.pool, &history(id)).await;

    // No If-Match: 428; a stale one: 412; nothing changed either time.
    let patch = json!({ "properties": { "price_sek_per_m2": 1234 } });
    let no_tag = [
        ("authorization", auth.as_str()),
        ("content-type", "application/merge-patch+json"),
    ];
    let response = write(&router, "PATCH", &path, &no_tag, Some(&patch)).await;
    assert_eq!(response.status(), StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(problem_field(response).await, "If-Match");
    let old_price = price(&db, id).await;
    let stale = etag.replace("-v", "-v9");
    for tag in [stale.as_str(), "*", "W/\"plot\""] {
        let headers = [
            ("authorization", auth.as_str()),
            ("if-match", tag),
            ("content-type", "application/merge-patch+json"),
        ];
        assert_eq!(
            write(&router, "PATCH", &path, &headers, Some(&patch))
                .await
                .status(),
            StatusCode::PRECONDITION_FAILED,
            "{tag}"
        );
    }
    assert_eq!(price(&db, id).await, old_price);

    // PATCH: the price changes, the history says who, the ETag moves on.
    let headers = [
        ("authorization", auth.as_str()),
        ("if-match", etag.as_str()),
        ("content-type", "application/merge-patch+json"),
    ];
    let response = write(&router, "PATCH", &path, &headers, Some(&patch)).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let new_etag = response.headers()[header::ETAG]
        .to_str()
        .unwrap()
        .to_string();
    assert_ne!(new_etag, etag);
    assert_eq!(price(&db, id).await, Some(1234));
    assert_eq!(count(&db.pool, &history(id)).await, before + 1);
    let by: String = sqlx::query_scalar(
        "SELECT a.name FROM plot_history h JOIN accounts a ON a.id = h.account_id
          WHERE h.plot_id = $1 ORDER BY h.id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(by, "Test staff");
    let (_, read_etag) = read(&router, id).await;
    assert_eq!(read_etag, new_etag);
    // The old tag is now stale.
    assert_eq!(
        write(&router, "PATCH", &path, &headers, Some(&patch))
            .await
            .status(),
        StatusCode::PRECONDITION_FAILED
    );

    // A rule the editor has: reserved needs whom for and until when; named, nothing stored.
    let headers = [
        ("authorization", auth.as_str()),
        ("if-match", new_etag.as_str()),
        ("content-type", "application/merge-patch+json"),
    ];
    let reserve = json!({ "properties": { "status": "reserved", "price_sek_per_m2": 1 } });
    let response = write(&router, "PATCH", &path, &headers, Some(&reserve)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem_field(response).await.starts_with("reserved_"));
    assert_eq!(price(&db, id).await, Some(1234));
    // What follows from elsewhere cannot be changed here: a 422 naming it, nothing stored.
    let rename = json!({ "properties": { "designation": "Görla 9:99", "price_sek_per_m2": 2 } });
    let response = write(&router, "PATCH", &path, &headers, Some(&rename)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_field(response).await, "designation");
    assert_eq!(price(&db, id).await, Some(1234));
    // Not a property a plot has, or the wrong type: a 400 naming it.
    for (patch, field) in [
        (
            json!({ "properties": { "internal_notes": "x" } }),
            "internal_notes",
        ),
        (json!({ "properties": { "fiber": "yes" } }), "fiber"),
        (
            json!({ "properties": { "price_sek_per_m2": "cheap" } }),
            "price_sek_per_m2",
        ),
        (
            json!({ "geometry": { "type": "Polygon", "coordinates": "x" } }),
            "geometry",
        ),
    ] {
        let response = write(&router, "PATCH", &path, &headers, Some(&patch)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{patch}");
        assert_eq!(problem_field(response).await, field);
    }

    // PUT: the feature as read, moved 5 m east and with a new description, in CRS84.
    let mut moved = feature.clone();
    let ring = moved["geometry"]["coordinates"][0].as_array_mut().unwrap();
    for corner in ring.iter_mut() {
        let lon = corner[0].as_f64().unwrap();
        corner[0] = json!(lon + 0.00009);
    }
    moved["properties"]["description"] = json!("Flyttad <b>fem</b> meter.");
    moved["properties"]["price_sek_per_m2"] = json!(1234);
    moved.as_object_mut().unwrap().remove("links");
    let headers = [
        ("authorization", auth.as_str()),
        ("if-match", new_etag.as_str()),
        ("content-type", "application/geo+json"),
    ];
    let response = write(&router, "PUT", &path, &headers, Some(&moved)).await;
    assert_eq!(
        response.status(),
        StatusCode::NO_CONTENT,
        "{}",
        body_text(response).await
    );
    let (after, put_etag) = read(&router, id).await;
    assert_eq!(
        after["properties"]["description"],
        "Flyttad <b>fem</b> meter."
    );
    let shifted = after["geometry"]["coordinates"][0][0][0].as_f64().unwrap()
        - feature["geometry"]["coordinates"][0][0][0]
            .as_f64()
            .unwrap();
    assert!((shifted - 0.00009).abs() < 0.000001, "{shifted}");
    assert!(
        count(&db.pool, &history(id)).await >= before + 3,
        "facts and outline in the history"
    );

    // A PUT onto a neighbour's land is refused whole: the new price is not stored either.
    let neighbour = db.plot_id("Görla 9:12").await;
    let (other, _) = read(&router, neighbour).await;
    let mut onto = after.clone();
    onto["geometry"] = other["geometry"].clone();
    onto["properties"]["price_sek_per_m2"] = json!(5);
    onto.as_object_mut().unwrap().remove("links");
    let headers = [
        ("authorization", auth.as_str()),
        ("if-match", put_etag.as_str()),
        ("content-type", "application/geo+json"),
    ];
    let response = write(&router, "PUT", &path, &headers, Some(&onto)).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(problem_field(response).await, "geometry");
    assert_eq!(price(&db, id).await, Some(1234));

    // DELETE: the plot leaves the public collection, its row and history stay.
    let response = write(
        &router,
        "DELETE",
        &path,
        &[("authorization", auth.as_str())],
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::PRECONDITION_REQUIRED);
    let headers = [
        ("authorization", auth.as_str()),
        ("if-match", put_etag.as_str()),
    ];
    assert_eq!(
        write(&router, "DELETE", &path, &headers, None)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        write(&router, "GET", &path, &[], None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        count(
            &db.pool,
            &format!(
                "SELECT count(*) FROM plot_records WHERE id = {id} AND retired_at IS NOT NULL"
            )
        )
        .await,
        1
    );

    // POST: a new plot on the land that was freed, available at once: in the feed too.
    let mut created = after.clone();
    created.as_object_mut().unwrap().remove("links");
    created.as_object_mut().unwrap().remove("id");
    created["properties"] = json!({
        "designation": "Görla 9:99",
        "business_area": after["properties"]["business_area"],
        "status": "available",
        "price_sek_per_m2": 650,
        "fiber": true,
    });
    let headers = [
        ("authorization", auth.as_str()),
        ("content-type", "application/geo+json"),
    ];
    let response = write(
        &router,
        "POST",
        "/ogc/collections/plots/items",
        &headers,
        Some(&created),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{}",
        body_text(response).await
    );
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    let new_id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let (new_plot, _) = read(&router, new_id).await;
    assert_eq!(new_plot["properties"]["designation"], "Görla 9:99");
    assert_eq!(new_plot["properties"]["status"], "available");
    assert_eq!(new_plot["properties"]["fiber"], true);
    assert_eq!(
        count(&db.pool, &format!("SELECT count(*) FROM public_changes WHERE plot_id = {new_id} AND kind = 'plot_available'")).await,
        1
    );
    assert!(
        count(&db.pool, &history(new_id)).await >= 2,
        "drawn, then its facts"
    );
    // The same name again is refused, naming it.
    let response = write(
        &router,
        "POST",
        "/ogc/collections/plots/items",
        &headers,
        Some(&created),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(problem_field(response).await, "designation");
    db.drop_database().await;
}

#[tokio::test]
async fn only_accounts_that_edit_plots_write_and_only_plots() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let id = db.plot_id("Görla 9:11").await;
    let path = format!("/ogc/collections/plots/items/{id}");
    let (_, etag) = read(&router, id).await;
    let patch = json!({ "properties": { "price_sek_per_m2": 900 } });
    let json_patch = ("content-type", "application/merge-patch+json");
    let if_match = ("if-match", etag.as_str());

    // Anonymous: 401 and how to authenticate.
    let response = write(
        &router,
        "PATCH",
        &path,
        &[if_match, json_patch],
        Some(&patch),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(
        response.headers()[header::WWW_AUTHENTICATE]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
    let response = write(
        &router,
        "PATCH",
        &path,
        &[
            ("authorization", "bearer mk_nonsense"),
            if_match,
            json_patch,
        ],
        Some(&patch),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    // A planner's token: 403.
    let planner = token_for(&db, &router, Role::Planner, "Planerarens skript").await;
    let auth = bearer(&planner);
    let response = write(
        &router,
        "PATCH",
        &path,
        &[("authorization", auth.as_str()), if_match, json_patch],
        Some(&patch),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // A staff session needs its CSRF token.
    let (cookie, viewer) = session(&db, Role::Staff).await;
    let cookie = format!("{}={cookie}", markkartan_server::auth::SESSION_COOKIE);
    let response = write(
        &router,
        "PATCH",
        &path,
        &[("cookie", cookie.as_str()), if_match, json_patch],
        Some(&patch),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem_field(response).await, "X-CSRF-Token");
    assert_ne!(price(&db, id).await, Some(900));
    let response = write(
        &router,
        "PATCH",
        &path,
        &[
            ("cookie", cookie.as_str()),
            ("x-csrf-token", viewer.csrf_token.as_str()),
            if_match,
            json_patch,
        ],
        Some(&patch),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(price(&db, id).await, Some(900));

    // Other collections are read-only.
    let staff = token_for(&db, &router, Role::Staff, "Skript").await;
    let auth = bearer(&staff);
    let response = write(
        &router,
        "DELETE",
        "/ogc/collections/detailed-plans/items/1",
        &[("authorization", auth.as_str()), ("if-match", "\"x\"")],
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    db.drop_database().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_patches_with_one_etag_at_once_one_wins_the_other_gets_412() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let token = token_for(&db, &router, Role::Staff, "Två klienter").await;
    let auth = bearer(&token);
    let id = db.plot_id("Görla 9:11").await;
    let path = format!("/ogc/collections/plots/items/{id}");
    for round in 0..5 {
        let (_, etag) = read(&router, id).await;
        let headers = [
            ("authorization", auth.as_str()),
            ("if-match", etag.as_str()),
            ("content-type", "application/merge-patch+json"),
        ];
        let (a, b) = (
            json!({ "properties": { "price_sek_per_m2": 1000 + round } }),
            json!({ "properties": { "price_sek_per_m2": 2000 + round } }),
        );
        let (first, second) = tokio::join!(
            write(&router, "PATCH", &path, &headers, Some(&a)),
            write(&router, "PATCH", &path, &headers, Some(&b)),
        );
        let mut statuses = [first.status(), second.status()];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::NO_CONTENT, StatusCode::PRECONDITION_FAILED],
            "round {round}"
        );
        let winner = if first.status() == StatusCode::NO_CONTENT {
            1000
        } else {
            2000
        } + round;
        assert_eq!(price(&db, id).await, Some(winner));
    }
    db.drop_database().await;
}
