//! The interest form (intresseanmälan) posted as a plain HTML form, against the real PostGIS.

use std::net::SocketAddr;

use crate::common::{TestDb, body_text, count, get};
use axum::{
    Router,
    body::Body,
    extract::connect_info::MockConnectInfo,
    http::{Request, StatusCode, header},
    response::Response,
};
use tower::ServiceExt;

const COMPANY: &str = "Exempelbolaget Verkstad AB";
const EMAIL: &str = "kim.andersson@exempelbolaget.example";

fn router(db: &TestDb) -> Router {
    // The address the rate limit counts by, as the listener would give it.
    db.router()
        .layer(MockConnectInfo(SocketAddr::from(([192, 0, 2, 7], 40_000))))
}

fn form(plot_id: i64, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        ("tomt", plot_id.to_string().as_str()),
        ("omrade", ""),
        ("lang", "sv"),
        ("foretag", COMPANY),
        ("orgnr", "556677-8899"),
        ("kontaktperson", "Kim Andersson"),
        ("epost", EMAIL),
        ("telefon", "070-123 45 67"),
        ("yta", "12000"),
        ("start", "2027-04"),
        ("meddelande", "Verkstad med lager, 40 anställda."),
        ("samtycke", "ja"),
        ("webbplats", ""),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (name, value) in changes {
        match fields.iter_mut().find(|(k, _)| k == name) {
            Some(field) => field.1 = value.to_string(),
            None => fields.push((name.to_string(), value.to_string())),
        }
    }
    // An unticked checkbox is not sent at all.
    fields.retain(|(k, v)| !(k == "samtycke" && v.is_empty()));
    fields
}

async fn post(router: &Router, fields: &[(String, String)]) -> Response {
    let body = serde_urlencoded::to_string(fields).unwrap();
    router
        .clone()
        .oneshot(
            Request::post("/intresse")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn a_complete_form_is_stored_and_the_company_learns_who_answers() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let id = db.plot_id("Görla 9:12").await;
    let response = post(&router, &form(id, &[])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(location, format!("/intresse/skickad?tomt={id}"));

    let (company, org, plot, area, start, status): (
        String,
        String,
        Option<i64>,
        Option<i64>,
        Option<chrono::NaiveDate>,
        String,
    ) = sqlx::query_as(
        "SELECT company_name, org_number, plot_id, business_area_id, wanted_start, status::text
           FROM interests",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((company.as_str(), org.as_str()), (COMPANY, "556677-8899"));
    assert_eq!(plot, Some(id));
    assert!(area.is_some(), "linked to the plot's business area too");
    assert_eq!(start, chrono::NaiveDate::from_ymd_opt(2027, 4, 1));
    assert_eq!(status, "new");

    // The confirmation names the plot's contact person (Görla's is Anna Lindqvist).
    let page = body_text(get(&router, &location).await).await;
    assert!(page.contains("Tack för din intresseanmälan"));
    assert!(page.contains("Anna Lindqvist"));
    // The inquirer's personal data is never on a public page.
    let fact_sheet = body_text(get(&router, &format!("/tomt/{id}")).await).await;
    let api = body_text(get(&router, "/api/plots").await).await;
    assert!(!fact_sheet.contains(EMAIL) && !api.contains(EMAIL));
    db.drop_database().await;
}

#[tokio::test]
async fn each_invalid_field_is_named_the_typed_values_kept_and_nothing_stored() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let id = db.plot_id("Görla 9:12").await;
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[("orgnr", "556677-8898")],
            "Organisationsnummer: Kontrollsiffran stämmer inte.",
        ),
        (
            &[("samtycke", "")],
            "Samtycke: Kryssa i rutan för att vi ska få spara och använda uppgifterna.",
        ),
        (
            &[("epost", "kim.exempelbolaget.example")],
            "E-post: Skriv en e-postadress",
        ),
    ];
    for (changes, message) in cases {
        let fields = form(id, changes);
        let response = post(&router, &fields).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{changes:?}"
        );
        let html = body_text(response).await;
        assert!(
            html.contains(message),
            "{changes:?}: the message names the field"
        );
        assert!(html.contains("aria-invalid=\"true\""));
        // Everything typed is still there, including the bad value.
        for (name, value) in &fields {
            if ["foretag", "kontaktperson", "epost", "orgnr"].contains(&name.as_str()) {
                assert!(html.contains(&format!("value=\"{value}\"")), "{name} kept");
            }
        }
        assert!(
            html.contains("Verkstad med lager, 40 anställda."),
            "free text kept"
        );
    }
    // The English form answers in English.
    let response = post(&router, &form(id, &[("lang", "en"), ("orgnr", "12345")])).await;
    let html = body_text(response).await;
    assert!(html.contains("A company number has ten digits"));
    assert_eq!(count(&db.pool, "SELECT count(*) FROM interests").await, 0);
    db.drop_database().await;
}

#[tokio::test]
async fn bots_are_trapped_and_the_rate_limit_turns_away_the_fourth_form_within_the_hour() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let id = db.plot_id("Rimbo 3:13").await;
    // The honeypot: looks like success, stores nothing.
    let response = post(&router, &form(id, &[("webbplats", "https://spam.example")])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(count(&db.pool, "SELECT count(*) FROM interests").await, 0);
    // The test configuration allows 3 per hour; the bot's attempt counted as one.
    for _ in 0..2 {
        assert_eq!(
            post(&router, &form(id, &[])).await.status(),
            StatusCode::SEE_OTHER
        );
    }
    let response = post(&router, &form(id, &[])).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let html = body_text(response).await;
    assert!(html.contains("Vi har tagit emot många anmälningar från din anslutning"));
    assert!(
        html.contains(&format!("value=\"{COMPANY}\"")),
        "what was typed is kept"
    );
    assert_eq!(count(&db.pool, "SELECT count(*) FROM interests").await, 2);
    db.drop_database().await;
}
