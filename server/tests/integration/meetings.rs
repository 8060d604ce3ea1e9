//! Bookable meetings: staff publish times, a company books one of the right person's from a
//! plot, gets its link and calendar file, and cancels; two companies booking one time at once,
//! exactly one gets it; overlapping times are refused; every new route's authorisation; hostile
//! text; and the personal data emptied after the retention period.

use std::net::SocketAddr;

use crate::common::{Matrix, TestDb, body_text, count, router, send};
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{StatusCode, header};
use markkartan_app::domain::Role;

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The sample's database without its phone hours: each test publishes its own times.
async fn without_sample_times() -> TestDb {
    let db = TestDb::with_sample().await;
    sqlx::query("DELETE FROM meeting_slots")
        .execute(&db.pool)
        .await
        .unwrap();
    db
}

/// Publishes times directly (tomorrow and on) for a contact person: their ids.
async fn publish(db: &TestDb, contact: i64, n: i32) -> Vec<i64> {
    sqlx::query_scalar(
        "INSERT INTO meeting_slots (contact_id, starts_at, ends_at)
         SELECT $1, d, d + interval '20 minutes'
           FROM generate_series(date_trunc('day', now()) + interval '1 day 8 hours',
                                date_trunc('day', now()) + interval '1 day 8 hours'
                                  + ($2 - 1) * interval '20 minutes',
                                interval '20 minutes') AS d
         RETURNING id",
    )
    .bind(contact)
    .bind(n)
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

/// The contact person who answers land questions about a plot (as the routing rule says).
async fn answerer(db: &TestDb, plot: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT c.id FROM plots p JOIN business_areas a ON a.id = p.business_area_id
           JOIN contact_persons c ON c.id = coalesce(p.contact_person_id, a.contact_person_id)
          WHERE p.designation = $1",
    )
    .bind(plot)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

/// The site as a company at its own address reaches it.
fn company(db: &TestDb, from: u8) -> axum::Router {
    db.router().layer(MockConnectInfo(SocketAddr::from((
        [192, 0, 2, from],
        40_000,
    ))))
}

/// A company's booking form, from its own address.
async fn book(db: &TestDb, from: u8, fields: &[(&str, &str)]) -> axum::response::Response {
    send(
        &company(db, from),
        "POST",
        "/boka",
        None,
        Some(form(fields)),
    )
    .await
}

fn booking<'a>(slot: &'a str, plot: &'a str, company: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("tid", slot),
        ("tomt", plot),
        ("foretag", company),
        ("namn", "Kim Andersson"),
        ("epost", "kim@bolaget.example"),
        ("telefon", "070-123 45 67"),
        ("meddelande", "Vi vill prata om VA-anslutning."),
        ("samtycke", "ja"),
    ]
}

fn location(response: &axum::response::Response) -> String {
    response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_company_books_the_right_persons_time_gets_a_calendar_file_and_cancels() {
    let db = without_sample_times().await;
    let plot = db.plot_id("Görla 9:12").await.to_string();
    let contact = answerer(&db, "Görla 9:12").await;
    let slots = publish(&db, contact, 3).await;
    let first = slots[0].to_string();

    // The booking page names the person and offers their free times.
    let page = body_text(
        send(
            &db.router(),
            "GET",
            &format!("/boka?tomt={plot}"),
            None,
            None,
        )
        .await,
    )
    .await;
    let name: String = sqlx::query_scalar("SELECT name FROM contact_persons WHERE id = $1")
        .bind(contact)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(page.contains(&name), "the page names who answers");
    assert_eq!(page.matches(r#"name="tid""#).count(), 3, "three free times");
    assert!(page.contains(r#"<meta name="robots" content="noindex""#));

    let response = book(
        &db,
        10,
        &booking(&first, &plot, "Åkeriet <b>&</b> Söner AB"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let link = location(&response);
    assert!(link.starts_with("/boka/bokad?nyckel="), "{link}");
    let token = link.split("nyckel=").nth(1).unwrap().to_string();
    assert_eq!(token.len(), 64, "an unguessable token");

    // The time is gone for others; the booking page shows the booking, escaped.
    let page = body_text(
        send(
            &db.router(),
            "GET",
            &format!("/boka?tomt={plot}"),
            None,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(page.matches(r#"name="tid""#).count(), 2);
    let booked = body_text(send(&db.router(), "GET", &link, None, None).await).await;
    assert!(booked.contains("Ditt möte är bokat"));
    assert!(booked.contains("Åkeriet &lt;b&gt;&amp;&lt;/b&gt; Söner AB"));
    assert!(!booked.contains("<b>&</b>"));
    assert!(booked.contains(&name));

    // Its e-mails: the company's and the contact person's, each with the calendar file.
    let mails: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT to_address, subject, calendar FROM outgoing_mail WHERE booking_id IS NOT NULL ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[0].0, "kim@bolaget.example");
    assert!(
        mails[0].1.starts_with("Bokat: telefonmöte med "),
        "{}",
        mails[0].1
    );
    assert!(
        mails[1].1.starts_with("Ny bokning: Åkeriet"),
        "{}",
        mails[1].1
    );
    let calendar = mails[0].2.clone().unwrap();
    assert!(
        calendar.contains("BEGIN:VEVENT") && calendar.contains("METHOD:PUBLISH"),
        "{calendar}"
    );

    // The calendar file through the link: the same meeting, never cached by others.
    let ics = send(
        &db.router(),
        "GET",
        &format!("/boka/mote.ics?nyckel={token}"),
        None,
        None,
    )
    .await;
    assert_eq!(ics.status(), StatusCode::OK);
    assert_eq!(
        ics.headers()[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    assert_eq!(ics.headers()[header::CACHE_CONTROL], "private, no-store");
    let ics = body_text(ics).await;
    assert!(ics.contains("STATUS:CONFIRMED"), "{ics}");
    // UTC times: 08:00 UTC tomorrow is what was published.
    assert!(ics.contains("T080000Z"), "{ics}");
    // Another token: nothing; none, or not a token: refused naming it.
    for (wrong, expected) in [
        ("0".repeat(64), StatusCode::NOT_FOUND),
        (String::new(), StatusCode::BAD_REQUEST),
        ("%3Cscript%3E".into(), StatusCode::BAD_REQUEST),
    ] {
        let status = send(
            &db.router(),
            "GET",
            &format!("/boka/mote.ics?nyckel={wrong}"),
            None,
            None,
        )
        .await
        .status();
        assert_eq!(status, expected, "{wrong}");
        let response = send(
            &db.router(),
            "GET",
            &format!("/boka/bokad?nyckel={wrong}"),
            None,
            None,
        )
        .await;
        assert_eq!(response.status(), expected, "{wrong}");
        assert!(!body_text(response).await.contains("<script>"));
    }

    // The company cancels through its link: the time is free again, both get an e-mail; a
    // second cancel changes nothing.
    for _ in 0..2 {
        let response = send(
            &db.router(),
            "POST",
            "/boka/avboka",
            None,
            Some(form(&[("nyckel", &token)])),
        )
        .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM outgoing_mail WHERE kind = 'booking_cancelled'"
        )
        .await,
        2
    );
    let booked = body_text(send(&db.router(), "GET", &link, None, None).await).await;
    assert!(booked.contains("Mötet är avbokat"));
    assert!(!booked.contains("Avboka mötet"));
    let page = body_text(
        send(
            &db.router(),
            "GET",
            &format!("/boka?tomt={plot}"),
            None,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(page.matches(r#"name="tid""#).count(), 3);
    let cancel = send(
        &db.router(),
        "POST",
        "/boka/avboka",
        None,
        Some(form(&[("nyckel", &"f".repeat(64))])),
    )
    .await;
    assert_eq!(cancel.status(), StatusCode::NOT_FOUND);
    db.drop_database().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_companies_booking_one_time_at_once_one_gets_it() {
    let db = without_sample_times().await;
    let plot = db.plot_id("Görla 9:12").await.to_string();
    let contact = answerer(&db, "Görla 9:12").await;
    // Two times: the one they all want, and another the loser may take instead.
    let slot = publish(&db, contact, 2).await[0].to_string();
    for round in 0..3 {
        if round > 0 {
            sqlx::query("UPDATE meeting_bookings SET cancelled_at = now()")
                .execute(&db.pool)
                .await
                .unwrap();
        }
        // Eight companies, each from its own address, all at once.
        let attempts: Vec<_> = (0..8u8)
            .map(|i| {
                let router = company(&db, 20 + i + round * 8);
                let name = format!("Bolag {i} AB");
                let fields = form(&booking(&slot, &plot, &name));
                tokio::spawn(async move {
                    send(&router, "POST", "/boka", None, Some(fields))
                        .await
                        .status()
                })
            })
            .collect();
        let mut statuses = Vec::new();
        for attempt in attempts {
            statuses.push(attempt.await.unwrap());
        }
        let won = statuses
            .iter()
            .filter(|s| **s == StatusCode::SEE_OTHER)
            .count();
        let lost = statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count();
        assert_eq!((won, lost), (1, 7), "{statuses:?}");
    }
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM meeting_bookings WHERE cancelled_at IS NULL"
        )
        .await,
        1
    );
    // A lost booking is told so on the form, which keeps what was typed.
    let lost = book(&db, 99, &booking(&slot, &plot, "Sist AB")).await;
    assert_eq!(lost.status(), StatusCode::CONFLICT);
    let page = body_text(lost).await;
    assert!(page.contains("inte längre ledig"), "{page}");
    assert!(page.contains(r#"value="Sist AB""#));
    db.drop_database().await;
}

#[tokio::test]
async fn a_bad_or_hostile_booking_is_refused_naming_its_field_and_nothing_is_kept() {
    let db = without_sample_times().await;
    let plot = db.plot_id("Görla 9:12").await.to_string();
    let contact = answerer(&db, "Görla 9:12").await;
    let slot = publish(&db, contact, 1).await[0].to_string();
    let past: i64 = sqlx::query_scalar(
        "INSERT INTO meeting_slots (contact_id, starts_at, ends_at)
         VALUES ($1, now() - interval '1 hour', now() - interval '40 minutes') RETURNING id",
    )
    .bind(contact)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let long = "x".repeat(300);
    let cases: Vec<(&str, &str, StatusCode, &str)> = vec![
        (
            "namn",
            "Kim\r\nBcc: alla@example.com",
            StatusCode::UNPROCESSABLE_ENTITY,
            "namn",
        ),
        (
            "foretag",
            "Nul\0AB",
            StatusCode::UNPROCESSABLE_ENTITY,
            "foretag",
        ),
        (
            "foretag",
            &long,
            StatusCode::UNPROCESSABLE_ENTITY,
            "foretag",
        ),
        (
            "epost",
            "inte-en-adress",
            StatusCode::UNPROCESSABLE_ENTITY,
            "epost",
        ),
        ("tid", "abc", StatusCode::UNPROCESSABLE_ENTITY, "tid"),
        ("fraga", "allt", StatusCode::UNPROCESSABLE_ENTITY, "fraga"),
        ("samtycke", "", StatusCode::UNPROCESSABLE_ENTITY, "samtycke"),
    ];
    for (i, (field, value, status, named)) in cases.into_iter().enumerate() {
        let mut fields = booking(&slot, &plot, "Bolaget AB");
        fields.retain(|(k, _)| *k != field);
        if !(field == "samtycke" && value.is_empty()) {
            fields.push((field, value));
        }
        let response = book(&db, 40 + i as u8, &fields).await;
        assert_eq!(response.status(), status, "{field}");
        let page = body_text(response).await;
        assert!(
            page.contains(&format!(r##"href="#booking-{named}""##)),
            "{field}: the summary names it"
        );
    }
    // A time that has passed cannot be booked.
    let response = book(&db, 60, &booking(&past.to_string(), &plot, "Sen AB")).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(
        count(&db.pool, "SELECT count(*) FROM meeting_bookings").await,
        0
    );
    assert_eq!(
        count(&db.pool, "SELECT count(*) FROM outgoing_mail").await,
        0
    );
    // A question that is none of the kinds, on the page's address: refused naming it.
    let page = send(
        &db.router(),
        "GET",
        &format!("/boka?tomt={plot}&fraga=allt"),
        None,
        None,
    )
    .await;
    assert_eq!(page.status(), StatusCode::BAD_REQUEST);
    assert!(body_text(page).await.contains("<code>fraga</code>"));
    db.drop_database().await;
}

#[tokio::test]
async fn staff_publish_times_without_overlap_and_cancel_bookings() {
    let db = without_sample_times().await;
    let router = router(&db);
    let mut matrix = Matrix::new(&db).await;
    use StatusCode as S;
    let contact = answerer(&db, "Görla 9:12").await.to_string();
    let tomorrow: String = sqlx::query_scalar(
        "SELECT to_char((now() AT TIME ZONE 'Europe/Stockholm')::date + 1, 'YYYY-MM-DD')",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let slots_form = |csrf: &str, from: &str, to: &str, weeks: &str| {
        form(&[
            ("csrf", csrf),
            ("kontakt", &contact),
            ("datum", &tomorrow),
            ("fran", from),
            ("till", to),
            ("langd", "20"),
            ("veckor", weeks),
            ("typ", "phone"),
        ])
    };
    let handlers = [S::UNAUTHORIZED, S::OK, S::FORBIDDEN, S::OK];
    matrix
        .expect("GET /personal/moten", handlers, async |_, token, _| {
            send(&router, "GET", "/personal/moten", token, None)
                .await
                .status()
        })
        .await;
    matrix
        .expect("server fn meetings", handlers, async |_, token, _| {
            send(&router, "POST", "/api/meetings", token, Some(vec![]))
                .await
                .status()
        })
        .await;
    // Each role that may publishes its own hour of the day (they must not overlap).
    let hours = std::sync::Mutex::new(["07:00", "12:00", "15:00", "18:00"].into_iter());
    let writes = [S::UNAUTHORIZED, S::SEE_OTHER, S::FORBIDDEN, S::SEE_OTHER];
    matrix
        .expect("POST /personal/moten", writes, async |_, token, csrf| {
            let from = hours.lock().unwrap().next().unwrap();
            let to = format!("{}:40", &from[..2]);
            send(
                &router,
                "POST",
                "/personal/moten",
                token,
                Some(slots_form(csrf, from, &to, "1")),
            )
            .await
            .status()
        })
        .await;
    let published = count(&db.pool, "SELECT count(*) FROM meeting_slots").await;
    assert_eq!(published, 4, "two roles, two times each");

    let (staff, viewer) = matrix.session(Role::Staff).clone();
    // Four weeks of Tuesday-style phone hours: 24 times, shown on the page.
    let response = send(
        &router,
        "POST",
        "/personal/moten",
        Some(&staff),
        Some(slots_form(&viewer.csrf_token, "09:00", "11:00", "4")),
    )
    .await;
    assert_eq!(response.status(), S::SEE_OTHER);
    assert_eq!(location(&response), "/personal/moten?publicerade=24");
    assert_eq!(
        count(&db.pool, "SELECT count(*) FROM meeting_slots").await,
        28
    );
    // Overlapping what the person has: refused whole, naming the field and the time.
    let response = send(
        &router,
        "POST",
        "/personal/moten",
        Some(&staff),
        Some(slots_form(&viewer.csrf_token, "10:30", "12:00", "1")),
    )
    .await;
    assert_eq!(response.status(), S::UNPROCESSABLE_ENTITY);
    let page = body_text(response).await;
    assert!(page.contains("överlappar"), "{page}");
    assert!(page.contains(r#"id="moten-fran""#) && page.contains(r#"aria-invalid="true""#));
    assert_eq!(
        count(&db.pool, "SELECT count(*) FROM meeting_slots").await,
        28
    );
    // Two staff publishing overlapping hours at the same moment: one of them.
    let (other, other_viewer) = crate::common::session(&db, Role::Staff).await;
    let next_week: String = sqlx::query_scalar(
        "SELECT to_char((now() AT TIME ZONE 'Europe/Stockholm')::date + 40, 'YYYY-MM-DD')",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let at_once = |token: String, csrf: String, from: &'static str| {
        let mut fields = slots_form(&csrf, from, "16:00", "1");
        fields.retain(|(k, _)| k != "datum");
        fields.push(("datum".into(), next_week.clone()));
        let router = router.clone();
        async move {
            send(
                &router,
                "POST",
                "/personal/moten",
                Some(&token),
                Some(fields),
            )
            .await
            .status()
        }
    };
    let (a, b) = tokio::join!(
        at_once(staff.clone(), viewer.csrf_token.clone(), "14:00"),
        at_once(other.clone(), other_viewer.csrf_token.clone(), "14:20"),
    );
    let mut statuses = [a, b];
    statuses.sort();
    assert_eq!(statuses, [S::SEE_OTHER, S::UNPROCESSABLE_ENTITY]);
    // Hostile and bad values name their field.
    for (field, value) in [
        ("kontakt", "999999"),
        ("fran", "25:00"),
        ("veckor", "100"),
        ("datum", "2020-01-01"),
        ("typ", "<script>"),
    ] {
        let mut fields = slots_form(&viewer.csrf_token, "06:00", "06:40", "1");
        fields.retain(|(k, _)| k != field);
        fields.push((field.to_string(), value.to_string()));
        let response = send(
            &router,
            "POST",
            "/personal/moten",
            Some(&staff),
            Some(fields),
        )
        .await;
        assert_eq!(response.status(), S::UNPROCESSABLE_ENTITY, "{field}");
        let page = body_text(response).await;
        assert!(!page.contains("<script>"), "{field}");
    }

    // A company books one; staff see it and cancel it; the company gets an e-mail.
    let plot = db.plot_id("Görla 9:12").await.to_string();
    let slot: i64 = sqlx::query_scalar("SELECT min(id) FROM meeting_slots")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let response = book(&db, 70, &booking(&slot.to_string(), &plot, "Avbokarna AB")).await;
    assert_eq!(response.status(), S::SEE_OTHER);
    let page = body_text(send(&router, "GET", "/personal/moten", Some(&staff), None).await).await;
    assert!(page.contains("Avbokarna AB"));
    assert!(page.contains("kim@bolaget.example"));
    let booking_id: i64 = sqlx::query_scalar("SELECT id FROM meeting_bookings")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    // A booked time is not removed; the planner may not cancel.
    let remove = send(
        &router,
        "POST",
        &format!("/personal/moten/tid/{slot}/ta-bort"),
        Some(&staff),
        Some(form(&[("csrf", &viewer.csrf_token)])),
    )
    .await;
    assert_eq!(remove.status(), S::CONFLICT);
    let (planner, planner_viewer) = matrix.session(Role::Planner).clone();
    let cancel = send(
        &router,
        "POST",
        &format!("/personal/moten/bokning/{booking_id}/avboka"),
        Some(&planner),
        Some(form(&[("csrf", &planner_viewer.csrf_token)])),
    )
    .await;
    assert_eq!(cancel.status(), S::FORBIDDEN);
    let cancel = send(
        &router,
        "POST",
        &format!("/personal/moten/bokning/{booking_id}/avboka"),
        Some(&staff),
        Some(form(&[("csrf", &viewer.csrf_token)])),
    )
    .await;
    assert_eq!(cancel.status(), S::SEE_OTHER);
    assert_eq!(count(&db.pool, "SELECT count(*) FROM outgoing_mail WHERE kind = 'booking_cancelled' AND to_address = 'kim@bolaget.example'").await, 1);
    // Now free, it can be removed.
    let remove = send(
        &router,
        "POST",
        &format!("/personal/moten/tid/{slot}/ta-bort"),
        Some(&staff),
        Some(form(&[("csrf", &viewer.csrf_token)])),
    )
    .await;
    assert_eq!(remove.status(), S::SEE_OTHER);
    db.drop_database().await;
}

#[tokio::test]
async fn a_bookings_personal_data_is_emptied_after_the_retention_period() {
    let db = without_sample_times().await;
    let plot = db.plot_id("Görla 9:12").await.to_string();
    let contact = answerer(&db, "Görla 9:12").await;
    let slot = publish(&db, contact, 1).await[0].to_string();
    assert_eq!(
        book(&db, 80, &booking(&slot, &plot, "Gamla AB"))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    // Not yet.
    assert_eq!(
        markkartan_server::db::meetings::delete_expired_personal_data(&db.pool, 12)
            .await
            .unwrap(),
        0
    );
    // The meeting was 13 months ago.
    sqlx::query("UPDATE meeting_slots SET starts_at = now() - interval '13 months', ends_at = now() - interval '13 months' + interval '20 minutes'")
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        markkartan_server::db::meetings::delete_expired_personal_data(&db.pool, 12)
            .await
            .unwrap(),
        1
    );
    assert_eq!(count(&db.pool, "SELECT count(*) FROM meeting_bookings WHERE email = '' AND contact_name = '' AND personal_data_deleted_at IS NOT NULL").await, 1);
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM outgoing_mail WHERE booking_id IS NOT NULL"
        )
        .await,
        0
    );
    db.drop_database().await;
}

#[tokio::test]
async fn the_samples_phone_hours_are_nine_to_eleven_swedish_time() {
    let db = TestDb::with_sample().await;
    let (times, outside): (i64, i64) = sqlx::query_as(
        "SELECT count(*),
                count(*) FILTER (WHERE (starts_at AT TIME ZONE 'Europe/Stockholm')::time
                                       NOT BETWEEN '09:00' AND '10:40'
                                    OR extract(isodow FROM starts_at AT TIME ZONE 'Europe/Stockholm')
                                       NOT IN (2, 4))
           FROM meeting_slots",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(times >= 6 * 7 * 4, "{times} times");
    assert_eq!(
        outside, 0,
        "every time on a Tuesday or Thursday, 09.00–11.00"
    );
    db.drop_database().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_bookings_at_once_from_one_address_pass_no_more_than_the_limit() {
    let db = without_sample_times().await;
    let plot = db.plot_id("Görla 9:12").await.to_string();
    let contact = answerer(&db, "Görla 9:12").await;
    let slots = publish(&db, contact, 20).await;
    // Twenty different times, all at once, from one address: the tests' limit is three an hour,
    // counted with the interest forms under one lock per address.
    let attempts: Vec<_> = slots
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            let router = company(&db, 200);
            let name = format!("Samtidigt {i} AB");
            let fields = form(&booking(&slot.to_string(), &plot, &name));
            tokio::spawn(async move {
                send(&router, "POST", "/boka", None, Some(fields))
                    .await
                    .status()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.unwrap());
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
        count(&db.pool, "SELECT count(*) FROM meeting_bookings").await,
        3
    );
    db.drop_database().await;
}
