//! The staff's interest inbox against the real server and database: who may read it, handling
//! an interest, the CSV export, and the deletion of personal data after the retention period.

use crate::common::{Matrix, TestDb, body_text, interest_in, router, send, send_json, session};
use axum::http::{StatusCode, header};
use markkartan_app::domain::{InboxFilter, InterestStatus, Role};
use markkartan_server::db;

#[tokio::test]
async fn only_roles_that_handle_interests_reach_them() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let id = interest_in(&db, "Görla 9:11", "Kim Kontakt").await;
    let mut matrix = Matrix::new(&db).await;
    use StatusCode as S;
    let allowed_get = [S::UNAUTHORIZED, S::OK, S::FORBIDDEN, S::OK];
    let mut leaks = Vec::new();
    for path in [
        "/personal/intresse".to_string(),
        format!("/personal/intresse/{id}"),
        "/personal/intresse.csv".to_string(),
    ] {
        matrix
            .expect(
                &format!("GET {path}"),
                allowed_get,
                async |who, token, _| {
                    let response = send(&router, "GET", &path, token, None).await;
                    let status = response.status();
                    // Whoever is refused never sees the inquirer's name.
                    if status != S::OK && body_text(response).await.contains("Kim Kontakt") {
                        leaks.push(format!("GET {path} as {who} shows personal data"));
                    }
                    status
                },
            )
            .await;
    }
    matrix
        .expect("server fn inbox", allowed_get, async |_, token, _| {
            let filter = r#"{"filter":{"status":null,"business_area":null}}"#;
            send_json(&router, "/api/inbox", token, filter)
                .await
                .status()
        })
        .await;
    matrix
        .expect(
            "server fn interest-case",
            allowed_get,
            async |_, token, _| {
                let form = vec![("id".into(), id.to_string())];
                send(&router, "POST", "/api/interest-case", token, Some(form))
                    .await
                    .status()
            },
        )
        .await;
    let path = format!("/personal/intresse/{id}");
    matrix
        .expect(
            "POST /personal/intresse/{id}",
            [S::UNAUTHORIZED, S::SEE_OTHER, S::FORBIDDEN, S::SEE_OTHER],
            async |who, token, csrf| {
                let form = vec![
                    ("csrf".into(), csrf.to_string()),
                    ("status".into(), "contacted".into()),
                    ("handlaggare".into(), String::new()),
                    ("anteckning".into(), format!("Ringde, {who}")),
                ];
                send(&router, "POST", &path, token, Some(form))
                    .await
                    .status()
            },
        )
        .await;
    matrix
        .expect(
            "POST /personal/intresse/{id} without the CSRF token",
            [S::UNAUTHORIZED, S::FORBIDDEN, S::FORBIDDEN, S::FORBIDDEN],
            async |_, token, _| {
                let form = vec![
                    ("csrf".into(), "fel".into()),
                    ("status".into(), "closed".into()),
                ];
                send(&router, "POST", &path, token, Some(form))
                    .await
                    .status()
            },
        )
        .await;
    matrix.failures.extend(leaks);
    matrix.assert_all_as_expected();
    let notes = crate::common::count(&db.pool, "SELECT count(*) FROM interest_notes").await;
    assert_eq!(notes, 2, "the staff's and the admin's notes");
    db.drop_database().await;
}

#[tokio::test]
async fn handling_an_interest_and_exporting_the_inbox() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let first = interest_in(&db, "Görla 9:11", "Kim Kontakt").await;
    let second = interest_in(&db, "Kapellskär 2:14", "Robin \"Hamn\" Ek").await;
    let (token, viewer) = session(&db, Role::Staff).await;
    // Newest first.
    let all = db::inbox::list(&db.pool, &InboxFilter::default())
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![second, first]
    );

    // Close the first, assigned to the staff member, with a note.
    let response = send(
        &router,
        "POST",
        &format!("/personal/intresse/{first}"),
        Some(&token),
        Some(vec![
            ("csrf".into(), viewer.csrf_token.clone()),
            ("status".into(), "closed".into()),
            ("handlaggare".into(), viewer.account_id.to_string()),
            ("anteckning".into(), "Tomten passade inte.".into()),
        ]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let item = db::inbox::one(&db.pool, first).await.unwrap().unwrap();
    assert_eq!(item.status, InterestStatus::Closed);
    assert!(
        item.closed_at.is_some(),
        "closing starts the retention period"
    );
    assert_eq!(item.assigned_to.as_deref(), Some("Test staff"));
    let page = body_text(
        send(
            &router,
            "GET",
            &format!("/personal/intresse/{first}"),
            Some(&token),
            None,
        )
        .await,
    )
    .await;
    assert!(page.contains("Tomten passade inte."));
    assert!(page.contains("Kim Kontakt"));

    // The filter by status, and the CSV of what it shows.
    let closed = InboxFilter {
        status: Some(InterestStatus::Closed),
        business_area: None,
    };
    let listed = db::inbox::list(&db.pool, &closed).await.unwrap();
    assert_eq!(listed.len(), 1);
    let response = send(
        &router,
        "GET",
        "/personal/intresse.csv?status=new",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    let csv = body_text(response).await;
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 2, "header and the one new interest:\n{csv}");
    assert!(
        lines[1].contains("\"Robin \"\"Hamn\"\" Ek\""),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("Kapellskär 2:14"));
    db.drop_database().await;
}

#[tokio::test]
async fn personal_data_is_deleted_after_the_retention_period() {
    let db = TestDb::with_sample().await;
    let old = interest_in(&db, "Görla 9:11", "Gammal Kontakt").await;
    let recent = interest_in(&db, "Görla 9:12", "Ny Kontakt").await;
    let open = interest_in(&db, "Görla 9:13", "Öppen Kontakt").await;
    sqlx::query(
        "UPDATE interests SET status = 'closed', closed_at = now() - interval '25 months' WHERE id = $1;",
    )
    .bind(old)
    .execute(&db.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE interests SET status = 'closed', closed_at = now() - interval '23 months' WHERE id = $1")
        .bind(recent)
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE interests SET created_at = now() - interval '5 years' WHERE id = $1")
        .bind(open)
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO interest_notes (interest_id, text) VALUES ($1, 'Ringde Gammal Kontakt')",
    )
    .bind(old)
    .execute(&db.pool)
    .await
    .unwrap();

    let cleared = db::inbox::delete_expired_personal_data(&db.pool, 24)
        .await
        .unwrap();
    assert_eq!(cleared, 1);
    let item = db::inbox::one(&db.pool, old).await.unwrap().unwrap();
    assert_eq!(
        (
            item.contact_name.as_str(),
            item.email.as_str(),
            item.phone.as_str(),
            item.message.as_str()
        ),
        ("", "", "", ""),
    );
    assert!(item.personal_data_deleted_at.is_some());
    assert_eq!(
        item.company_name, "Testbolaget AB",
        "the company and subject stay for statistics"
    );
    assert_eq!(
        crate::common::count(
            &db.pool,
            &format!("SELECT count(*) FROM interest_notes WHERE interest_id = {old}")
        )
        .await,
        0
    );
    for kept in [recent, open] {
        let item = db::inbox::one(&db.pool, kept).await.unwrap().unwrap();
        assert!(
            !item.contact_name.is_empty(),
            "interest {kept} keeps its personal data"
        );
    }
    // Nothing more to delete the second time; a shorter period catches the recent one.
    assert_eq!(
        db::inbox::delete_expired_personal_data(&db.pool, 24)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        db::inbox::delete_expired_personal_data(&db.pool, 12)
            .await
            .unwrap(),
        1
    );

    // The public notice states the configured period.
    let page = body_text(crate::common::get(&db.router(), "/intresse").await).await;
    assert!(page.contains("Vi raderar personuppgifterna 24 månader efter att ärendet avslutats."));
    db.drop_database().await;
}

#[tokio::test]
async fn staff_pages_show_swedish_time_and_the_case_names_its_plot_once() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let (token, _) = session(&db, Role::Staff).await;
    let id = interest_in(&db, "Görla 9:11", "Kim Tidszon").await;
    // Sent at 10:00 UTC on a summer's day: 12:00 in Sweden. 12,500 m² wanted, no message.
    sqlx::query(
        "UPDATE interests SET created_at = '2027-06-01 10:00:00+00', wanted_area_m2 = 12500,
                              message = '' WHERE id = $1",
    )
    .bind(id)
    .execute(&db.pool)
    .await
    .unwrap();
    let inbox =
        body_text(send(&router, "GET", "/personal/intresse", Some(&token), None).await).await;
    assert!(inbox.contains("2027-06-01 12:00"), "Swedish summer time");
    assert!(
        inbox.contains("Inkommen (svensk tid)"),
        "the zone is stated"
    );
    let case = body_text(
        send(
            &router,
            "GET",
            &format!("/personal/intresse/{id}"),
            Some(&token),
            None,
        )
        .await,
    )
    .await;
    assert!(case.contains("2027-06-01 12:00"));
    let about = case
        .split("data-field=\"about\">")
        .nth(1)
        .and_then(|rest| rest.split("</dd>").next())
        .unwrap_or_default();
    assert_eq!(
        about.matches("Görla 9:11").count(),
        1,
        "the plot named once: {about}"
    );
    // Grouped as Swedish writes numbers (a narrow no-break space).
    assert!(case.contains("12\u{202f}500 m²"), "digits grouped");
    assert!(
        !case.contains("<h2>Meddelande</h2>"),
        "no empty message heading"
    );
    let csv =
        body_text(send(&router, "GET", "/personal/intresse.csv", Some(&token), None).await).await;
    assert!(csv.contains("2027-06-01 12:00"));
    db.drop_database().await;
}
