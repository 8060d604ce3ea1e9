//! The staff workspace against the real server and database: sign-in and its limits, who may do
//! what (every workspace route and server function × anonymous, staff, planner, admin), edits
//! that never overwrite each other, and the history they leave.

use std::net::IpAddr;

use crate::common::{
    Matrix, PASSWORD, TestDb, body_text, count, router, send, send_multipart, session,
};
use axum::http::{StatusCode, header};
use markkartan_app::domain::{PlotEditForm, Role};
use markkartan_server::{
    auth::{self, SignInRefused},
    db,
    workspace::{self, SaveRefused},
};

/// The editor's form as a list of fields, as the browser sends it.
fn fields(form: &PlotEditForm) -> Vec<(String, String)> {
    let mut fields = vec![
        ("version".to_string(), form.version.clone()),
        ("csrf".to_string(), form.csrf.clone()),
        ("status".to_string(), form.status.clone()),
        ("reserverad_till".to_string(), form.reserved_until.clone()),
        ("reserverad_for".to_string(), form.reserved_for.clone()),
        ("pris".to_string(), form.price.clone()),
        ("va".to_string(), form.water_sewage.clone()),
        ("effekt".to_string(), form.electrical_capacity.clone()),
        ("beskrivning".to_string(), form.public_description.clone()),
        ("anteckningar".to_string(), form.internal_notes.clone()),
        ("kontakt".to_string(), form.contact_person.clone()),
    ];
    for code in &form.permitted_uses {
        fields.push(("anvandning".to_string(), code.clone()));
    }
    if form.district_heating.is_some() {
        fields.push(("fjarrvarme".to_string(), "ja".to_string()));
    }
    if form.fiber.is_some() {
        fields.push(("fiber".to_string(), "ja".to_string()));
    }
    fields
}

async fn edit_form(db: &TestDb, id: i64, csrf: &str) -> PlotEditForm {
    let plot = db::staff_plots::one(&db.pool, id).await.unwrap().unwrap();
    PlotEditForm::from_plot(&plot, csrf)
}

#[tokio::test]
async fn every_workspace_route_and_server_function_checks_the_role() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let id = db.plot_id("Görla 9:11").await;
    let mut matrix = Matrix::new(&db).await;
    use StatusCode as S;
    let pages: [(&str, String, [StatusCode; 4]); 5] = [
        (
            "GET /personal/import",
            "/personal/import".into(),
            [S::UNAUTHORIZED, S::OK, S::FORBIDDEN, S::OK],
        ),
        (
            "GET /personal/import/{id} (no such draft)",
            "/personal/import/999999".into(),
            [S::UNAUTHORIZED, S::NOT_FOUND, S::FORBIDDEN, S::NOT_FOUND],
        ),
        (
            "GET /personal",
            "/personal".into(),
            [S::UNAUTHORIZED, S::OK, S::OK, S::OK],
        ),
        (
            "GET /personal/tomt/{id}",
            format!("/personal/tomt/{id}"),
            [S::UNAUTHORIZED, S::OK, S::FORBIDDEN, S::OK],
        ),
        (
            "GET /personal/logga-in",
            "/personal/logga-in".into(),
            [S::OK; 4],
        ),
    ];
    for (what, path, expected) in pages {
        matrix
            .expect(what, expected, async |_, token, _| {
                send(&router, "GET", &path, token, None).await.status()
            })
            .await;
    }
    let functions: [(&str, String, [StatusCode; 4]); 4] = [
        (
            "import-start",
            String::new(),
            [S::UNAUTHORIZED, S::OK, S::FORBIDDEN, S::OK],
        ),
        (
            "import-preview",
            "id=999999".into(),
            [S::UNAUTHORIZED, S::OK, S::FORBIDDEN, S::OK],
        ),
        (
            "workspace-overview",
            String::new(),
            [S::UNAUTHORIZED, S::OK, S::OK, S::OK],
        ),
        (
            "plot-editor",
            format!("id={id}"),
            [S::UNAUTHORIZED, S::OK, S::FORBIDDEN, S::OK],
        ),
    ];
    for (function, body, expected) in functions {
        let path = format!("/api/{function}");
        let fields: Vec<(String, String)> = serde_urlencoded::from_str(&body).unwrap();
        matrix
            .expect(
                &format!("server fn {function}"),
                expected,
                async |_, token, _| {
                    send(&router, "POST", &path, token, Some(fields.clone()))
                        .await
                        .status()
                },
            )
            .await;
    }
    // Saving a plot (each with a fresh form, so no save conflicts with the one before).
    matrix
        .expect(
            "POST /personal/tomt/{id}",
            [S::UNAUTHORIZED, S::SEE_OTHER, S::FORBIDDEN, S::SEE_OTHER],
            async |who, token, csrf| {
                let mut form = edit_form(&db, id, csrf).await;
                form.internal_notes = format!("Ändrad av {who}");
                let path = format!("/personal/tomt/{id}");
                send(&router, "POST", &path, token, Some(fields(&form)))
                    .await
                    .status()
            },
        )
        .await;
    // The geometry forms: allowed roles get as far as checking the (empty) geometry (422).
    for path in [
        format!("/personal/tomt/{id}/geometri"),
        format!("/personal/tomt/{id}/dela"),
        format!("/personal/tomt/{id}/sla-ihop"),
        "/personal/tomter/ny".to_string(),
    ] {
        let expected = [
            S::UNAUTHORIZED,
            S::UNPROCESSABLE_ENTITY,
            S::FORBIDDEN,
            S::UNPROCESSABLE_ENTITY,
        ];
        matrix
            .expect(&format!("POST {path}"), expected, async |_, token, csrf| {
                let version: i32 = sqlx::query_scalar("SELECT version FROM plots WHERE id = $1")
                    .bind(id)
                    .fetch_one(&db.pool)
                    .await
                    .unwrap();
                let form = vec![
                    ("csrf".into(), csrf.to_string()),
                    ("version".into(), version.to_string()),
                    ("geometri".into(), String::new()),
                ];
                send(&router, "POST", &path, token, Some(form))
                    .await
                    .status()
            })
            .await;
    }
    // The import forms: allowed roles get as far as the (missing) file or draft.
    matrix
        .expect(
            "POST /personal/import",
            [
                S::UNAUTHORIZED,
                S::UNPROCESSABLE_ENTITY,
                S::FORBIDDEN,
                S::UNPROCESSABLE_ENTITY,
            ],
            async |_, token, csrf| {
                send_multipart(&router, "/personal/import", token, &[("csrf", csrf)], None)
                    .await
                    .status()
            },
        )
        .await;
    matrix
        .expect(
            "POST /personal/import/{id} (no such draft)",
            [S::UNAUTHORIZED, S::NOT_FOUND, S::FORBIDDEN, S::NOT_FOUND],
            async |_, token, csrf| {
                let form = vec![
                    ("csrf".into(), csrf.to_string()),
                    ("steg".into(), "importera".into()),
                ];
                send(
                    &router,
                    "POST",
                    "/personal/import/999999",
                    token,
                    Some(form),
                )
                .await
                .status()
            },
        )
        .await;
    // Without the session's CSRF token nothing changes, whoever sends it.
    matrix
        .expect(
            "save without the CSRF token",
            [S::UNAUTHORIZED, S::FORBIDDEN, S::FORBIDDEN, S::FORBIDDEN],
            async |_, token, _| {
                let form = edit_form(&db, id, "not-the-token").await;
                let path = format!("/personal/tomt/{id}");
                send(&router, "POST", &path, token, Some(fields(&form)))
                    .await
                    .status()
            },
        )
        .await;
    matrix
        .expect(
            "sign-out without the CSRF token",
            [S::UNAUTHORIZED, S::FORBIDDEN, S::FORBIDDEN, S::FORBIDDEN],
            async |_, token, _| {
                send(&router, "POST", "/personal/logga-ut", token, Some(vec![]))
                    .await
                    .status()
            },
        )
        .await;
    matrix.assert_all_as_expected();
    // Two saves went through (staff and admin), each recorded once.
    let entries = count(
        &db.pool,
        &format!("SELECT count(*) FROM plot_history WHERE plot_id = {id}"),
    )
    .await;
    assert_eq!(entries, 2);
    db.drop_database().await;
}

#[tokio::test]
async fn signing_in_is_limited_sessions_end_and_signing_out_works() {
    let db = TestDb::migrated().await;
    let router = router(&db);
    let (token, viewer) = session(&db, Role::Staff).await;
    assert_eq!(viewer.role, Role::Staff);
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM accounts")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(stored.starts_with("$argon2id$"), "argon2id: {stored}");
    assert!(!stored.contains(PASSWORD));

    // A wrong password through the form: 401, the page again with the address kept.
    let response = send(
        &router,
        "POST",
        "/personal/logga-in",
        None,
        Some(vec![
            ("epost".into(), "staff@kommun.example".into()),
            ("losenord".into(), "fel".into()),
        ]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let page = body_text(response).await;
    assert!(page.contains("Fel e-postadress eller lösenord."));
    assert!(page.contains("value=\"staff@kommun.example\""));

    // The right password through the form: a session cookie, HttpOnly and SameSite.
    let response = send(
        &router,
        "POST",
        "/personal/logga-in",
        None,
        Some(vec![
            ("epost".into(), "STAFF@kommun.example".into()),
            ("losenord".into(), PASSWORD.into()),
        ]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with(&format!("{}=", auth::SESSION_COOKIE)));
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    // Per account: after five failures even the right password is refused for a while.
    let other: IpAddr = [198, 51, 100, 1].into();
    for _ in 0..auth::FAILURES_PER_ACCOUNT - 1 {
        let refused = auth::sign_in(&db.pool, "staff@kommun.example", "fel", other).await;
        assert!(matches!(refused, Err(SignInRefused::Invalid)));
    }
    let limited = auth::sign_in(&db.pool, "staff@kommun.example", PASSWORD, other).await;
    assert!(matches!(limited, Err(SignInRefused::RateLimited { .. })));
    // Many accounts guessed from one address no longer lock every account out from it (issue
    // 10: a shared office network): a correct password for an account not attacked there goes
    // through. `throttle_is_per_account_and_address` below tests this in full.
    let bot: IpAddr = [203, 0, 113, 5].into();
    for n in 0..20 {
        let _ = auth::sign_in(&db.pool, &format!("gissning{n}@kommun.example"), "x", bot).await;
    }
    auth::create_account(&db.pool, "ny@kommun.example", "Ny", Role::Staff, PASSWORD)
        .await
        .unwrap();
    let passed = auth::sign_in(&db.pool, "ny@kommun.example", PASSWORD, bot).await;
    assert!(
        passed.is_ok(),
        "a correct password from the guessed-from address"
    );

    // Sessions are shared through the database and end: expired, or the account deactivated.
    assert!(auth::viewer(&db.pool, &token).await.unwrap().is_some());
    sqlx::query("UPDATE sessions SET expires_at = now() - interval '1 second'")
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(auth::viewer(&db.pool, &token).await.unwrap(), None);
    let status = send(&router, "GET", "/personal", Some(&token), None)
        .await
        .status();
    assert_eq!(status, StatusCode::UNAUTHORIZED, "an expired session");

    // Signing out ends the session on the server, not only in the browser.
    let (token, viewer) = session(&db, Role::Admin).await;
    let response = send(
        &router,
        "POST",
        "/personal/logga-ut",
        Some(&token),
        Some(vec![("csrf".into(), viewer.csrf_token.clone())]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(auth::viewer(&db.pool, &token).await.unwrap(), None);
    db.drop_database().await;
}

#[tokio::test]
async fn two_editors_save_the_same_plot_and_the_second_sees_the_conflict() {
    let db = TestDb::with_sample().await;
    let id = db.plot_id("Görla 9:11").await;
    let (_, anna) = session(&db, Role::Staff).await;
    let (_, bo) = session(&db, Role::Admin).await;
    // Both load the plot.
    let mut first = edit_form(&db, id, &anna.csrf_token).await;
    let mut second = edit_form(&db, id, &bo.csrf_token).await;
    first.price = "555".into();
    second.status = "not_for_sale".into();
    second.price = "999".into();

    // Both save at once: the row lock queues them; exactly one wins.
    let (a, b) = tokio::join!(
        workspace::save_plot(&db.pool, &anna, id, &first),
        workspace::save_plot(&db.pool, &bo, id, &second),
    );
    let (winner, loser) = match (&a, &b) {
        (Ok(_), Err(SaveRefused::Conflict { meanwhile, .. })) => ("first", meanwhile),
        (Err(SaveRefused::Conflict { meanwhile, .. }), Ok(_)) => ("second", meanwhile),
        other => panic!("expected one save and one conflict, got {other:?}"),
    };
    // The refused editor learns what changed meanwhile: the winner's change, by name.
    assert_eq!(loser.len(), 1);
    let expected_name = if winner == "first" {
        "Test staff"
    } else {
        "Test admin"
    };
    assert_eq!(loser[0].changed_by.as_deref(), Some(expected_name));
    let plot = db::staff_plots::one(&db.pool, id).await.unwrap().unwrap();
    let expected_price = if winner == "first" { 555 } else { 999 };
    assert_eq!(
        plot.price_sek_per_m2,
        Some(expected_price),
        "the winner's edit survives"
    );
    assert_eq!(
        count(
            &db.pool,
            &format!("SELECT count(*) FROM plot_history WHERE plot_id = {id}")
        )
        .await,
        1,
        "exactly one history entry"
    );
    db.drop_database().await;
}

#[tokio::test]
async fn a_stale_save_through_the_form_is_a_409_with_the_changes_and_the_typed_values() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let id = db.plot_id("Görla 9:11").await;
    let (token, viewer) = session(&db, Role::Staff).await;
    let stale = edit_form(&db, id, &viewer.csrf_token).await;
    let mut meanwhile = stale.clone();
    meanwhile.price = "777".into();
    workspace::save_plot(&db.pool, &viewer, id, &meanwhile)
        .await
        .unwrap();
    let mut typed = stale;
    typed.public_description = "Min text som inte får försvinna".into();
    let response = send(
        &router,
        "POST",
        &format!("/personal/tomt/{id}"),
        Some(&token),
        Some(fields(&typed)),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let page = body_text(response).await;
    assert!(page.contains("Någon annan har sparat tomten"));
    assert!(page.contains("”777”"), "the change made meanwhile is shown");
    assert!(
        page.contains("Min text som inte får försvinna"),
        "what was typed is kept"
    );
    let plot = db::staff_plots::one(&db.pool, id).await.unwrap().unwrap();
    assert_eq!(plot.price_sek_per_m2, Some(777));
    assert!(
        !plot.public_description.contains("Min text"),
        "nothing overwritten"
    );
    db.drop_database().await;
}

#[tokio::test]
async fn each_change_is_recorded_field_by_field_and_bad_input_changes_nothing() {
    let db = TestDb::with_sample().await;
    let id = db.plot_id("Görla 9:11").await;
    let (_, viewer) = session(&db, Role::Staff).await;
    let before = db::staff_plots::one(&db.pool, id).await.unwrap().unwrap();
    assert_eq!(before.status.key(), "available");

    // A reservation without holder or end date, and a sale straight from available: refused.
    let mut form = edit_form(&db, id, &viewer.csrf_token).await;
    form.status = "reserved".into();
    let Err(SaveRefused::Invalid(errors)) =
        workspace::save_plot(&db.pool, &viewer, id, &form).await
    else {
        panic!("a reservation needs a holder and an end date");
    };
    assert_eq!(errors.len(), 2);
    form.status = "sold".into();
    assert!(matches!(
        workspace::save_plot(&db.pool, &viewer, id, &form).await,
        Err(SaveRefused::Invalid(_))
    ));
    let unchanged = db::staff_plots::one(&db.pool, id).await.unwrap().unwrap();
    assert_eq!(unchanged, before, "a refused save changes nothing");

    form.status = "reserved".into();
    form.reserved_until = "2027-09-30".into();
    form.reserved_for = "Roslagens Bageri AB".into();
    form.internal_notes = "Ring tillbaka i augusti".into();
    let version = workspace::save_plot(&db.pool, &viewer, id, &form)
        .await
        .unwrap();
    assert_eq!(version, before.version + 1);
    // Saving the same again changes nothing and records nothing.
    form.version = version.to_string();
    assert_eq!(
        workspace::save_plot(&db.pool, &viewer, id, &form)
            .await
            .unwrap(),
        version
    );
    let mut conn = db.pool.acquire().await.unwrap();
    let history = db::staff_plots::history(&mut conn, id, 0).await.unwrap();
    assert_eq!(history.len(), 1);
    let fields: Vec<(&str, &str, &str)> = history[0]
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.from.as_str(), c.to.as_str()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("status", "available", "reserved"),
            ("reserverad_till", "", "2027-09-30"),
            ("reserverad_for", "", "Roslagens Bageri AB"),
            (
                "anteckningar",
                before.internal_notes.as_str(),
                "Ring tillbaka i augusti"
            ),
        ]
    );
    assert_eq!(history[0].changed_by.as_deref(), Some("Test staff"));
    // The public sees the status, never the notes or the holder.
    let public = body_text(crate::common::get(&db.router(), &format!("/tomt/{id}")).await).await;
    assert!(public.contains("reserverad till 30 september 2027"));
    assert!(!public.contains("Ring tillbaka") && !public.contains("Roslagens Bageri"));

    // Editing only what the public never sees (the notes, who holds the reservation) leaves
    // the public "last updated" date as it was; a public fact moves it.
    let updated_at = async || -> chrono::DateTime<chrono::Utc> {
        sqlx::query_scalar("SELECT updated_at FROM plots WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap()
    };
    let public_date = updated_at().await;
    form.internal_notes = "Ring i september i stället".into();
    form.reserved_for = "Roslagens Bageri och Konditori AB".into();
    let version = workspace::save_plot(&db.pool, &viewer, id, &form)
        .await
        .unwrap();
    assert_eq!(
        updated_at().await,
        public_date,
        "internal edits are not news"
    );
    form.version = version.to_string();
    form.price = "1234".into();
    workspace::save_plot(&db.pool, &viewer, id, &form)
        .await
        .unwrap();
    assert!(updated_at().await > public_date, "a new price is");
    db.drop_database().await;
}

#[tokio::test]
async fn only_admins_manage_accounts_and_deactivation_ends_sessions() {
    let db = TestDb::migrated().await;
    let router = router(&db);
    let staff = session(&db, Role::Staff).await;
    let planner = session(&db, Role::Planner).await;
    let admin = session(&db, Role::Admin).await;
    let viewers = [
        ("anonymous", None),
        ("staff", Some(&staff)),
        ("planner", Some(&planner)),
        ("admin", Some(&admin)),
    ];
    use StatusCode as S;
    let mut failures = Vec::new();
    for ((who, session), expected) in
        viewers
            .iter()
            .zip([S::UNAUTHORIZED, S::FORBIDDEN, S::FORBIDDEN, S::OK])
    {
        let token = session.map(|(t, _)| t.as_str());
        let page = send(&router, "GET", "/personal/konton", token, None)
            .await
            .status();
        let function = send(&router, "POST", "/api/accounts", token, Some(vec![]))
            .await
            .status();
        if (page, function) != (expected, expected) {
            failures.push(format!(
                "accounts as {who}: page {page}, server fn {function}, expected {expected}"
            ));
        }
    }
    for ((who, session), expected) in
        viewers
            .iter()
            .zip([S::UNAUTHORIZED, S::FORBIDDEN, S::FORBIDDEN, S::SEE_OTHER])
    {
        let (token, csrf) = match session {
            Some((token, viewer)) => (Some(token.as_str()), viewer.csrf_token.clone()),
            None => (None, String::new()),
        };
        let status = send(
            &router,
            "POST",
            "/personal/konton",
            token,
            Some(vec![
                ("csrf".into(), csrf),
                ("epost".into(), format!("ny.{who}@kommun.example")),
                ("namn".into(), format!("Ny {who}")),
                ("roll".into(), "staff".into()),
                ("losenord".into(), PASSWORD.into()),
            ]),
        )
        .await
        .status();
        if status != expected {
            failures.push(format!(
                "POST /personal/konton as {who}: {status}, expected {expected}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        count(&db.pool, "SELECT count(*) FROM accounts").await,
        4,
        "only the admin's"
    );

    let (admin_token, admin_viewer) = admin;
    // A short password is refused with the name and address kept.
    let response = send(
        &router,
        "POST",
        "/personal/konton",
        Some(&admin_token),
        Some(vec![
            ("csrf".into(), admin_viewer.csrf_token.clone()),
            ("epost".into(), "kort@kommun.example".into()),
            ("namn".into(), "Kort Lösen".into()),
            ("roll".into(), "planner".into()),
            ("losenord".into(), "kort".into()),
        ]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = body_text(response).await;
    assert!(page.contains("Lösenordet behöver minst 12 tecken."));
    assert!(page.contains("value=\"Kort Lösen\""));

    // Deactivating the staff account ends its session at once.
    let (staff_token, staff_viewer) = staff;
    let status = send(
        &router,
        "POST",
        &format!("/personal/konton/{}", staff_viewer.account_id),
        Some(&admin_token),
        Some(vec![
            ("csrf".into(), admin_viewer.csrf_token.clone()),
            ("roll".into(), "staff".into()),
        ]),
    )
    .await
    .status();
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(auth::viewer(&db.pool, &staff_token).await.unwrap(), None);
    let refused = auth::sign_in(
        &db.pool,
        "staff@kommun.example",
        PASSWORD,
        [192, 0, 2, 1].into(),
    )
    .await;
    assert!(matches!(refused, Err(SignInRefused::Invalid)));
    // An admin cannot demote or deactivate themselves.
    let status = send(
        &router,
        "POST",
        &format!("/personal/konton/{}", admin_viewer.account_id),
        Some(&admin_token),
        Some(vec![
            ("csrf".into(), admin_viewer.csrf_token.clone()),
            ("roll".into(), "staff".into()),
            ("aktivt".into(), "ja".into()),
        ]),
    )
    .await
    .status();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    db.drop_database().await;
}
