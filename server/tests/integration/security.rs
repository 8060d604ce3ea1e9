//! What every later feature stands on, through the whole router and the real PostGIS: security
//! headers and the Content-Security-Policy with the hydration script's nonce, text that never
//! becomes markup (titles and meta tags included), trusted proxies for the rate limits, sign-in
//! throttling that cannot be turned against colleagues, and sign-ins only from this site.

use std::net::{IpAddr, SocketAddr};

use crate::common::{PASSWORD, TestDb, body_text, get, router, send, session};
use axum::{
    Router,
    body::Body,
    extract::connect_info::MockConnectInfo,
    http::{Request, StatusCode, header},
    response::Response,
};
use markkartan_app::domain::Role;
use markkartan_server::auth::{self, SignInRefused};
use tower::ServiceExt;

async fn request(router: &Router, request: Request<Body>) -> Response {
    router.clone().oneshot(request).await.unwrap()
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_pages_their_script_nonce() {
    let db = TestDb::with_sample().await;
    let response = get(&router(&db), "/").await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    let policy = headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    let page = body_text(response).await;
    // The hydration script carries the nonce the policy names; nothing else may run.
    let nonce = page
        .split("nonce=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the hydration script has a nonce");
    let scripts = policy
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .unwrap();
    assert_eq!(
        scripts,
        format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'")
    );
    assert!(
        !policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"),
        "{policy}"
    );
    for directive in [
        "default-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(
        headers[header::REFERRER_POLICY],
        "strict-origin-when-cross-origin"
    );
    assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
    assert!(
        headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(),
        "not over plain http"
    );
    // A second page load has another nonce.
    let again = get(&router(&db), "/").await;
    assert_ne!(
        again.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap(),
        policy
    );

    // Everything else has the policy without a nonce; staff pages are never cached.
    for path in [
        "/api/plots",
        "/flode.atom",
        "/finns-inte",
        "/personal/logga-in",
    ] {
        let response = get(&router(&db), path).await;
        let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert_eq!(
            response.headers()[header::X_CONTENT_TYPE_OPTIONS],
            "nosniff",
            "{path}"
        );
    }
    let (token, _) = session(&db, Role::Staff).await;
    for path in ["/personal", "/personal/logga-in", "/personal/intresse.csv"] {
        let response = send(&router(&db), "GET", path, Some(&token), None).await;
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "no-store",
            "{path}"
        );
    }
    let response = get(&router(&db), "/personal/logga-in").await;
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");

    // Over https: HSTS; a configured base map may serve images.
    let https = db.router_with(|c| {
        c.public_url = Some("https://markkartan.norrtalje.se".into());
        c.basemap_url = Some("https://{s}.tile.example.org/{z}/{x}/{y}.png".into());
    });
    let response = get(&https, "/").await;
    assert_eq!(
        response.headers()[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000; includeSubDomains"
    );
    let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        policy.contains("img-src 'self' data: https://*.tile.example.org"),
        "{policy}"
    );
    db.drop_database().await;
}

/// Markup in every text a visitor or staff member can write, shown on the pages that show it:
/// always as text, in the body, the title and the meta tags.
#[tokio::test]
async fn markup_in_names_is_text_in_titles_meta_tags_and_pages() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let id = db.plot_id("Görla 9:11").await;
    let payload = "</title><script>alert(1)</script>\"><img src=x onerror=alert(2)>";
    sqlx::query("UPDATE plots SET designation = $1, public_description = $1 WHERE id = $2")
        .bind(payload)
        .bind(id)
        .execute(&db.pool)
        .await
        .unwrap();
    let interest = crate::common::interest_in(&db, payload, "Kim").await;
    sqlx::query("UPDATE interests SET company_name = $1 WHERE id = $2")
        .bind(payload)
        .bind(interest)
        .execute(&db.pool)
        .await
        .unwrap();
    // A booking with the payload for a company name, its link's token known.
    let booking = "ab".repeat(32);
    sqlx::query(
        "INSERT INTO meeting_slots (contact_id, starts_at, ends_at)
         SELECT min(id), now() + interval '1 day', now() + interval '1 day 20 minutes'
           FROM contact_persons",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO meeting_bookings (slot_id, company_name, contact_name, email, subject, token_digest)
         SELECT max(id), $1, $1, 'kim@example.com', $1, sha256(convert_to($2, 'UTF8'))
           FROM meeting_slots",
    )
    .bind(payload)
    .bind(&booking)
    .execute(&db.pool)
    .await
    .unwrap();
    let (token, _) = session(&db, Role::Staff).await;
    // A proposal for the payload company, with the payload as its letter and a note, sent.
    let link = "cd".repeat(32);
    let proposal: i64 = sqlx::query_scalar(
        "INSERT INTO proposals (interest_id, letter, sent_at, token_digest, expires_at)
         VALUES ($1, $2, now(), sha256(convert_to($3, 'UTF8')), now() + interval '1 day')
         RETURNING id",
    )
    .bind(interest)
    .bind(payload)
    .bind(&link)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO proposal_items (proposal_id, plot_id, note) VALUES ($1, $2, $3)")
        .bind(proposal)
        .bind(id)
        .bind(payload)
        .execute(&db.pool)
        .await
        .unwrap();
    let pages = [
        (format!("/forslag/{link}"), None),
        (
            format!("/personal/forslag/{proposal}"),
            Some(token.as_str()),
        ),
        (format!("/boka?tomt={id}"), None),
        (format!("/boka/bokad?nyckel={booking}"), None),
        ("/personal/moten".to_string(), Some(token.as_str())),
        (format!("/tomt/{id}"), None),
        (format!("/?tomt={id}"), None),
        ("/tomter".to_string(), None),
        (format!("/jamfor?tomt={id}"), None),
        ("/sok?q=alert".to_string(), None),
        (format!("/personal/tomt/{id}"), Some(token.as_str())),
        ("/personal".to_string(), Some(token.as_str())),
        (
            format!("/personal/intresse/{interest}"),
            Some(token.as_str()),
        ),
        ("/personal/intresse".to_string(), Some(token.as_str())),
    ];
    for (path, token) in pages {
        let response = send(&router, "GET", &path, token, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let page = body_text(response).await;
        assert!(page.contains("alert(1)"), "{path} shows the name");
        assert!(!page.contains("<script>alert"), "{path}: a script");
        assert!(!page.contains("<img src=x"), "{path}: an element");
        assert!(
            !page.contains("</title><script"),
            "{path}: the title is closed early"
        );
        if let Some(title) = page.split("<title>").nth(1) {
            let title = title.split("</title>").next().unwrap();
            assert!(!title.contains('<'), "{path}: <title>{title}</title>");
        }
    }
    let sheet = body_text(get(&router, &format!("/tomt/{id}")).await).await;
    assert!(
        sheet.contains("<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the fact sheet's title"
    );
    assert!(sheet.contains("property=\"og:title\" content=\"&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;"), "og:title");
    db.drop_database().await;
}

#[tokio::test]
async fn a_forwarded_address_counts_only_from_a_trusted_proxy() {
    let db = TestDb::with_sample().await;
    let plot = db.plot_id("Görla 9:11").await;
    let form = format!(
        "tomt={plot}&lang=sv&foretag=AB&orgnr=556677-8899&kontaktperson=Kim&epost=kim%40ab.example&samtycke=ja"
    );
    let proxy = SocketAddr::from(([10, 0, 0, 2], 40_000));
    let post = |forwarded: &str| {
        Request::post("/intresse")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("x-forwarded-for", forwarded)
            .body(Body::from(form.clone()))
            .unwrap()
    };
    // No trusted proxies: the socket's address counts, whatever the header says. The tests'
    // limit is three forms an hour.
    let direct = db.router().layer(MockConnectInfo(proxy));
    for n in 1..=3 {
        let response = request(&direct, post(&format!("198.51.100.{n}"))).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    let response = request(&direct, post("198.51.100.99")).await;
    assert_eq!(
        response.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "a forged header changes nothing"
    );
    assert_eq!(response.headers()[header::RETRY_AFTER], "3600");
    let logged: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT host(client_address) FROM interest_submission_log")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(logged, vec!["10.0.0.2".to_string()]);

    // Behind a trusted proxy each client counts for itself.
    sqlx::query("DELETE FROM interest_submission_log")
        .execute(&db.pool)
        .await
        .unwrap();
    let behind = db
        .router_with(|c| c.trusted_proxies = vec!["10.0.0.0/8".parse().unwrap()])
        .layer(MockConnectInfo(proxy));
    for _ in 0..3 {
        let response = request(&behind, post("203.0.113.5, 198.51.100.7")).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    let response = request(&behind, post("198.51.100.7")).await;
    assert_eq!(
        response.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the same client"
    );
    let response = request(&behind, post("198.51.100.8")).await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "another client behind the proxy"
    );
    // A client cannot choose its address by writing one before the proxy's entry.
    let logged: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT host(client_address) FROM interest_submission_log ORDER BY 1",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        logged,
        vec!["198.51.100.7".to_string(), "198.51.100.8".to_string()]
    );

    // Sign-in attempts are counted for the same address.
    let sign_in = |forwarded: &str| {
        Request::post("/personal/logga-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("x-forwarded-for", forwarded)
            .body(Body::from("epost=nobody%40kommun.example&losenord=fel"))
            .unwrap()
    };
    assert_eq!(
        request(&behind, sign_in("198.51.100.9")).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        request(&direct, sign_in("198.51.100.9")).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let attempts: Vec<String> = sqlx::query_scalar(
        "SELECT host(client_address) FROM sign_in_attempts ORDER BY attempted_at",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        attempts,
        vec!["198.51.100.9".to_string(), "10.0.0.2".to_string()]
    );
    db.drop_database().await;
}

#[tokio::test]
async fn wrong_passwords_for_one_account_do_not_stop_a_colleague_from_the_same_address() {
    let db = TestDb::migrated().await;
    for email in ["a@kommun.example", "b@kommun.example"] {
        auth::create_account(&db.pool, email, "Kollega", Role::Staff, PASSWORD)
            .await
            .unwrap();
    }
    let office: IpAddr = [192, 0, 2, 10].into();
    let home: IpAddr = [198, 51, 100, 20].into();
    // Someone in the office guesses at account A.
    for _ in 0..auth::FAILURES_PER_ACCOUNT + 1 {
        let refused = auth::sign_in(&db.pool, "a@kommun.example", "gissning", office).await;
        assert!(matches!(
            refused,
            Err(SignInRefused::Invalid | SignInRefused::RateLimited { .. })
        ));
    }
    // Account B signs in from the same office.
    assert!(
        auth::sign_in(&db.pool, "b@kommun.example", PASSWORD, office)
            .await
            .is_ok()
    );
    // A from the office waits, even with the right password, and is told how long.
    match auth::sign_in(&db.pool, "a@kommun.example", PASSWORD, office).await {
        Err(SignInRefused::RateLimited { retry_after_secs }) => {
            assert!((1..=900).contains(&retry_after_secs), "{retry_after_secs}")
        }
        other => panic!("A from the office: {:?}", other.map(|_| ())),
    }
    // A's owner at home was not where the guessing happened.
    assert!(
        auth::sign_in(&db.pool, "a@kommun.example", PASSWORD, home)
            .await
            .is_ok()
    );

    // Through the form: 429 with Retry-After, the page saying how long.
    let router = db
        .router()
        .layer(MockConnectInfo(SocketAddr::from((office, 40_000))));
    let response = send(
        &router,
        "POST",
        "/personal/logga-in",
        None,
        Some(vec![
            ("epost".into(), "a@kommun.example".into()),
            ("losenord".into(), PASSWORD.into()),
        ]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = response.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
    assert!(body_text(response).await.contains("Vänta"));
    db.drop_database().await;
}

#[test]
fn the_back_off_doubles_and_is_per_account_and_address() {
    use markkartan_server::db::accounts::Failures;
    let after = |from_address, anywhere, secs| {
        auth::throttle(Failures {
            from_address,
            anywhere,
            secs_since_from_address: Some(secs),
            secs_since_anywhere: Some(secs),
        })
    };
    assert_eq!(after(4, 4, 0), None, "four failures are no reason to wait");
    assert_eq!(after(5, 5, 0), Some(30));
    assert_eq!(after(5, 5, 20), Some(10));
    assert_eq!(after(5, 5, 30), None, "the wait is over");
    assert_eq!(after(6, 6, 0), Some(60));
    assert_eq!(after(9, 9, 0), Some(480));
    assert_eq!(after(30, 30, 0), Some(900), "at most the window");
    assert_eq!(
        after(1, 5, 0),
        Some(30),
        "an address that took part in the guessing"
    );
    assert_eq!(after(0, 50, 0), None, "an address that did not");
    assert_eq!(
        after(0, 100, 0),
        Some(900),
        "unless the account is attacked from everywhere"
    );
}

#[tokio::test]
async fn a_sign_in_from_another_site_is_refused() {
    let db = TestDb::migrated().await;
    auth::create_account(&db.pool, "a@kommun.example", "A", Role::Staff, PASSWORD)
        .await
        .unwrap();
    let sign_in = |router: &Router, origin: Option<&str>| {
        let mut request = Request::post("/personal/logga-in")
            .header(header::HOST, "markkartan.example")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        let request = request
            .body(Body::from(format!(
                "epost=a%40kommun.example&losenord={}",
                PASSWORD.replace(' ', "+")
            )))
            .unwrap();
        let router = router.clone();
        async move { router.oneshot(request).await.unwrap().status() }
    };
    let plain = router(&db);
    assert_eq!(
        sign_in(&plain, Some("https://evil.example")).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(sign_in(&plain, Some("null")).await, StatusCode::FORBIDDEN);
    assert_eq!(
        sign_in(&plain, Some("http://markkartan.example")).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        sign_in(&plain, None).await,
        StatusCode::SEE_OTHER,
        "no browser's cross-site form"
    );
    let public = db
        .router_with(|c| c.public_url = Some("https://markkartan.norrtalje.se".into()))
        .layer(MockConnectInfo(SocketAddr::from(([192, 0, 2, 9], 40_000))));
    assert_eq!(
        sign_in(&public, Some("https://markkartan.norrtalje.se")).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        sign_in(&public, Some("http://markkartan.example")).await,
        StatusCode::FORBIDDEN,
        "with a public address configured, a Host of one's choosing is no origin"
    );
    // The refused sign-ins made no session.
    let sessions: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(sessions, 3);
    db.drop_database().await;
}

#[tokio::test]
async fn an_outline_with_heights_is_stored_flat() {
    let db = TestDb::with_sample().await;
    let id = db.plot_id("Görla 9:11").await;
    let (token, viewer) = session(&db, Role::Staff).await;
    let with_heights: String = sqlx::query_scalar(
        "SELECT ST_AsGeoJSON(ST_Force3D(ST_Translate(geom, 0.5, 0), 12.5), 2) FROM plots WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(with_heights.contains(",12.5]"), "{with_heights}");
    let version: i32 = sqlx::query_scalar("SELECT version FROM plots WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let response = send(
        &router(&db),
        "POST",
        &format!("/personal/tomt/{id}/geometri"),
        Some(&token),
        Some(vec![
            ("csrf".into(), viewer.csrf_token),
            ("version".into(), version.to_string()),
            ("geometri".into(), with_heights),
        ]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let dimensions: i16 = sqlx::query_scalar("SELECT ST_NDims(geom) FROM plots WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(dimensions, 2);
    // No other path stores a height either: the schema refuses one, as a 422 on the outline.
    let error = sqlx::query("UPDATE plots SET geom = ST_Force3D(geom) WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await
        .unwrap_err();
    let problem = markkartan_server::http::on_constraint(&error).unwrap();
    assert_eq!(problem.field.as_deref(), Some("geometri"));
    db.drop_database().await;
}

#[tokio::test]
async fn the_csrf_token_is_masked_afresh_in_every_page() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let (token, viewer) = session(&db, Role::Admin).await;
    // A staff page that reflects what the request sent (the overview's search), twice.
    let csrf_on_page = async || {
        let page = body_text(
            send(
                &router,
                "GET",
                "/personal?sok=G%C3%B6rla",
                Some(&token),
                None,
            )
            .await,
        )
        .await;
        assert!(page.contains("Görla"), "the search is reflected");
        assert!(
            !page.contains(&viewer.csrf_token),
            "the token itself is never on a page"
        );
        let at =
            page.find("name=\"csrf\" value=\"").expect("a form") + "name=\"csrf\" value=\"".len();
        page[at..at + page[at..].find('"').unwrap()].to_string()
    };
    let (one, two) = (csrf_on_page().await, csrf_on_page().await);
    assert_ne!(one, two, "masked afresh in every response");
    // Either one is the session's token: signing out with it works.
    let signed_out = send(
        &router,
        "POST",
        "/personal/logga-ut",
        Some(&token),
        Some(vec![("csrf".into(), two)]),
    )
    .await;
    assert_eq!(signed_out.status(), StatusCode::SEE_OTHER);
    db.drop_database().await;
}
