//! Insights for the business development unit and the service survey: a known history of
//! plots and cases gives known figures (land month by month, the funnel, the median and 90th
//! percentile, the warnings, the index and the rule of five); a closed case sends one survey
//! whose link works once, expires and shows nothing of the case; only admins and the insights
//! role see the page, and the insights role sees nothing else; hostile text.

use std::net::SocketAddr;

use crate::common::{TestDb, body_text, count, interest_in, router, send, session};
use axum::extract::connect_info::MockConnectInfo;
use axum::http::StatusCode;
use markkartan_app::domain::{InsightSection, Lang, MonthlySupply, Role};
use markkartan_server::db;

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A moment as SQL: `months` calendar months before this one (Swedish time), plus an interval.
fn at(months: i32, plus: &str) -> String {
    format!(
        "((date_trunc('month', now() AT TIME ZONE 'Europe/Stockholm')
           - make_interval(months => {months}) + interval '{plus}') AT TIME ZONE 'Europe/Stockholm')"
    )
}

async fn exec(db: &TestDb, sql: &str) {
    sqlx::raw_sql(sql).execute(&db.pool).await.unwrap();
}

/// The scores of a whole answer, each factor alike, as the form sends them.
fn answer(score: &str, comment: &str) -> Vec<(String, String)> {
    form(&[
        ("information", score),
        ("tillganglighet", score),
        ("bemotande", score),
        ("kompetens", score),
        ("rattssakerhet", score),
        ("effektivitet", score),
        ("helhet", score),
        ("kommentar", comment),
    ])
}

/// The token in the last survey e-mail to this address.
async fn survey_token(db: &TestDb, to: &str) -> String {
    let body: String = sqlx::query_scalar(
        "SELECT body FROM outgoing_mail WHERE kind = 'survey' AND to_address = $1
          ORDER BY id DESC LIMIT 1",
    )
    .bind(to)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let at = body.find("/enkat/").expect("the mail has the link") + "/enkat/".len();
    body[at..at + 64].to_string()
}

/// Closes a case through the inbox's form, as its handler does.
async fn close(router: &axum::Router, case: i64, cookie: &str, csrf: &str, outcome: &str) {
    let response = send(
        router,
        "POST",
        &format!("/personal/intresse/{case}"),
        Some(cookie),
        Some(form(&[
            ("csrf", csrf),
            ("status", "closed"),
            ("handlaggare", ""),
            ("anteckning", ""),
            ("utfall", outcome),
        ])),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "closing case {case}"
    );
}

/// Answered surveys of cases of this business area: `scores` one answer each. Their cases
/// were closed long ago, outside the funnel's period.
async fn answered(db: &TestDb, area: i64, scores: &[i16]) {
    for (n, score) in scores.iter().enumerate() {
        let case = interest_in(db, "Görla 9:12", &format!("Svar {n}")).await;
        sqlx::query(
            "UPDATE interests SET created_at = now() - interval '2 years', status = 'closed',
                    closed_at = now() - interval '2 years' WHERE id = $1",
        )
        .bind(case)
        .execute(&db.pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO surveys (interest_id, token_digest, business_area_id, department,
                                  expires_at, answered_at, information, accessibility, treatment,
                                  competence, legal_certainty, efficiency, overall)
             VALUES ($1, sha256($1::text::bytea), $2, 'Norrtälje kommun', now() + interval '1 day',
                     now(), $3, $3, $3, $3, $3, $3, $3)",
        )
        .bind(case)
        .bind(area)
        .bind(score)
        .execute(&db.pool)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn a_known_history_gives_known_land_funnel_times_and_index() {
    let db = TestDb::with_sample().await;
    // Three plots on offer, everything else not: one available, one reserved, one sold.
    exec(
        &db,
        "UPDATE plot_records SET status = 'not_for_sale', reserved_until = NULL,
                reserved_for = NULL, created_at = now() - interval '3 years';
         UPDATE plot_records SET status = 'available' WHERE designation = 'Görla 9:12';
         UPDATE plot_records SET status = 'reserved', reserved_until = '2030-01-01',
                reserved_for = 'Bolaget AB' WHERE designation = 'Görla 9:13';
         UPDATE plot_records SET status = 'sold' WHERE designation = 'Görla 9:14';",
    )
    .await;
    // In Rimbo (uses J, Z, U), one plot on offer since two months ago.
    exec(
        &db,
        &format!(
            "UPDATE plot_records SET status = 'available', created_at = {made}
              WHERE designation = 'Rimbo 3:13'",
            made = at(2, "1 day"),
        ),
    )
    .await;
    let a = db.plot_id("Görla 9:12").await;
    // Görla 9:12 was made four months ago, reserved two months ago and free again last month.
    exec(
        &db,
        &format!(
            "UPDATE plot_records SET created_at = {created} WHERE id = {a};
             INSERT INTO plot_history (plot_id, version, changed_at, changes) VALUES
               ({a}, 2, {reserved}, '[{{\"field\": \"status\", \"from\": \"available\", \"to\": \"reserved\"}}]'),
               ({a}, 3, {freed}, '[{{\"field\": \"status\", \"from\": \"reserved\", \"to\": \"available\"}}]');",
            created = at(4, "1 day"),
            reserved = at(2, "10 days"),
            freed = at(1, "10 days"),
        ),
    )
    .await;
    let area_of = |designation: &'static str| {
        let pool = db.pool.clone();
        async move {
            sqlx::query_as::<_, (f64, i64, String)>(
                "SELECT p.area_m2, p.business_area_id, l.name FROM plots p
                   JOIN business_areas b ON b.id = p.business_area_id
                   JOIN localities l ON l.id = b.locality_id
                  WHERE p.designation = $1",
            )
            .bind(designation)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let (a_m2, area, locality) = area_of("Görla 9:12").await;
    let (b_m2, _, _) = area_of("Görla 9:13").await;
    let (c_m2, _, _) = area_of("Görla 9:14").await;

    // Cases: three last month (contacted after 1, 3 and 5 days; closed after 10 and 20 days;
    // sold, reserved, nothing yet), one new eight days ago nobody answers, one too old to count.
    let owner: i64 = sqlx::query_scalar("SELECT id FROM contact_persons ORDER BY id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let mut cases = Vec::new();
    for n in 0..5 {
        cases.push(interest_in(&db, "Görla 9:12", &format!("Kontakt {n}")).await);
    }
    exec(
        &db,
        &format!(
            "UPDATE interests SET created_at = {t0}, contacted_at = {t0} + interval '1 day',
                    closed_at = {t0} + interval '10 days', status = 'closed', outcome = 'sold',
                    outcome_at = {t0} + interval '10 days', owner_id = {owner} WHERE id = {c0};
             UPDATE interests SET created_at = {t0}, contacted_at = {t0} + interval '3 days',
                    closed_at = {t0} + interval '20 days', status = 'closed', outcome = 'reserved',
                    outcome_at = {t0} + interval '20 days', owner_id = {owner} WHERE id = {c1};
             UPDATE interests SET created_at = {t0}, contacted_at = {t0} + interval '5 days',
                    status = 'contacted', owner_id = {owner} WHERE id = {c2};
             UPDATE interests SET created_at = now() - interval '8 days', owner_id = NULL WHERE id = {c3};
             UPDATE interests SET created_at = {old}, status = 'closed', closed_at = {old},
                    owner_id = {owner} WHERE id = {c4};",
            t0 = at(1, "2 days"),
            old = at(13, "1 day"),
            c0 = cases[0],
            c1 = cases[1],
            c2 = cases[2],
            c3 = cases[3],
            c4 = cases[4],
        ),
    )
    .await;
    // Four answers: too few for an index.
    answered(&db, area, &[10, 10, 10, 10]).await;

    let insights = markkartan_server::insights::insights(&db.pool, Lang::Sv)
        .await
        .unwrap();

    // Land today, by locality and use.
    assert_eq!(
        insights
            .supply_by_locality
            .iter()
            .map(|s| s.label.as_str())
            .collect::<Vec<_>>(),
        [locality.as_str(), "Rimbo"],
    );
    let here = &insights.supply_by_locality[0];
    assert_eq!(
        (here.available_plots, here.reserved_plots, here.sold_plots),
        (1, 1, 1)
    );
    assert!((here.available_m2 - a_m2).abs() < 0.01);
    assert!((here.reserved_m2 - b_m2).abs() < 0.01);
    assert!((here.sold_m2 - c_m2).abs() < 0.01);
    let (rimbo_m2, _, _) = area_of("Rimbo 3:13").await;
    let storage = insights
        .supply_by_use
        .iter()
        .find(|s| s.label == "lager")
        .unwrap();
    assert_eq!(
        (
            storage.available_plots,
            storage.reserved_plots,
            storage.sold_plots
        ),
        (1, 0, 0),
        "only Rimbo 3:13 may be used for storage"
    );

    // Month by month from the history: Görla 9:12 free four and three months ago (before its
    // first change, what that changed from), reserved two months ago, free since; Rimbo 3:13
    // free since two months ago.
    assert_eq!(insights.months.len(), 12);
    assert_eq!(insights.supply_by_month.len(), 12);
    let month = |ago: usize| &insights.supply_by_month[11 - ago];
    assert_eq!(month(5).available_plots, 0, "before it was made");
    assert_eq!(month(4).available_plots, 1);
    assert_eq!(month(3).available_plots, 1);
    assert_eq!((month(2).available_plots, month(2).reserved_plots), (1, 2));
    assert_eq!((month(1).available_plots, month(1).reserved_plots), (2, 1));
    assert_eq!(month(0).available_plots, 2);
    assert!((month(2).reserved_m2 - (a_m2 + b_m2)).abs() < 0.01);
    assert!((month(2).available_m2 - rimbo_m2).abs() < 0.01);

    // The same per locality and per use: every group has all twelve months, by group.
    let by_locality = &insights.supply_by_locality_month;
    assert_eq!(by_locality.len(), 24, "two localities, twelve months each");
    let (gorla, rimbo) = by_locality.split_at(12);
    assert!(gorla.iter().all(|m| m.supply.label == locality));
    assert!(rimbo.iter().all(|m| m.supply.label == "Rimbo"));
    assert_eq!(gorla[11].month, insights.supply_by_month[11].label);
    let plots = |row: &[MonthlySupply], ago: usize| {
        let s = &row[11 - ago].supply;
        (s.available_plots, s.reserved_plots, s.sold_plots)
    };
    assert_eq!(plots(gorla, 5), (0, 1, 1), "Görla 9:12 not yet made");
    assert_eq!(plots(gorla, 4), (1, 1, 1));
    assert_eq!(plots(gorla, 2), (0, 2, 1));
    assert_eq!(plots(gorla, 1), (1, 1, 1));
    assert_eq!(
        plots(rimbo, 3),
        (0, 0, 0),
        "a month without land counts zeros"
    );
    assert_eq!(plots(rimbo, 2), (1, 0, 0));
    assert_eq!(plots(rimbo, 0), (1, 0, 0));
    assert!((rimbo[11].supply.available_m2 - rimbo_m2).abs() < 0.01);
    let by_use = &insights.supply_by_use_month;
    let storage: Vec<_> = by_use
        .iter()
        .filter(|m| m.supply.label == "lager")
        .collect();
    assert_eq!(storage.len(), 12);
    assert_eq!(
        storage
            .iter()
            .map(|m| m.supply.available_plots)
            .collect::<Vec<_>>(),
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]
    );
    let industry: Vec<_> = by_use
        .iter()
        .filter(|m| m.supply.label == "industri")
        .collect();
    assert_eq!(
        (
            industry[9].supply.available_plots,
            industry[9].supply.reserved_plots
        ),
        (1, 2),
        "two months ago: Rimbo free, Görla 9:12 and 9:13 reserved"
    );
    // The download has the same cells, a row per group and month.
    let table = InsightSection::SupplyByLocalityMonth.table(&insights, Lang::Sv);
    assert_eq!(table.headers[..3], ["Ort", "Månad", "Lediga tomter"]);
    assert_eq!(table.rows.len(), 24);
    assert_eq!(table.rows[23][0], "Rimbo");
    assert_eq!(table.rows[23][2], "1");

    // The funnel of the period: four cases (the old one is outside), three contacted, two
    // reserved or sold, one sold; days to contact 1, 3, 5 and to closing 10, 20.
    let total = &insights.funnel_total;
    assert_eq!(
        (total.interests, total.contacted, total.reserved, total.sold),
        (4, 3, 2, 1)
    );
    let close_to = |value: Option<f64>, expected: f64| {
        assert!(
            value.is_some_and(|v| (v - expected).abs() < 1e-6),
            "{value:?} is not {expected}"
        )
    };
    close_to(total.contact_days.median, 3.0);
    close_to(total.contact_days.p90, 4.6);
    close_to(total.closing_days.median, 15.0);
    close_to(total.closing_days.p90, 19.0);
    // (The new case may have come last month too, early in a month.)
    let last_month = &insights.funnel_by_month[10];
    assert_eq!(
        (last_month.contacted, last_month.reserved, last_month.sold),
        (3, 2, 1)
    );
    assert_eq!(
        insights.funnel_by_month.len(),
        12,
        "every month, empty ones too"
    );
    assert_eq!(
        insights
            .funnel_by_question
            .iter()
            .map(|f| f.interests)
            .sum::<i64>(),
        4
    );

    // Warnings: the case nobody answers, eight days without contact.
    assert_eq!(insights.warnings.without_owner, 1);
    assert_eq!(insights.warnings.not_contacted, 1);

    // Four answers: no index anywhere.
    assert_eq!(insights.survey_total.answers, 4);
    assert_eq!(insights.survey_total.index, None);
    assert!(insights.survey_by_area.iter().all(|s| s.index.is_none()));

    // A fifth, a 1: the mean 8.2 is the index 80.
    answered(&db, area, &[1]).await;
    let insights = markkartan_server::insights::insights(&db.pool, Lang::Sv)
        .await
        .unwrap();
    let index = insights.survey_total.index.clone().expect("five answers");
    assert_eq!(index.len(), 7);
    assert!(index.iter().all(|i| (i - 80.0).abs() < 1e-9), "{index:?}");
    let by_area = &insights.survey_by_area[0];
    assert_eq!(by_area.answers, 5);
    assert!(by_area.index.is_some());

    // The page and the CSV show the same figures to an admin.
    let router = router(&db);
    let (cookie, _) = session(&db, Role::Admin).await;
    let page = send(&router, "GET", "/personal/insikter", Some(&cookie), None).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = body_text(page).await;
    assert!(html.contains("80,0"), "the index on the page");
    assert!(html.contains("4,6"), "the 90th percentile on the page");
    assert!(html.contains("<svg"), "the charts");
    assert!(!html.contains("Kontakt 0"), "no names");
    let csv = send(
        &router,
        "GET",
        "/personal/insikter.csv?del=intresse-omrade",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(csv.status(), StatusCode::OK);
    let csv = body_text(csv).await;
    assert!(csv.contains("Intresseanmälningar;Kontaktade"), "{csv}");
    assert!(
        csv.contains(";4;3;75 %;2;50 %;1;25 %;\"3,0\";\"4,6\";\"15,0\";\"19,0\""),
        "{csv}"
    );
    let english = send(
        &router,
        "GET",
        "/personal/insikter.csv?del=enkat-omrade&lang=en",
        Some(&cookie),
        None,
    )
    .await;
    let english = body_text(english).await;
    assert!(english.contains("Answers;Information"), "{english}");
    assert!(english.contains(";5;80.0;80.0"), "{english}");
    let unknown = send(
        &router,
        "GET",
        "/personal/insikter.csv?del=allt",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert!(body_text(unknown).await.contains("del"));
    db.drop_database().await;
}

#[tokio::test]
async fn closing_a_case_sends_one_survey_that_works_once_and_expires() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let (cookie, viewer) = session(&db, Role::Staff).await;
    let case = interest_in(&db, "Görla 9:12", "Kim").await;
    // An outcome that is none of the list is refused, naming the field, and nothing changes.
    let refused = send(
        &router,
        "POST",
        &format!("/personal/intresse/{case}"),
        Some(&cookie),
        Some(form(&[
            ("csrf", &viewer.csrf_token),
            ("status", "closed"),
            ("utfall", "<b>vunnen</b>"),
        ])),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body_text(refused).await.contains("utfall"));
    assert_eq!(count(&db.pool, "SELECT count(*) FROM surveys").await, 0);
    // Answered by a contact person of the water company.
    exec(
        &db,
        &format!(
            "UPDATE contact_persons SET organisation = 'Roslagsvatten'
              WHERE id = (SELECT min(id) FROM contact_persons);
             UPDATE interests SET owner_id = (SELECT min(id) FROM contact_persons) WHERE id = {case}"
        ),
    )
    .await;
    close(&router, case, &cookie, &viewer.csrf_token, "sald").await;
    let (outcome, outcome_at, contacted): (Option<String>, bool, bool) = sqlx::query_as(
        "SELECT outcome::text, outcome_at IS NOT NULL, contacted_at IS NOT NULL
           FROM interests WHERE id = $1",
    )
    .bind(case)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(outcome.as_deref(), Some("sold"));
    assert!(outcome_at && contacted, "dated and contacted");
    // Closed again: no second survey.
    close(&router, case, &cookie, &viewer.csrf_token, "sald").await;
    assert_eq!(count(&db.pool, "SELECT count(*) FROM surveys").await, 1);
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM outgoing_mail WHERE kind = 'survey'"
        )
        .await,
        1
    );
    let (area, department): (Option<i64>, String) =
        sqlx::query_as("SELECT business_area_id, department FROM surveys")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        area,
        Some(
            sqlx::query_scalar::<_, i64>("SELECT business_area_id FROM interests WHERE id = $1")
                .bind(case)
                .fetch_one(&db.pool)
                .await
                .unwrap()
        )
    );
    assert_eq!(
        department, "Roslagsvatten",
        "the department that answered it"
    );

    let token = survey_token(&db, "kontakt@testbolaget.example").await;
    let page = send(&router, "GET", &format!("/enkat/{token}"), None, None).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(
        page.headers()["cache-control"].to_str().unwrap(),
        "private, no-store"
    );
    let html = body_text(page).await;
    assert!(html.contains("Hur nöjd är du med kommunens service?"));
    assert!(html.contains("name=\"helhet\""));
    assert!(html.contains("noindex"));
    for secret in [
        "Testbolaget",
        "kontakt@testbolaget.example",
        "Vi vill bygga",
        "Kim",
    ] {
        assert!(!html.contains(secret), "the survey shows {secret}");
    }

    // A score out of range is refused naming its field, and nothing is stored.
    let mut wrong = answer("8", "");
    wrong[5].1 = "11".into();
    let refused = send(
        &router,
        "POST",
        &format!("/enkat/{token}/svar"),
        None,
        Some(wrong),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = body_text(refused).await;
    assert!(refused.contains("effektivitet"), "names the field");
    assert!(refused.contains("checked"), "keeps what was chosen");
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM surveys WHERE answered_at IS NOT NULL"
        )
        .await,
        0
    );

    // Ten answers at once: one is recorded, the others are told it was answered.
    let mut sends = Vec::new();
    for n in 0..10 {
        let router = router.clone();
        let path = format!("/enkat/{token}/svar");
        let score = (n % 10 + 1).to_string();
        sends.push(tokio::spawn(async move {
            send(&router, "POST", &path, None, Some(answer(&score, "Bra!")))
                .await
                .status()
        }));
    }
    let mut statuses = Vec::new();
    for send in sends {
        statuses.push(send.await.unwrap());
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::SEE_OTHER)
            .count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::GONE).count(),
        9,
        "{statuses:?}"
    );
    // Answered: the page thanks once, and otherwise says it was answered.
    let thanks = send(
        &router,
        "GET",
        &format!("/enkat/{token}?tack=1"),
        None,
        None,
    )
    .await;
    assert_eq!(thanks.status(), StatusCode::OK);
    assert!(body_text(thanks).await.contains("Tack för dina svar"));
    let again = send(&router, "GET", &format!("/enkat/{token}"), None, None).await;
    assert_eq!(again.status(), StatusCode::GONE);

    // Expired, unknown, malformed.
    let other = interest_in(&db, "Görla 9:13", "Alex").await;
    close(&router, other, &cookie, &viewer.csrf_token, "").await;
    let expired = survey_token(&db, "kontakt@testbolaget.example").await;
    assert_ne!(expired, token);
    exec(&db, &format!("UPDATE surveys SET expires_at = now() - interval '1 second' WHERE interest_id = {other}")).await;
    let gone = send(
        &router,
        "GET",
        &format!("/enkat/{expired}?lang=en"),
        None,
        None,
    )
    .await;
    assert_eq!(gone.status(), StatusCode::GONE);
    assert!(body_text(gone).await.contains("no longer valid"));
    let late = send(
        &router,
        "POST",
        &format!("/enkat/{expired}/svar"),
        None,
        Some(answer("5", "")),
    )
    .await;
    assert_eq!(late.status(), StatusCode::GONE);
    let unknown = "0".repeat(64);
    assert_eq!(
        send(&router, "GET", &format!("/enkat/{unknown}"), None, None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let malformed = send(
        &router,
        "POST",
        "/enkat/abc/svar",
        None,
        Some(answer("5", "")),
    )
    .await;
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert!(body_text(malformed).await.contains("nyckel"));

    // The retention period deletes the comment with the case's personal data.
    exec(
        &db,
        &format!("UPDATE interests SET closed_at = now() - interval '25 months' WHERE id = {case}"),
    )
    .await;
    db::inbox::delete_expired_personal_data(&db.pool, 24)
        .await
        .unwrap();
    assert_eq!(
        count(&db.pool, "SELECT count(*) FROM surveys WHERE comment <> ''").await,
        0
    );
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM surveys WHERE answered_at IS NOT NULL"
        )
        .await,
        1,
        "the scores stay: they name no one"
    );
    db.drop_database().await;
}

#[tokio::test]
async fn hostile_text_in_the_survey_is_refused_or_shown_as_text() {
    let db = TestDb::with_sample().await;
    let router = router(&db).layer(MockConnectInfo(SocketAddr::from(([192, 0, 2, 9], 1))));
    let (cookie, viewer) = session(&db, Role::Admin).await;
    let mut tokens = Vec::new();
    for n in 0..3 {
        let case = interest_in(&db, "Görla 9:12", &format!("K{n}")).await;
        close(&router, case, &cookie, &viewer.csrf_token, "").await;
        tokens.push(survey_token(&db, "kontakt@testbolaget.example").await);
    }
    let post = |token: &str, fields: Vec<(String, String)>| {
        let router = router.clone();
        let path = format!("/enkat/{token}/svar");
        async move { send(&router, "POST", &path, None, Some(fields)).await }
    };
    // A NUL byte, a comment past the limit, a score that is no number: 4xx naming the field.
    for (fields, field) in [
        (answer("7", "nul\0byte"), "kommentar"),
        (answer("7", &"x".repeat(2001)), "kommentar"),
        (answer("sju", ""), "information"),
    ] {
        let response = post(&tokens[0], fields).await;
        assert!(
            response.status().is_client_error(),
            "{field}: {}",
            response.status()
        );
        assert!(body_text(response).await.contains(field));
    }
    // Markup and a formula are kept as text and shown as text.
    let response = post(
        &tokens[1],
        answer("9", "<script>alert(1)</script> =HYPERLINK(\"x\")"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html =
        body_text(send(&router, "GET", "/personal/insikter", Some(&cookie), None).await).await;
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    db.drop_database().await;
}

#[tokio::test]
async fn only_admins_and_the_insights_role_see_insights_and_that_role_sees_nothing_else() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let mut sessions = vec![(None, None)];
    for role in Role::ALL {
        let (cookie, _) = session(&db, role).await;
        sessions.push((Some(role), Some(cookie)));
    }
    let mut failures = Vec::new();
    for (role, cookie) in &sessions {
        let expected = match role {
            None => StatusCode::UNAUTHORIZED,
            Some(Role::Admin | Role::Insights) => StatusCode::OK,
            Some(_) => StatusCode::FORBIDDEN,
        };
        for (method, path, body) in [
            ("GET", "/personal/insikter", None),
            ("GET", "/personal/insikter.csv?del=utbud-ort", None),
            ("POST", "/api/insights", Some(form(&[("lang", "Sv")]))),
        ] {
            let status = send(&router, method, path, cookie.as_deref(), body)
                .await
                .status();
            if status != expected {
                failures.push(format!(
                    "{method} {path} as {role:?}: {status}, expected {expected}"
                ));
            }
        }
    }
    // The insights role reads nothing else of the workspace: no personal data, no plots' notes,
    // no drafts.
    let insights = sessions[4].1.clone().unwrap();
    let plot = db.plot_id("Görla 9:12").await;
    for path in [
        "/personal/intresse".to_string(),
        "/personal/intresse.csv".to_string(),
        "/personal/konton".to_string(),
        "/personal/kontakter".to_string(),
        "/personal/moten".to_string(),
        "/personal/planer".to_string(),
        "/personal/import".to_string(),
        format!("/personal/tomt/{plot}"),
    ] {
        let status = send(&router, "GET", &path, Some(&insights), None)
            .await
            .status();
        if status != StatusCode::FORBIDDEN {
            failures.push(format!("GET {path} as insights: {status}, expected 403"));
        }
    }
    let overview = body_text(send(&router, "GET", "/personal", Some(&insights), None).await).await;
    assert!(
        overview.contains("/personal/insikter"),
        "the way to the page"
    );
    assert!(!overview.contains("/personal/planer\""), "no plans link");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    db.drop_database().await;
}
