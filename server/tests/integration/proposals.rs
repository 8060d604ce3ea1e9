//! A proposal for one company: the guide drafts it from a case, sends it (an e-mail with a
//! private link), and the company opens it, marks items and asks a question, every step in the
//! case's history; a sent proposal is not changed, an expired or revoked link is refused; the
//! link shows nothing of other cases or internal notes; two guides sending at once send once;
//! every new route's authorisation; hostile text.

use std::net::SocketAddr;

use crate::common::{Matrix, TestDb, body_text, count, interest_in, router, send, session};
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{StatusCode, header};
use markkartan_app::domain::Role;

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn location(response: &axum::response::Response) -> String {
    response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string()
}

/// Published plots for sale: (id, designation), the first `n`.
async fn plots_for_sale(db: &TestDb, n: i64) -> Vec<(i64, String)> {
    sqlx::query_as(
        "SELECT id, designation FROM plots
          WHERE published AND status NOT IN ('sold', 'not_for_sale')
          ORDER BY designation LIMIT $1",
    )
    .bind(n)
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

async fn future_area(db: &TestDb) -> (i64, String) {
    sqlx::query_as("SELECT id, name FROM published_future_areas ORDER BY id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

async fn a_contact(db: &TestDb) -> (i64, String) {
    sqlx::query_as("SELECT id, email FROM contact_persons ORDER BY id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

/// History lines of a case, the oldest first.
async fn history(db: &TestDb, case: i64) -> Vec<String> {
    sqlx::query_scalar("SELECT text FROM interest_notes WHERE interest_id = $1 ORDER BY id")
        .bind(case)
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

/// A staff session's cookie and CSRF token.
struct Guide {
    cookie: String,
    csrf: String,
}

impl Guide {
    async fn new(db: &TestDb) -> Guide {
        let (cookie, viewer) = session(db, Role::Staff).await;
        Guide {
            cookie,
            csrf: viewer.csrf_token,
        }
    }

    async fn post(
        &self,
        router: &axum::Router,
        path: &str,
        fields: &[(&str, &str)],
    ) -> axum::response::Response {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        send(router, "POST", path, Some(&self.cookie), Some(form(&all))).await
    }

    /// A draft for the case: its id.
    async fn draft(&self, router: &axum::Router, case: i64) -> i64 {
        let response = self
            .post(router, &format!("/personal/intresse/{case}/forslag"), &[])
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        location(&response)
            .strip_prefix("/personal/forslag/")
            .unwrap()
            .parse()
            .unwrap()
    }

    async fn add(&self, router: &axum::Router, id: i64, item: &str, note: &str) -> StatusCode {
        self.post(
            router,
            &format!("/personal/forslag/{id}/punkt"),
            &[("punkt", item), ("notering", note)],
        )
        .await
        .status()
    }
}

/// The token in the last proposal e-mail to this address.
async fn link_token(db: &TestDb, to: &str) -> String {
    let body: String = sqlx::query_scalar(
        "SELECT body FROM outgoing_mail WHERE kind = 'proposal' AND to_address = $1
          ORDER BY id DESC LIMIT 1",
    )
    .bind(to)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let at = body.find("/forslag/").expect("the mail has the link") + "/forslag/".len();
    body[at..at + 64].to_string()
}

/// The site as a company at its own address reaches it.
fn company(db: &TestDb, from: u8) -> axum::Router {
    db.router().layer(MockConnectInfo(SocketAddr::from((
        [192, 0, 2, from],
        40_000,
    ))))
}

#[tokio::test]
async fn a_guide_sends_a_proposal_the_company_opens_marks_and_asks_and_the_case_has_every_step() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let guide = Guide::new(&db).await;
    let case = interest_in(&db, "Görla 9:12", "Kim Andersson").await;
    let plots = plots_for_sale(&db, 2).await;
    let (area, area_name) = future_area(&db).await;
    let (contact, contact_email) = a_contact(&db).await;

    let id = guide.draft(&router, case).await;
    let first = format!("tomt:{}", plots[0].0);
    assert_eq!(
        guide.add(&router, id, &first, "VA-anslutning 2027").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        guide
            .add(&router, id, &format!("tomt:{}", plots[1].0), "Kan delas")
            .await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        guide
            .add(&router, id, &format!("framtida:{area}"), "")
            .await,
        StatusCode::SEE_OTHER
    );
    // The same plot twice: refused on the page, naming the field.
    let response = guide
        .post(
            &router,
            &format!("/personal/forslag/{id}/punkt"),
            &[("punkt", &first), ("notering", "igen")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = body_text(response).await;
    assert!(page.contains("finns redan"), "{page}");
    assert!(page.contains(r#"id="forslag-punkt""#) && page.contains(r#"aria-invalid="true""#));
    let response = guide
        .post(
            &router,
            &format!("/personal/forslag/{id}"),
            &[
                (
                    "brev",
                    "Hej Kim!\n\nHär är tre förslag som passar ett lager.",
                ),
                ("kontakt", &contact.to_string()),
                ("dagar", "30"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page = body_text(
        send(
            &router,
            "GET",
            &format!("/personal/forslag/{id}"),
            Some(&guide.cookie),
            None,
        )
        .await,
    )
    .await;
    assert!(page.contains("VA-anslutning 2027") && page.contains(&plots[1].1));
    assert!(page.contains("Utkast"), "{page}");
    // Nothing reaches the company before it is sent.
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM outgoing_mail WHERE kind = 'proposal'"
        )
        .await,
        0
    );

    let response = guide
        .post(&router, &format!("/personal/forslag/{id}/skicka"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let token = link_token(&db, "kontakt@testbolaget.example").await;
    let mail: (String, String) =
        sqlx::query_as("SELECT subject, body FROM outgoing_mail WHERE kind = 'proposal'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(mail.0, "Förslag på mark från Norrtälje kommun");
    assert!(mail.1.contains("Hej Kim Andersson") && mail.1.contains("gäller till och med"));
    // Only the token's digest is stored.
    assert_eq!(
        count(
            &db.pool,
            &format!("SELECT count(*) FROM proposals WHERE token_digest = sha256(convert_to('{token}', 'UTF8'))")
        )
        .await,
        1
    );
    // Sent: not changed any more.
    assert_eq!(
        guide
            .add(&router, id, &format!("tomt:{}", plots[1].0), "")
            .await,
        StatusCode::CONFLICT
    );

    // The company opens it: the letter, each item with the note and its public facts, the
    // contact, not indexed, never cached by others.
    let link = format!("/forslag/{token}");
    let response = send(&router, "GET", &link, None, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cache = response
        .headers()
        .get(header::CACHE_CONTROL)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(cache.contains("no-store"), "{cache}");
    let page = body_text(response).await;
    assert!(page.contains("Förslag till Testbolaget AB"));
    assert!(page.contains("<p>Hej Kim!</p>") && page.contains("passar ett lager"));
    assert!(page.contains("VA-anslutning 2027") && page.contains("Kan delas"));
    assert!(page.contains(&plots[0].1) && page.contains(&area_name));
    assert!(page.contains(r#"name="robots" content="noindex""#));
    assert!(page.contains(&contact_email));
    assert!(!page.contains("_bg.wasm"), "the page is not hydrated");
    // Opened twice: the first time in the history once, the last time kept.
    let _ = send(&router, "GET", &link, None, None).await;
    let opened = history(&db, case)
        .await
        .into_iter()
        .filter(|line| line.contains("öppnade"))
        .count();
    assert_eq!(opened, 1);
    let (first, last): (bool, bool) = sqlx::query_as(
        "SELECT first_opened_at IS NOT NULL, last_opened_at > first_opened_at FROM proposals WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(first && last);
    // Staff looking at the link are not the company opening it.
    let before: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT last_opened_at FROM proposals WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let _ = send(&router, "GET", &link, Some(&guide.cookie), None).await;
    let after: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT last_opened_at FROM proposals WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(before, after);

    // It marks the first plot interesting, the area not.
    let items: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM proposal_items WHERE proposal_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&db.pool)
            .await
            .unwrap();
    let mark = |item: i64, verdict: &'static str| {
        let router = router.clone();
        let link = link.clone();
        async move {
            send(
                &router,
                "POST",
                &format!("{link}/bedom"),
                None,
                Some(form(&[
                    ("punkt", &item.to_string()),
                    ("bedomning", verdict),
                ])),
            )
            .await
        }
    };
    let response = mark(items[0], "intressant").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("{link}#punkt-{}", items[0]));
    assert_eq!(
        mark(items[2], "inte-intressant").await.status(),
        StatusCode::SEE_OTHER
    );
    // Marking it so again changes nothing, and writes nothing more.
    assert_eq!(
        mark(items[0], "intressant").await.status(),
        StatusCode::SEE_OTHER
    );
    let page = body_text(send(&router, "GET", &link, None, None).await).await;
    assert!(page.contains(r#"aria-pressed="true""#));
    // An item of no proposal of this link, a verdict that is none: refused.
    assert_eq!(
        mark(999_999, "intressant").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        mark(items[1], "kanske").await.status(),
        StatusCode::BAD_REQUEST
    );

    // A question: in the history and by e-mail to the contact.
    let response = send(
        &company(&db, 7),
        "POST",
        &format!("{link}/fraga"),
        None,
        Some(form(&[("fraga", "När kan VA vara framdraget?")])),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("{link}?fragat=1#fraga"));
    let question: (String, String) = sqlx::query_as(
        "SELECT to_address, body FROM outgoing_mail WHERE kind = 'proposal_question'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(question.0, contact_email);
    assert!(question.1.contains("När kan VA vara framdraget?"));
    assert!(question.1.contains(&format!("/personal/intresse/{case}")));

    let lines = history(&db, case).await;
    let expected = [
        "Började på förslag",
        "Skickade förslag",
        "öppnade förslag",
        &format!("markerade {} i förslag {id} som intressant", plots[0].1),
        "som inte intressant",
        "frågade i förslag",
    ];
    for (n, words) in expected.iter().enumerate() {
        assert!(
            lines.get(n).is_some_and(|line| line.contains(words)),
            "history line {n} should say {words:?}: {lines:#?}"
        );
    }
    assert_eq!(lines.len(), expected.len(), "{lines:#?}");
    // The case page lists it with where it stands.
    let page = body_text(
        send(
            &router,
            "GET",
            &format!("/personal/intresse/{case}"),
            Some(&guide.cookie),
            None,
        )
        .await,
    )
    .await;
    assert!(page.contains(&format!("/personal/forslag/{id}")));
    assert!(page.contains("Intressant: 1, inte intressant: 1"), "{page}");

    // Revoked: the link is refused at once, for reading and for every form.
    let response = guide
        .post(&router, &format!("/personal/forslag/{id}/aterkalla"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = send(&router, "GET", &link, None, None).await;
    assert_eq!(response.status(), StatusCode::GONE);
    let page = body_text(response).await;
    assert!(page.contains("återkallat") && !page.contains("VA-anslutning"));
    assert_eq!(
        mark(items[1], "intressant").await.status(),
        StatusCode::GONE
    );
    let response = send(
        &company(&db, 8),
        "POST",
        &format!("{link}/fraga"),
        None,
        Some(form(&[("fraga", "Hallå?")])),
    )
    .await;
    assert_eq!(response.status(), StatusCode::GONE);
    assert!(
        history(&db, case)
            .await
            .last()
            .unwrap()
            .contains("Återkallade")
    );
    db.drop_database().await;
}

#[tokio::test]
async fn an_expired_unknown_or_malformed_link_is_refused_and_an_english_case_reads_english() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let guide = Guide::new(&db).await;
    let case = interest_in(&db, "Görla 9:12", "Kim").await;
    sqlx::query("UPDATE interests SET language = 'en' WHERE id = $1")
        .bind(case)
        .execute(&db.pool)
        .await
        .unwrap();
    let plot = plots_for_sale(&db, 1).await.remove(0);
    let id = guide.draft(&router, case).await;
    // Sending an empty proposal is refused, naming what is missing.
    let response = guide
        .post(&router, &format!("/personal/forslag/{id}/skicka"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body_text(response).await.contains("Lägg till minst en"));
    guide
        .add(&router, id, &format!("tomt:{}", plot.0), "")
        .await;
    let response = guide
        .post(&router, &format!("/personal/forslag/{id}/skicka"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let token = link_token(&db, "kontakt@testbolaget.example").await;
    let subject: String =
        sqlx::query_scalar("SELECT subject FROM outgoing_mail WHERE kind = 'proposal'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(subject, "A proposal of land from Norrtälje Municipality");
    let link = format!("/forslag/{token}");
    let page = body_text(send(&router, "GET", &format!("{link}?lang=en"), None, None).await).await;
    assert!(page.contains("Proposal for Testbolaget AB") && page.contains("What do you think of"));
    // A question refused in English, with what was typed.
    let response = send(
        &company(&db, 9),
        "POST",
        &format!("{link}/fraga"),
        None,
        Some(form(&[("fraga", "   "), ("lang", "en")])),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body_text(response).await.contains("Write your question."));

    sqlx::query("UPDATE proposals SET expires_at = now() - interval '1 second' WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await
        .unwrap();
    let response = send(&router, "GET", &link, None, None).await;
    assert_eq!(response.status(), StatusCode::GONE);
    assert!(body_text(response).await.contains("har gått ut"));
    let response = send(
        &router,
        "POST",
        &format!("{link}/bedom"),
        None,
        Some(form(&[("punkt", "1"), ("bedomning", "intressant")])),
    )
    .await;
    assert_eq!(response.status(), StatusCode::GONE);
    let case_page = body_text(
        send(
            &router,
            "GET",
            &format!("/personal/intresse/{case}"),
            Some(&guide.cookie),
            None,
        )
        .await,
    )
    .await;
    assert!(case_page.contains("länken har gått ut"), "{case_page}");

    let unknown = format!("/forslag/{}", "0".repeat(64));
    assert_eq!(
        send(&router, "GET", &unknown, None, None).await.status(),
        StatusCode::NOT_FOUND
    );
    for malformed in ["abc", "%3Cscript%3E", &"g".repeat(64), &"0".repeat(65)] {
        let response = send(&router, "GET", &format!("/forslag/{malformed}"), None, None).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{malformed}");
        assert!(body_text(response).await.contains("nyckel"));
        let response = send(
            &router,
            "POST",
            &format!("/forslag/{malformed}/bedom"),
            None,
            Some(form(&[("punkt", "1"), ("bedomning", "intressant")])),
        )
        .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{malformed}");
    }
    db.drop_database().await;
}

#[tokio::test]
async fn the_link_shows_only_what_is_in_it_never_other_cases_or_internal_notes() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let guide = Guide::new(&db).await;
    let ours = interest_in(&db, "Görla 9:12", "Kim").await;
    let theirs = interest_in(&db, "Görla 9:12", "LÄCKPERSON Andra").await;
    sqlx::query(
        "UPDATE interests SET company_name = 'LÄCKBOLAGET AB', email = 'lack@andra.example',
                              phone = '070-LÄCK', message = 'LÄCKMEDDELANDE'
          WHERE id = $1",
    )
    .bind(theirs)
    .execute(&db.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE interests SET message = 'VÅRTINTERNAMEDDELANDE' WHERE id = $1")
        .bind(ours)
        .execute(&db.pool)
        .await
        .unwrap();
    // Internal notes on both cases.
    for case in [ours, theirs] {
        let response = guide
            .post(
                &router,
                &format!("/personal/intresse/{case}"),
                &[
                    ("status", "contacted"),
                    ("handlaggare", ""),
                    ("anteckning", "LÄCKANTECKNING intern"),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    let plots = plots_for_sale(&db, 3).await;
    // Their proposal, with a letter of its own, sent.
    let their_proposal = guide.draft(&router, theirs).await;
    guide
        .add(
            &router,
            their_proposal,
            &format!("tomt:{}", plots[2].0),
            "LÄCKNOTERING",
        )
        .await;
    guide
        .post(
            &router,
            &format!("/personal/forslag/{their_proposal}"),
            &[("brev", "LÄCKBREV"), ("kontakt", ""), ("dagar", "14")],
        )
        .await;
    guide
        .post(
            &router,
            &format!("/personal/forslag/{their_proposal}/skicka"),
            &[],
        )
        .await;
    // Ours: two plots, the second withdrawn after it was sent (its text changed since).
    let id = guide.draft(&router, ours).await;
    guide
        .add(&router, id, &format!("tomt:{}", plots[0].0), "Vår notering")
        .await;
    guide
        .add(&router, id, &format!("tomt:{}", plots[1].0), "")
        .await;
    guide
        .post(&router, &format!("/personal/forslag/{id}/skicka"), &[])
        .await;
    sqlx::query("UPDATE plot_records SET published = false, public_description = 'LÄCKBESKRIVNING' WHERE id = $1")
        .bind(plots[1].0)
        .execute(&db.pool)
        .await
        .unwrap();
    let token = link_token(&db, "kontakt@testbolaget.example").await;
    let their_token = link_token(&db, "lack@andra.example").await;
    assert_ne!(token, their_token);
    let link = format!("/forslag/{token}");
    let mut walked = Vec::new();
    for path in [link.clone(), format!("{link}?lang=en")] {
        let response = send(&router, "GET", &path, None, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        walked.push((path, body_text(response).await));
    }
    // The server function the page reads through, called as anyone could.
    let response = crate::common::send_json(
        &router,
        "/api/proposal",
        None,
        &format!(r#"{{"token":"{token}"}}"#),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    walked.push(("/api/proposal".into(), body_text(response).await));
    for (path, text) in &walked {
        assert!(text.contains("Vår notering"), "{path} shows our proposal");
        for secret in [
            "LÄCK",
            "lack@andra.example",
            "VÅRTINTERNAMEDDELANDE",
            "kontakt@testbolaget.example",
            &their_token,
        ] {
            assert!(!text.contains(secret), "{path} shows {secret:?}");
        }
        assert!(
            text.contains(&plots[1].1),
            "{path}: the withdrawn plot is named"
        );
    }
    db.drop_database().await;
}

#[tokio::test]
async fn two_guides_sending_at_once_send_one_link_and_one_email() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let case = interest_in(&db, "Görla 9:12", "Kim").await;
    let plot = plots_for_sale(&db, 1).await.remove(0);
    let first = Guide::new(&db).await;
    let second = Guide::new(&db).await;
    for _ in 0..3 {
        let id = first.draft(&router, case).await;
        first
            .add(&router, id, &format!("tomt:{}", plot.0), "")
            .await;
        let path = format!("/personal/forslag/{id}/skicka");
        let (a, b) = tokio::join!(
            first.post(&router, &path, &[]),
            second.post(&router, &path, &[])
        );
        let mut statuses = [a.status(), b.status()];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
        assert_eq!(
            count(
                &db.pool,
                &format!("SELECT count(*) FROM outgoing_mail WHERE proposal_id = {id}")
            )
            .await,
            1
        );
        // Adding while it is being sent: before (it is in) or after (refused), never lost.
        let id = first.draft(&router, case).await;
        first
            .add(&router, id, &format!("tomt:{}", plot.0), "")
            .await;
        let others = plots_for_sale(&db, 2).await;
        let item = format!("tomt:{}", others[1].0);
        let send_path = format!("/personal/forslag/{id}/skicka");
        let (sent, added) = tokio::join!(
            first.post(&router, &send_path, &[]),
            second.add(&router, id, &item, "")
        );
        assert_eq!(sent.status(), StatusCode::SEE_OTHER);
        let items = count(
            &db.pool,
            &format!("SELECT count(*) FROM proposal_items WHERE proposal_id = {id}"),
        )
        .await;
        let told: String = sqlx::query_scalar(
            "SELECT text FROM interest_notes WHERE text LIKE 'Skickade förslag ' || $1 || ' %'",
        )
        .bind(id.to_string())
        .fetch_one(&db.pool)
        .await
        .unwrap();
        match added {
            StatusCode::SEE_OTHER => assert!(items == 2 && told.contains("med 2 punkter")),
            StatusCode::CONFLICT => assert!(items == 1 && told.contains("med 1 punkt ")),
            other => panic!("adding while sending: {other}"),
        }
    }
    db.drop_database().await;
}

#[tokio::test]
async fn every_proposal_route_is_for_those_who_handle_interests_and_refuses_hostile_text() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let mut matrix = Matrix::new(&db).await;
    use StatusCode as S;
    let case = interest_in(&db, "Görla 9:12", "Kim").await;
    let plots = plots_for_sale(&db, 4).await;
    let guide = Guide::new(&db).await;
    let proposal = guide.draft(&router, case).await;
    let handlers = [S::UNAUTHORIZED, S::OK, S::FORBIDDEN, S::OK];
    let writes = [S::UNAUTHORIZED, S::SEE_OTHER, S::FORBIDDEN, S::SEE_OTHER];
    matrix
        .expect(
            "GET /personal/forslag/{id}",
            handlers,
            async |_, token, _| {
                send(
                    &router,
                    "GET",
                    &format!("/personal/forslag/{proposal}"),
                    token,
                    None,
                )
                .await
                .status()
            },
        )
        .await;
    matrix
        .expect(
            "server fn proposal-editor",
            handlers,
            async |_, token, _| {
                send(
                    &router,
                    "POST",
                    "/api/proposal-editor",
                    token,
                    Some(form(&[("id", &proposal.to_string())])),
                )
                .await
                .status()
            },
        )
        .await;
    matrix
        .expect(
            "POST /personal/intresse/{id}/forslag",
            writes,
            async |_, token, csrf| {
                send(
                    &router,
                    "POST",
                    &format!("/personal/intresse/{case}/forslag"),
                    token,
                    Some(form(&[("csrf", csrf)])),
                )
                .await
                .status()
            },
        )
        .await;
    let next_plot = std::sync::Mutex::new(plots.iter().map(|p| p.0));
    matrix
        .expect(
            "POST /personal/forslag/{id}/punkt",
            writes,
            async |_, token, csrf| {
                let plot = next_plot.lock().unwrap().next().unwrap();
                send(
                    &router,
                    "POST",
                    &format!("/personal/forslag/{proposal}/punkt"),
                    token,
                    Some(form(&[("csrf", csrf), ("punkt", &format!("tomt:{plot}"))])),
                )
                .await
                .status()
            },
        )
        .await;
    matrix
        .expect(
            "POST /personal/forslag/{id}",
            writes,
            async |_, token, csrf| {
                send(
                    &router,
                    "POST",
                    &format!("/personal/forslag/{proposal}"),
                    token,
                    Some(form(&[("csrf", csrf), ("brev", "Hej"), ("dagar", "30")])),
                )
                .await
                .status()
            },
        )
        .await;
    let items: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM proposal_items WHERE proposal_id = $1 ORDER BY id")
            .bind(proposal)
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(items.len(), 2, "staff and admin added one each");
    let removable = std::sync::Mutex::new(items.clone().into_iter());
    matrix
        .expect(
            "POST /personal/forslag/{id}/ta-bort",
            writes,
            async |who, token, csrf| {
                // Those refused try the first; the others remove one each.
                let item = if matches!(who, "staff" | "admin") {
                    removable.lock().unwrap().next().unwrap()
                } else {
                    items[0]
                };
                send(
                    &router,
                    "POST",
                    &format!("/personal/forslag/{proposal}/ta-bort"),
                    token,
                    Some(form(&[("csrf", csrf), ("punkt", &item.to_string())])),
                )
                .await
                .status()
            },
        )
        .await;
    // One draft per role that may, each sent and revoked by that role.
    let drafts: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM proposals WHERE interest_id = $1 AND id <> $2 ORDER BY id",
    )
    .bind(case)
    .bind(proposal)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(drafts.len(), 2);
    for draft in &drafts {
        guide
            .add(&router, *draft, &format!("tomt:{}", plots[0].0), "")
            .await;
    }
    let sendable = std::sync::Mutex::new(drafts.clone().into_iter());
    matrix
        .expect(
            "POST /personal/forslag/{id}/skicka",
            writes,
            async |who, token, csrf| {
                let draft = if matches!(who, "staff" | "admin") {
                    sendable.lock().unwrap().next().unwrap()
                } else {
                    drafts[0]
                };
                send(
                    &router,
                    "POST",
                    &format!("/personal/forslag/{draft}/skicka"),
                    token,
                    Some(form(&[("csrf", csrf)])),
                )
                .await
                .status()
            },
        )
        .await;
    let revocable = std::sync::Mutex::new(drafts.clone().into_iter());
    matrix
        .expect(
            "POST /personal/forslag/{id}/aterkalla",
            writes,
            async |who, token, csrf| {
                let draft = if matches!(who, "staff" | "admin") {
                    revocable.lock().unwrap().next().unwrap()
                } else {
                    drafts[0]
                };
                send(
                    &router,
                    "POST",
                    &format!("/personal/forslag/{draft}/aterkalla"),
                    token,
                    Some(form(&[("csrf", csrf)])),
                )
                .await
                .status()
            },
        )
        .await;
    matrix.assert_all_as_expected();
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM proposals WHERE revoked_at IS NOT NULL"
        )
        .await,
        2
    );
    // Without the CSRF token, a signed-in guide is refused too.
    let response = send(
        &router,
        "POST",
        &format!("/personal/intresse/{case}/forslag"),
        Some(&guide.cookie),
        Some(form(&[])),
    )
    .await;
    assert_eq!(response.status(), S::FORBIDDEN);

    // Hostile text: refused naming the field, nothing stored half.
    let draft = guide.draft(&router, case).await;
    let hostile: [(&str, &str, &str); 6] = [
        ("brev", &"x".repeat(4001), "brev"),
        ("brev", "Hej\0då", "brev"),
        ("kontakt", "1; DROP TABLE proposals", "kontakt"),
        ("kontakt", "999999", "kontakt"),
        ("dagar", "365", "dagar"),
        ("dagar", "<script>", "dagar"),
    ];
    for (field, value, named) in hostile {
        let mut fields = vec![("brev", "Hej"), ("kontakt", ""), ("dagar", "30")];
        fields.retain(|(name, _)| *name != field);
        fields.push((field, value));
        let response = guide
            .post(&router, &format!("/personal/forslag/{draft}"), &fields)
            .await;
        assert_eq!(
            response.status(),
            S::UNPROCESSABLE_ENTITY,
            "{field}={value:.20}"
        );
        let page = body_text(response).await;
        assert!(page.contains(&format!("id=\"forslag-{named}\"")), "{field}");
        assert!(!page.contains("<script>"), "{field}: echoed as markup");
    }
    for (item, note) in [
        ("tomt:abc", ""),
        ("plan:1", ""),
        ("tomt:999999", ""),
        (
            &format!("tomt:{}", plots[0].0) as &str,
            &"n".repeat(301) as &str,
        ),
        (&format!("tomt:{}", plots[0].0), "a\u{0}b"),
    ] {
        assert_eq!(
            guide.add(&router, draft, item, note).await,
            S::UNPROCESSABLE_ENTITY,
            "{item} {note:.10}"
        );
    }
    let (letter, items): (String, i64) = sqlx::query_as(
        "SELECT letter, (SELECT count(*) FROM proposal_items WHERE proposal_id = p.id) FROM proposals p WHERE id = $1",
    )
    .bind(draft)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((letter.as_str(), items), ("", 0), "nothing stored");
    // A company's hostile question: NUL refused, markup stored as text and shown as text.
    guide
        .add(&router, draft, &format!("tomt:{}", plots[0].0), "")
        .await;
    guide
        .post(&router, &format!("/personal/forslag/{draft}/skicka"), &[])
        .await;
    let token = link_token(&db, "kontakt@testbolaget.example").await;
    let ask = async |from: u8, question: &str| {
        send(
            &company(&db, from),
            "POST",
            &format!("/forslag/{token}/fraga"),
            None,
            Some(form(&[("fraga", question)])),
        )
        .await
    };
    assert_eq!(ask(20, "a\0b").await.status(), S::UNPROCESSABLE_ENTITY);
    let response = ask(21, &"q".repeat(2001)).await;
    assert_eq!(response.status(), S::UNPROCESSABLE_ENTITY);
    assert!(body_text(response).await.contains("2\u{202F}000"));
    assert_eq!(
        ask(22, "<script>alert(1)</script>\r\nBcc: x@evil.example")
            .await
            .status(),
        S::SEE_OTHER
    );
    let page = body_text(
        send(
            &router,
            "GET",
            &format!("/personal/intresse/{case}"),
            Some(&guide.cookie),
            None,
        )
        .await,
    )
    .await;
    assert!(page.contains("&lt;script&gt;alert(1)") && !page.contains("<script>alert(1)"));
    let subject: String =
        sqlx::query_scalar("SELECT subject FROM outgoing_mail WHERE kind = 'proposal_question'")
            .fetch_optional(&db.pool)
            .await
            .unwrap()
            .unwrap_or_default();
    assert!(!subject.contains('\n'));
    db.drop_database().await;
}

#[tokio::test]
async fn twenty_questions_at_once_from_one_address_pass_no_more_than_the_limit() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let guide = Guide::new(&db).await;
    let case = interest_in(&db, "Görla 9:12", "Kim").await;
    let plot = plots_for_sale(&db, 1).await.remove(0);
    let id = guide.draft(&router, case).await;
    guide
        .add(&router, id, &format!("tomt:{}", plot.0), "")
        .await;
    guide
        .post(&router, &format!("/personal/forslag/{id}/skicka"), &[])
        .await;
    let token = link_token(&db, "kontakt@testbolaget.example").await;
    let asks: Vec<_> = (0..20)
        .map(|n| {
            let from = company(&db, 30);
            let path = format!("/forslag/{token}/fraga");
            let fields = form(&[("fraga", &format!("Fråga {n}"))]);
            tokio::spawn(async move {
                send(&from, "POST", &path, None, Some(fields))
                    .await
                    .status()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for ask in asks {
        statuses.push(ask.await.unwrap());
    }
    let passed = statuses
        .iter()
        .filter(|s| **s == StatusCode::SEE_OTHER)
        .count();
    let limited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((passed, limited), (3, 17), "{statuses:?}");
    assert_eq!(
        count(&db.pool, &format!("SELECT count(*) FROM interest_notes WHERE interest_id = {case} AND text LIKE 'Företaget frågade%'")).await,
        3
    );
    db.drop_database().await;
}

#[tokio::test]
async fn a_proposal_goes_with_the_cases_personal_data() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let guide = Guide::new(&db).await;
    let case = interest_in(&db, "Görla 9:12", "Kim").await;
    let plot = plots_for_sale(&db, 1).await.remove(0);
    let id = guide.draft(&router, case).await;
    guide
        .add(&router, id, &format!("tomt:{}", plot.0), "")
        .await;
    guide
        .post(&router, &format!("/personal/forslag/{id}/skicka"), &[])
        .await;
    let token = link_token(&db, "kontakt@testbolaget.example").await;
    sqlx::query(
        "UPDATE interests SET status = 'closed', closed_at = now() - interval '25 months' WHERE id = $1",
    )
    .bind(case)
    .execute(&db.pool)
    .await
    .unwrap();
    markkartan_server::db::inbox::delete_expired_personal_data(&db.pool, 24)
        .await
        .unwrap();
    assert_eq!(count(&db.pool, "SELECT count(*) FROM proposals").await, 0);
    assert_eq!(
        send(&router, "GET", &format!("/forslag/{token}"), None, None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // And no new proposal for a case whose personal data is gone.
    let response = guide
        .post(&router, &format!("/personal/intresse/{case}/forslag"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    db.drop_database().await;
}

#[tokio::test]
async fn a_company_books_its_guides_time_from_the_proposal_and_the_case_has_it() {
    let db = TestDb::with_sample().await;
    sqlx::query("DELETE FROM meeting_slots")
        .execute(&db.pool)
        .await
        .unwrap();
    let router = router(&db);
    let guide = Guide::new(&db).await;
    let case = interest_in(&db, "Görla 9:12", "Kim Andersson").await;
    let plot = plots_for_sale(&db, 1).await.remove(0);
    let contacts: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, email FROM contact_persons ORDER BY id LIMIT 2")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    let (ours, theirs) = (&contacts[0], &contacts[1]);
    // Two times of the guide's, one of someone else's, tomorrow.
    let slots: Vec<i64> = sqlx::query_scalar(
        "INSERT INTO meeting_slots (contact_id, starts_at, ends_at)
         SELECT c, d, d + interval '20 minutes'
           FROM (VALUES ($1::bigint, 0), ($1, 1), ($2, 2)) AS t(c, n),
                LATERAL (SELECT date_trunc('day', now()) + interval '1 day 8 hours'
                                + n * interval '20 minutes' AS d) AS s
          ORDER BY n RETURNING id",
    )
    .bind(ours.0)
    .bind(theirs.0)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let id = guide.draft(&router, case).await;
    guide
        .add(&router, id, &format!("tomt:{}", plot.0), "")
        .await;
    guide
        .post(
            &router,
            &format!("/personal/forslag/{id}"),
            &[
                ("brev", "Hej"),
                ("kontakt", &ours.0.to_string()),
                ("dagar", "30"),
            ],
        )
        .await;
    guide
        .post(&router, &format!("/personal/forslag/{id}/skicka"), &[])
        .await;
    let token = link_token(&db, "kontakt@testbolaget.example").await;
    let link = format!("/forslag/{token}");
    let page = body_text(send(&router, "GET", &link, None, None).await).await;
    assert!(
        page.contains(r#"id="proposal-tid""#),
        "the guide's times are offered"
    );
    assert!(
        !page.contains(&format!(r#"value="{}""#, slots[2])),
        "only the guide's"
    );

    let book = |from: u8, slot: i64| {
        let router = company(&db, from);
        let path = format!("{link}/boka");
        async move {
            send(
                &router,
                "POST",
                &path,
                None,
                Some(form(&[("tid", &slot.to_string()), ("meddelande", "Om VA")])),
            )
            .await
        }
    };
    // Someone else's time, through this proposal: not the guide's, not booked.
    assert_eq!(book(40, slots[2]).await.status(), StatusCode::CONFLICT);
    // Two at once of the guide's first time: one gets it.
    let (a, b) = tokio::join!(book(41, slots[0]), book(42, slots[0]));
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
    let booked = if a.status() == StatusCode::SEE_OTHER {
        a
    } else {
        b
    };
    let booking_link = location(&booked);
    assert!(
        booking_link.starts_with("/boka/bokad?nyckel="),
        "{booking_link}"
    );
    let (belongs, company_name, email, message): (Option<i64>, String, String, String) =
        sqlx::query_as(
            "SELECT interest_id, company_name, email, message FROM meeting_bookings WHERE cancelled_at IS NULL",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        (
            belongs,
            company_name.as_str(),
            email.as_str(),
            message.as_str()
        ),
        (
            Some(case),
            "Testbolaget AB",
            "kontakt@testbolaget.example",
            "Om VA"
        )
    );
    let to: Vec<String> = sqlx::query_scalar(
        "SELECT to_address FROM outgoing_mail WHERE kind = 'booking' ORDER BY to_address",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(to.len(), 2);
    assert!(to.contains(&ours.1) && to.contains(&"kontakt@testbolaget.example".to_string()));
    // The company cancels through its booking's link: the case has both.
    let nyckel = booking_link.split("nyckel=").nth(1).unwrap().to_string();
    let response = send(
        &router,
        "POST",
        "/boka/avboka",
        None,
        Some(form(&[("nyckel", &nyckel)])),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let lines = history(&db, case).await;
    assert!(
        lines
            .iter()
            .any(|l| l.contains("bokade") && l.contains(&format!("från förslag {id}"))),
        "{lines:#?}"
    );
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("Företaget avbokade mötet"),
        "{lines:#?}"
    );
    // No time chosen: refused on the page, naming it.
    let response = send(
        &company(&db, 43),
        "POST",
        &format!("{link}/boka"),
        None,
        Some(form(&[("tid", "")])),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body_text(response).await.contains("Välj en tid."));
    db.drop_database().await;
}
