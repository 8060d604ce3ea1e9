//! Who answers what (`/personal/kontakter`): only admins keep the contact persons and the
//! responsibilities; hostile text is refused naming its field or shown as text; two admins at
//! once never lose one's change unseen.

use crate::common::{Matrix, TestDb, body_text, count, router, send};
use axum::http::StatusCode;
use markkartan_app::domain::Role;

fn contact(csrf: &str, fields: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        ("csrf", csrf),
        ("namn", "Sara Ek"),
        ("titel", "VA-ingenjör"),
        ("titel_en", "Water engineer"),
        ("organisation", "Roslagsvatten"),
        ("telefon", "0176-123 45"),
        ("epost", "sara.ek@roslagsvatten.example"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (name, value) in fields {
        match form.iter_mut().find(|(k, _)| k == name) {
            Some(field) => field.1 = value.to_string(),
            None => form.push((name.to_string(), value.to_string())),
        }
    }
    form
}

fn responsibility(
    csrf: &str,
    area: &str,
    question: &str,
    who: &str,
    deputy: &str,
) -> Vec<(String, String)> {
    [
        ("csrf", csrf),
        ("omrade", area),
        ("fraga", question),
        ("ansvarig", who),
        ("ersattare", deputy),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

#[tokio::test]
async fn only_admins_keep_the_contacts_and_who_answers_what() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let mut matrix = Matrix::new(&db).await;
    use StatusCode as S;
    let area: i64 = sqlx::query_scalar("SELECT id FROM business_areas ORDER BY id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let person: i64 = sqlx::query_scalar("SELECT id FROM contact_persons ORDER BY id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let forbidden_but_admin = [S::UNAUTHORIZED, S::FORBIDDEN, S::FORBIDDEN, S::OK];
    matrix
        .expect(
            "GET /personal/kontakter",
            forbidden_but_admin,
            async |_, token, _| {
                send(&router, "GET", "/personal/kontakter", token, None)
                    .await
                    .status()
            },
        )
        .await;
    matrix
        .expect(
            "server fn contacts",
            forbidden_but_admin,
            async |_, token, _| {
                send(&router, "POST", "/api/contacts", token, Some(vec![]))
                    .await
                    .status()
            },
        )
        .await;
    let writes = [S::UNAUTHORIZED, S::FORBIDDEN, S::FORBIDDEN, S::SEE_OTHER];
    matrix
        .expect(
            "POST /personal/kontakter",
            writes,
            async |who, token, csrf| {
                let email = format!("{who}@kontakt.example");
                let form = contact(csrf, &[("epost", &email)]);
                send(&router, "POST", "/personal/kontakter", token, Some(form))
                    .await
                    .status()
            },
        )
        .await;
    matrix
        .expect("POST /personal/ansvar", writes, async |_, token, csrf| {
            let form = responsibility(csrf, &area.to_string(), "energy", &person.to_string(), "");
            send(&router, "POST", "/personal/ansvar", token, Some(form))
                .await
                .status()
        })
        .await;
    assert!(matrix.failures.is_empty(), "{:#?}", matrix.failures);
    // Only the admin's were stored.
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM contact_persons WHERE email LIKE '%@kontakt.example'"
        )
        .await,
        1
    );
    assert_eq!(
        count(&db.pool, "SELECT count(*) FROM responsibilities").await,
        1
    );
    // A form without the session's CSRF token changes nothing.
    let (token, _) = matrix.session(Role::Admin).clone();
    let stolen = contact("", &[("epost", "csrf@kontakt.example")]);
    assert_eq!(
        send(
            &router,
            "POST",
            "/personal/kontakter",
            Some(&token),
            Some(stolen)
        )
        .await
        .status(),
        S::FORBIDDEN
    );
    db.drop_database().await;
}

#[tokio::test]
async fn hostile_text_is_refused_naming_its_field_or_shown_as_text() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let matrix = Matrix::new(&db).await;
    let (token, viewer) = matrix.session(Role::Admin).clone();
    let csrf = viewer.csrf_token.as_str();
    let before = count(&db.pool, "SELECT count(*) FROM contact_persons").await;
    let long = "x".repeat(50_000);
    for (field, value, status) in [
        ("namn", "Sara\u{0}Ek", StatusCode::UNPROCESSABLE_ENTITY),
        (
            "namn",
            "Sara\r\nBcc: evil@example.com",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("titel", long.as_str(), StatusCode::UNPROCESSABLE_ENTITY),
        ("epost", "inte en adress", StatusCode::UNPROCESSABLE_ENTITY),
        ("telefon", "", StatusCode::UNPROCESSABLE_ENTITY),
        // Someone else's address: a conflict, named.
        (
            "epost",
            "anna.lindqvist@norrtalje.example",
            StatusCode::CONFLICT,
        ),
    ] {
        let response = send(
            &router,
            "POST",
            "/personal/kontakter",
            Some(&token),
            Some(contact(csrf, &[(field, value)])),
        )
        .await;
        assert_eq!(response.status(), status, "{field}");
        let page = body_text(response).await;
        assert!(
            page.contains(r#"aria-invalid="true""#),
            "{field}: the field is marked"
        );
        assert!(page.contains(&format!(r#"name="{field}""#)), "{field}");
    }
    assert_eq!(
        count(&db.pool, "SELECT count(*) FROM contact_persons").await,
        before,
        "nothing stored half"
    );

    // Markup is a name like any other, and shown as text.
    let markup = "<script>alert(1)</script>";
    let response = send(
        &router,
        "POST",
        "/personal/kontakter",
        Some(&token),
        Some(contact(
            csrf,
            &[("namn", markup), ("epost", "markup@kontakt.example")],
        )),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page =
        body_text(send(&router, "GET", "/personal/kontakter", Some(&token), None).await).await;
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.contains(markup));

    // A deputy who is the responsible person, an unknown question or area: refused, named.
    let person: i64 = sqlx::query_scalar("SELECT id FROM contact_persons ORDER BY id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let p = person.to_string();
    for (form, field) in [
        (responsibility(csrf, "", "energy", &p, &p), "ersattare"),
        (responsibility(csrf, "", "<script>", &p, ""), "fraga"),
        (responsibility(csrf, "999999", "energy", &p, ""), "ansvarig"),
        (responsibility(csrf, "x", "energy", &p, ""), "omrade"),
        (responsibility(csrf, "", "energy", "", &p), "ansvarig"),
    ] {
        let response = send(
            &router,
            "POST",
            "/personal/ansvar",
            Some(&token),
            Some(form),
        )
        .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}"
        );
        assert!(
            body_text(response)
                .await
                .contains(&format!("<code>{field}</code>")),
            "{field}"
        );
    }
    assert_eq!(
        count(&db.pool, "SELECT count(*) FROM responsibilities").await,
        0
    );
    db.drop_database().await;
}

#[tokio::test]
async fn two_admins_at_once_never_lose_a_change_unseen() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let matrix = Matrix::new(&db).await;
    let (token, viewer) = matrix.session(Role::Admin).clone();
    let csrf = viewer.csrf_token.clone();
    let (id, version): (i64, i32) =
        sqlx::query_as("SELECT id, version FROM contact_persons ORDER BY id LIMIT 1")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    // Both change the same person from the same version, at once: one is saved, the other is
    // told someone changed it meanwhile.
    let path = format!("/personal/kontakter/{id}");
    let save = |phone: &'static str| {
        let form = contact(
            &csrf,
            &[
                ("telefon", phone),
                ("epost", "samma@kontakt.example"),
                ("version", &version.to_string()),
            ],
        );
        send(&router, "POST", &path, Some(&token), Some(form))
    };
    let (a, b) = tokio::join!(save("0176-111 11"), save("0176-222 22"));
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
    let (phone, now): (String, i32) =
        sqlx::query_as("SELECT phone, version FROM contact_persons WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert!(phone == "0176-111 11" || phone == "0176-222 22");
    assert_eq!(now, version + 1);

    // Two admins set different questions of one area at once: both are kept.
    let area: i64 = sqlx::query_scalar("SELECT id FROM business_areas ORDER BY id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let people: Vec<i64> = sqlx::query_scalar("SELECT id FROM contact_persons ORDER BY id LIMIT 2")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    let set = |question: &'static str, who: i64, deputy: i64| {
        let form = responsibility(
            &csrf,
            &area.to_string(),
            question,
            &who.to_string(),
            &deputy.to_string(),
        );
        send(
            &router,
            "POST",
            "/personal/ansvar",
            Some(&token),
            Some(form),
        )
    };
    let (a, b) = tokio::join!(
        set("water_sewage", people[0], people[1]),
        set("energy", people[1], people[0])
    );
    assert_eq!(
        (a.status(), b.status()),
        (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER)
    );
    assert_eq!(
        count(
            &db.pool,
            &format!("SELECT count(*) FROM responsibilities WHERE business_area_id = {area}")
        )
        .await,
        2
    );
    // Saved again, the row is replaced, not doubled; emptied, it is removed.
    assert_eq!(
        set("energy", people[0], people[1]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        count(&db.pool, &format!("SELECT count(*) FROM responsibilities WHERE business_area_id = {area} AND question = 'energy' AND contact_person_id = {}", people[0])).await,
        1
    );
    let clear = responsibility(&csrf, &area.to_string(), "energy", "", "");
    assert_eq!(
        send(
            &router,
            "POST",
            "/personal/ansvar",
            Some(&token),
            Some(clear)
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        count(
            &db.pool,
            &format!("SELECT count(*) FROM responsibilities WHERE business_area_id = {area}")
        )
        .await,
        1
    );
    db.drop_database().await;
}

/// The interest form about a plot, posted from its own client address (the rate limit counts
/// per address).
async fn interest(db: &TestDb, client: u8, plot: i64, question: &str) -> axum::response::Response {
    let router = db
        .router()
        .layer(axum::extract::connect_info::MockConnectInfo(
            std::net::SocketAddr::from(([192, 0, 2, client], 40_000)),
        ));
    let fields = [
        ("tomt", plot.to_string()),
        ("fraga", question.to_string()),
        ("foretag", "Frågebolaget AB".to_string()),
        ("orgnr", "556677-8899".to_string()),
        ("kontaktperson", "Kim Andersson".to_string()),
        ("epost", "kim@fragebolaget.example".to_string()),
        ("samtycke", "ja".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    send(&router, "POST", "/intresse", None, Some(fields)).await
}

/// The owner, question and new-case e-mail's recipient of the interest stored last.
async fn last_case(db: &TestDb) -> (String, String, String) {
    sqlx::query_as(
        "SELECT o.name, i.question::text, m.to_name
           FROM interests i JOIN contact_persons o ON o.id = i.owner_id
           JOIN outgoing_mail m ON m.interest_id = i.id AND m.kind = 'new_case'
          ORDER BY i.id DESC LIMIT 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn an_interest_goes_to_whoever_answers_its_area_and_question() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let matrix = Matrix::new(&db).await;
    let (token, viewer) = matrix.session(Role::Admin).clone();
    let csrf = viewer.csrf_token.clone();
    let plot = db.plot_id("Görla 9:12").await;
    let area: i64 = sqlx::query_scalar("SELECT business_area_id FROM plots WHERE id = $1")
        .bind(plot)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let (land_contact,): (String,) = sqlx::query_as(
        "SELECT c.name FROM plots p JOIN business_areas a ON a.id = p.business_area_id
           JOIN contact_persons c ON c.id = coalesce(p.contact_person_id, a.contact_person_id)
          WHERE p.id = $1",
    )
    .bind(plot)
    .fetch_one(&db.pool)
    .await
    .unwrap();

    // Without responsibilities, land questions go to the plot's contact, as before.
    assert_eq!(
        interest(&db, 11, plot, "").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        last_case(&db).await,
        (
            land_contact.clone(),
            "land_and_price".into(),
            land_contact.clone()
        )
    );

    // The water company answers VA questions everywhere; a colleague of theirs in Görla.
    let add = |name: &'static str, email: &'static str| {
        let form = contact(&csrf, &[("namn", name), ("epost", email)]);
        send(
            &router,
            "POST",
            "/personal/kontakter",
            Some(&token),
            Some(form),
        )
    };
    assert_eq!(
        add("Sara Ek", "sara@roslagsvatten.example").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        add("Erik Berg", "erik@roslagsvatten.example")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let id_of = async |email: &str| -> String {
        sqlx::query_scalar::<_, i64>("SELECT id FROM contact_persons WHERE email = $1")
            .bind(email)
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .to_string()
    };
    let (sara, erik) = (
        id_of("sara@roslagsvatten.example").await,
        id_of("erik@roslagsvatten.example").await,
    );
    let set = |area: String, question: &'static str, who: String, deputy: String| {
        send(
            &router,
            "POST",
            "/personal/ansvar",
            Some(&token),
            Some(responsibility(&csrf, &area, question, &who, &deputy)),
        )
    };
    assert_eq!(
        set(String::new(), "water_sewage", sara.clone(), erik.clone())
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        interest(&db, 12, plot, "water_sewage").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        last_case(&db).await,
        ("Sara Ek".into(), "water_sewage".into(), "Sara Ek".into())
    );
    // The confirmation page names her too.
    let sent = body_text(
        crate::common::get(
            &db.router(),
            &format!("/intresse/skickad?tomt={plot}&fraga=water_sewage"),
        )
        .await,
    )
    .await;
    assert!(sent.contains("Sara Ek"), "{sent}");

    // An area's own responsible person comes first, for land questions too.
    assert_eq!(
        set(
            area.to_string(),
            "water_sewage",
            erik.clone(),
            String::new()
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        interest(&db, 13, plot, "water_sewage").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(last_case(&db).await.0, "Erik Berg");
    assert_eq!(
        set(
            area.to_string(),
            "land_and_price",
            sara.clone(),
            String::new()
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        interest(&db, 14, plot, "land_and_price").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(last_case(&db).await.0, "Sara Ek");

    // The case says what the question is about and who answers.
    let case: i64 = sqlx::query_scalar("SELECT max(id) FROM interests")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let page = body_text(
        send(
            &router,
            "GET",
            &format!("/personal/intresse/{case}"),
            Some(&token),
            None,
        )
        .await,
    )
    .await;
    assert!(page.contains("Mark och pris"), "{page}");
    assert!(page.contains("Sara Ek (Roslagsvatten)"));

    // A question that is none of the kinds is refused naming it, and nothing is stored; on the
    // form's page (as any unknown subject there) the form offers the usual question.
    let before = count(&db.pool, "SELECT count(*) FROM interests").await;
    let refused = interest(&db, 15, plot, "<script>").await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = body_text(refused).await;
    assert!(page.contains("Välj vad frågan gäller i listan."));
    assert!(
        page.contains(r##"href="#interest-fraga""##),
        "the summary links the field"
    );
    assert_eq!(
        count(&db.pool, "SELECT count(*) FROM interests").await,
        before
    );
    let page = body_text(
        crate::common::get(
            &db.router(),
            &format!("/intresse?tomt={plot}&fraga=nonsense"),
        )
        .await,
    )
    .await;
    assert!(
        page.contains(r#"<option value="land_and_price" selected"#),
        "{page}"
    );
    db.drop_database().await;
}

#[tokio::test]
async fn a_case_is_handed_over_with_its_history_and_an_e_mail_one_at_a_time() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let matrix = Matrix::new(&db).await;
    let (admin, admin_viewer) = matrix.session(Role::Admin).clone();
    let (staff, staff_viewer) = matrix.session(Role::Staff).clone();
    let plot = db.plot_id("Görla 9:12").await;
    assert_eq!(
        interest(&db, 21, plot, "").await.status(),
        StatusCode::SEE_OTHER
    );
    let case: i64 = sqlx::query_scalar("SELECT max(id) FROM interests")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let first_owner: String = sqlx::query_scalar(
        "SELECT o.name FROM interests i JOIN contact_persons o ON o.id = i.owner_id WHERE i.id = $1",
    )
    .bind(case)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    for (name, email) in [
        ("Sara Ek", "sara@roslagsvatten.example"),
        ("Erik Berg", "erik@roslagsvatten.example"),
    ] {
        let form = contact(
            &admin_viewer.csrf_token,
            &[("namn", name), ("epost", email)],
        );
        assert_eq!(
            send(
                &router,
                "POST",
                "/personal/kontakter",
                Some(&admin),
                Some(form)
            )
            .await
            .status(),
            StatusCode::SEE_OTHER
        );
    }
    let id_of = async |name: &str| -> String {
        sqlx::query_scalar::<_, i64>("SELECT id FROM contact_persons WHERE name = $1")
            .bind(name)
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .to_string()
    };
    let (sara, erik) = (id_of("Sara Ek").await, id_of("Erik Berg").await);
    let path = format!("/personal/intresse/{case}");
    let hand_to = |who: String| {
        let form = vec![
            ("csrf".to_string(), staff_viewer.csrf_token.clone()),
            ("status".to_string(), "new".to_string()),
            ("svarar".to_string(), who),
        ];
        send(&router, "POST", &path, Some(&staff), Some(form))
    };
    let notes = async || -> Vec<String> {
        sqlx::query_scalar("SELECT text FROM interest_notes WHERE interest_id = $1 ORDER BY id")
            .bind(case)
            .fetch_all(&db.pool)
            .await
            .unwrap()
    };
    let handover_mails = async || -> Vec<String> {
        sqlx::query_scalar("SELECT to_name FROM outgoing_mail WHERE interest_id = $1 AND kind = 'handover' ORDER BY id")
            .bind(case)
            .fetch_all(&db.pool)
            .await
            .unwrap()
    };

    // A staff member hands it to the water company: the history says so, and Sara gets an e-mail.
    assert_eq!(hand_to(sara.clone()).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        notes().await,
        [format!(
            "Lämnade över ärendet till Sara Ek (Roslagsvatten) (från {first_owner} (Norrtälje kommun))."
        )]
    );
    assert_eq!(handover_mails().await, ["Sara Ek"]);
    // Saved again unchanged: nothing more in the history, no second e-mail.
    assert_eq!(hand_to(sara.clone()).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(notes().await.len(), 1);

    // Two colleagues hand it on at the same moment: one after the other, both in the history.
    let (a, b) = tokio::join!(
        hand_to(erik.clone()),
        hand_to(first_owner_id(&db, &first_owner).await)
    );
    assert_eq!(
        (a.status(), b.status()),
        (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER)
    );
    let history = notes().await;
    assert_eq!(history.len(), 3, "{history:?}");
    // The last handover starts from where the one before it left the case.
    let owner_now: String = sqlx::query_scalar(
        "SELECT o.name FROM interests i JOIN contact_persons o ON o.id = i.owner_id WHERE i.id = $1",
    )
    .bind(case)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(
        history[2].starts_with(&format!("Lämnade över ärendet till {owner_now} ")),
        "{history:?}"
    );
    assert!(
        history[2].contains(if owner_now == "Erik Berg" {
            &first_owner
        } else {
            "Erik Berg"
        }),
        "{history:?}"
    );
    assert_eq!(handover_mails().await.len(), 3);

    // Someone who is not a contact person, or no number: refused naming `svarar`, nothing kept.
    for who in ["999999", "abc"] {
        let response = hand_to(who.to_string()).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{who}");
    }
    assert_eq!(notes().await.len(), 3);
    // The case page offers every contact person and names who answers.
    let page = body_text(send(&router, "GET", &path, Some(&staff), None).await).await;
    assert!(page.contains(r#"<select id="case-svarar" name="svarar""#));
    assert!(page.contains("Sara Ek (Roslagsvatten)"));
    db.drop_database().await;
}

async fn first_owner_id(db: &TestDb, name: &str) -> String {
    sqlx::query_scalar::<_, i64>("SELECT id FROM contact_persons WHERE name = $1")
        .bind(name)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn while_the_responsible_person_is_away_the_deputy_answers() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let matrix = Matrix::new(&db).await;
    let (token, viewer) = matrix.session(Role::Admin).clone();
    let csrf = viewer.csrf_token.clone();
    let plot = db.plot_id("Görla 9:12").await;
    let area: i64 = sqlx::query_scalar("SELECT business_area_id FROM plots WHERE id = $1")
        .bind(plot)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    for (name, email) in [
        ("Sara Ek", "sara@roslagsvatten.example"),
        ("Erik Berg", "erik@roslagsvatten.example"),
    ] {
        let form = contact(&csrf, &[("namn", name), ("epost", email)]);
        let response = send(
            &router,
            "POST",
            "/personal/kontakter",
            Some(&token),
            Some(form),
        )
        .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    let person = async |email: &str| -> (i64, i32) {
        sqlx::query_as("SELECT id, version FROM contact_persons WHERE email = $1")
            .bind(email)
            .fetch_one(&db.pool)
            .await
            .unwrap()
    };
    let (sara, _) = person("sara@roslagsvatten.example").await;
    let (erik, _) = person("erik@roslagsvatten.example").await;
    let response = send(
        &router,
        "POST",
        "/personal/ansvar",
        Some(&token),
        Some(responsibility(
            &csrf,
            &area.to_string(),
            "water_sewage",
            &sara.to_string(),
            &erik.to_string(),
        )),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // Sara is away until a day: the admin says so in her form.
    let away = async |email: &str, name: &str, until: &str| {
        let (id, version) = person(email).await;
        let form = contact(
            &csrf,
            &[
                ("namn", name),
                ("epost", email),
                ("version", &version.to_string()),
                ("borta", until),
            ],
        );
        send(
            &router,
            "POST",
            &format!("/personal/kontakter/{id}"),
            Some(&token),
            Some(form),
        )
        .await
        .status()
    };
    let day = async |offset: i32| -> String {
        sqlx::query_scalar(
            "SELECT to_char((now() AT TIME ZONE 'Europe/Stockholm')::date + $1, 'YYYY-MM-DD')",
        )
        .bind(offset)
        .fetch_one(&db.pool)
        .await
        .unwrap()
    };
    let (today, yesterday) = (day(0).await, day(-1).await);
    let mut client = 60;
    let mut answers = async || {
        client += 1;
        assert_eq!(
            interest(&db, client, plot, "water_sewage").await.status(),
            StatusCode::SEE_OTHER
        );
        last_case(&db).await.0
    };
    assert_eq!(answers().await, "Sara Ek");
    // Away through today: Erik answers, and is named in the case's e-mail.
    assert_eq!(
        away("sara@roslagsvatten.example", "Sara Ek", &today).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(answers().await, "Erik Berg");
    let page =
        body_text(send(&router, "GET", "/personal/kontakter", Some(&token), None).await).await;
    assert!(
        page.contains(&format!("frånvarande t.o.m. {today}")),
        "the page says so"
    );
    // Both away: Sara still owns it (someone must).
    assert_eq!(
        away("erik@roslagsvatten.example", "Erik Berg", &today).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(answers().await, "Sara Ek");
    // Back (her last day away was yesterday): Sara again.
    assert_eq!(
        away("erik@roslagsvatten.example", "Erik Berg", "").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        away("sara@roslagsvatten.example", "Sara Ek", &yesterday).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(answers().await, "Sara Ek");
    // The booking page offers the same person's times as the routing: Erik's while she is away.
    assert_eq!(
        away("sara@roslagsvatten.example", "Sara Ek", &today).await,
        StatusCode::SEE_OTHER
    );
    let page = body_text(
        send(
            &router,
            "GET",
            &format!("/boka?tomt={plot}&fraga=water_sewage"),
            None,
            None,
        )
        .await,
    )
    .await;
    assert!(
        page.contains("Erik Berg") && !page.contains("Sara Ek"),
        "{page}"
    );
    // A day that is none: refused naming the field.
    assert_eq!(
        away("sara@roslagsvatten.example", "Sara Ek", "<script>").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    db.drop_database().await;
}
