//! E-mail that reaches people, through a real SMTP server on loopback (aiosmtpd from PyPI,
//! started here, storing what it receives in a maildir): an interest queues its e-mails in the
//! transaction that stores it, the worker delivers them, an outage loses nothing, two workers
//! never send one twice, and no text can add a header or a recipient.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::{TestDb, body_text, count, send, session};
use axum::extract::connect_info::MockConnectInfo;
use axum::http::StatusCode;
use markkartan_app::domain::Role;
use markkartan_server::mail::{self, Mail, MailKind, Sender};

const FROM: &str = "Markkartan <markkartan@test.invalid>";

/// aiosmtpd listening on a free loopback port, for as long as the value lives.
struct TestSmtp {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl TestSmtp {
    async fn start() -> TestSmtp {
        let python = std::env::var("MARKKARTAN_TEST_SMTP_PYTHON").expect(
            "MARKKARTAN_TEST_SMTP_PYTHON names the Python with aiosmtpd: run the tests with ./dev test",
        );
        let port = free_port();
        let dir =
            std::env::temp_dir().join(format!("markkartan-smtp-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.join("maildir"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("aiosmtpd starts");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return TestSmtp { child, dir, port };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aiosmtpd did not listen on port {port} within 10 s");
    }

    fn sender(&self) -> Sender {
        Sender::new(&format!("smtp://127.0.0.1:{}", self.port), FROM).unwrap()
    }

    /// Every message received so far, parsed, in the order received.
    fn received(&self) -> Vec<Received> {
        let Ok(entries) = std::fs::read_dir(self.dir.join("maildir").join("new")) else {
            return Vec::new();
        };
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
            .filter_map(Result::ok)
            .map(|e| (e.metadata().unwrap().modified().unwrap(), e.path()))
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|(_, path)| Received::parse(&std::fs::read(path).unwrap()))
            .collect()
    }

    /// Waits until `n` messages have arrived (the worker sends in the background).
    async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..150 {
            let received = self.received();
            if received.len() >= n {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{} of {n} e-mails arrived", self.received().len());
    }
}

impl Drop for TestSmtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A message as it arrived: its headers decoded, the envelope's recipients (aiosmtpd's
/// `X-RcptTo`) and the decoded body.
struct Received {
    headers: Vec<(String, String)>,
    body: String,
}

impl Received {
    fn parse(raw: &[u8]) -> Received {
        let parsed = mailparse::parse_mail(raw).unwrap();
        Received {
            headers: parsed
                .headers
                .iter()
                .map(|h| (h.get_key().to_ascii_lowercase(), h.get_value()))
                .collect(),
            body: parsed.get_body().unwrap(),
        }
    }

    fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn one(&self, name: &str) -> &str {
        let values = self.header(name);
        assert_eq!(values.len(), 1, "{name}: {values:?} in {:?}", self.headers);
        values[0]
    }
}

/// The interest form, posted as a company's browser posts it.
async fn post_interest(db: &TestDb, fields: &[(&str, &str)]) -> axum::response::Response {
    let router = db
        .router()
        .layer(MockConnectInfo(SocketAddr::from(([192, 0, 2, 77], 40_000))));
    let fields = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    send(&router, "POST", "/intresse", None, Some(fields)).await
}

#[tokio::test]
async fn an_interest_queues_its_mails_and_the_worker_delivers_them() {
    let db = TestDb::with_sample().await;
    let plot = db.plot_id("Görla 9:12").await.to_string();
    let response = post_interest(
        &db,
        &[
            ("tomt", &plot),
            ("lang", "en"),
            ("foretag", "Åkeriet & Söner AB"),
            ("orgnr", "556677-8899"),
            ("kontaktperson", "Kim Andersson"),
            ("epost", "kim@akeriet.example"),
            ("telefon", "070-123 45 67"),
            ("yta", "12000"),
            ("meddelande", "Lager med kyl, 20 anställda."),
            ("samtycke", "ja"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let interest: i64 = sqlx::query_scalar("SELECT max(id) FROM interests")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    // The plot's contact person answers: the same one the confirmation page names.
    let (contact, contact_email): (String, String) = sqlx::query_as(
        "SELECT c.name, c.email FROM plots p JOIN business_areas a ON a.id = p.business_area_id
           JOIN contact_persons c ON c.id = coalesce(p.contact_person_id, a.contact_person_id)
          WHERE p.designation = 'Görla 9:12'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        count(&db.pool, &format!("SELECT count(*) FROM outgoing_mail WHERE interest_id = {interest} AND sent_at IS NULL")).await,
        2,
        "the case's owner's and the company's"
    );

    // Without an SMTP server the case shows what would have been sent.
    let (token, _) = session(&db, Role::Staff).await;
    let page = body_text(
        send(
            &db.router(),
            "GET",
            &format!("/personal/intresse/{interest}"),
            Some(&token),
            None,
        )
        .await,
    )
    .await;
    assert!(
        page.contains(r#"data-field="mail-not-configured""#),
        "{page}"
    );
    assert_eq!(page.matches(r#"data-mail-state="not-sent""#).count(), 2);
    assert!(page.contains("Ny intresseanmälan: Åkeriet &amp; Söner AB – Görla 9:12"));

    // The worker, as the server runs it, delivers both through the SMTP server.
    let smtp = TestSmtp::start().await;
    mail::spawn_sender(db.pool.clone(), smtp.sender(), Duration::from_millis(200));
    let received = smtp.wait_for(2).await;
    assert_eq!(received.len(), 2);
    let to_owner = received
        .iter()
        .find(|m| m.one("x-rcptto") == contact_email)
        .expect("the owner's e-mail");
    assert_eq!(
        to_owner.one("to"),
        format!("\"{contact}\" <{contact_email}>")
    );
    assert_eq!(to_owner.one("from"), FROM);
    assert_eq!(
        to_owner.one("subject"),
        "Ny intresseanmälan: Åkeriet & Söner AB – Görla 9:12 (Görla verksamhetsområde)"
    );
    for fact in [
        "Företag: Åkeriet & Söner AB (556677-8899)",
        "E-post: kim@akeriet.example",
        "Önskad yta: 12000 m²",
        "Språk: engelska",
        "Lager med kyl, 20 anställda.",
        &format!("/personal/intresse/{interest}"),
    ] {
        assert!(to_owner.body.contains(fact), "{fact} in {}", to_owner.body);
    }
    let to_company = received
        .iter()
        .find(|m| m.one("x-rcptto") == "kim@akeriet.example")
        .expect("the company's confirmation");
    assert_eq!(
        to_company.one("to"),
        "\"Kim Andersson\" <kim@akeriet.example>"
    );
    assert_eq!(
        to_company.one("subject"),
        "Thank you for your interest – Görla 9:12 (Görla verksamhetsområde)"
    );
    assert!(
        to_company
            .body
            .contains(&format!("{contact} will answer you")),
        "{}",
        to_company.body
    );
    assert!(to_company.body.contains("deleted 24 months after"));
    // Sent once, recorded as sent, never again.
    for _ in 0..100 {
        if count(
            &db.pool,
            "SELECT count(*) FROM outgoing_mail WHERE sent_at IS NULL",
        )
        .await
            == 0
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM outgoing_mail WHERE sent_at IS NULL"
        )
        .await,
        0
    );
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(smtp.received().len(), 2, "nothing sent twice");

    // A refused form queues nothing; neither does the bot trap.
    let before = count(&db.pool, "SELECT count(*) FROM outgoing_mail").await;
    let refused = post_interest(
        &db,
        &[
            ("tomt", &plot),
            ("foretag", "X"),
            ("epost", "inte en adress"),
        ],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        count(&db.pool, "SELECT count(*) FROM outgoing_mail").await,
        before
    );

    // When the case's personal data is deleted, its e-mails go with it.
    sqlx::query("UPDATE interests SET status = 'closed', closed_at = now() - interval '25 months' WHERE id = $1")
        .bind(interest)
        .execute(&db.pool)
        .await
        .unwrap();
    markkartan_server::db::inbox::delete_expired_personal_data(&db.pool, 24)
        .await
        .unwrap();
    assert_eq!(
        count(
            &db.pool,
            &format!("SELECT count(*) FROM outgoing_mail WHERE interest_id = {interest}")
        )
        .await,
        0
    );
    db.drop_database().await;
}

/// Twenty messages queued as the server queues them.
async fn queue_twenty(db: &TestDb) {
    let mut tx = db.pool.begin().await.unwrap();
    for n in 0..20 {
        mail::queue(
            &mut tx,
            &Mail {
                kind: MailKind::Confirmation,
                interest_id: None,
                booking_id: None,
                proposal_id: None,
                calendar: None,
                to_name: format!("Mottagare {n}"),
                to_address: format!("mottagare{n}@example.com"),
                subject: format!("Meddelande {n}"),
                body: format!("Nummer {n}."),
            },
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn an_outage_loses_nothing_and_two_workers_at_once_send_each_message_once() {
    let db = TestDb::with_sample().await;
    queue_twenty(&db).await;
    // The mail server is down: every attempt fails, is recorded, and waits to be tried again.
    let down = Sender::new(&format!("smtp://127.0.0.1:{}", free_port()), FROM).unwrap();
    assert_eq!(mail::send_due(&db.pool, &down).await.unwrap(), (0, 20));
    assert_eq!(
        count(&db.pool, "SELECT count(*) FROM outgoing_mail WHERE sent_at IS NULL AND attempts = 1 AND last_error IS NOT NULL AND next_attempt_at > now() + interval '50 seconds'").await,
        20
    );
    // Not due yet: nothing is tried.
    assert_eq!(mail::send_due(&db.pool, &down).await.unwrap(), (0, 0));

    // The server is back and the pause has passed: two workers (two server instances) at once.
    let smtp = TestSmtp::start().await;
    sqlx::query("UPDATE outgoing_mail SET next_attempt_at = now()")
        .execute(&db.pool)
        .await
        .unwrap();
    let (a, b) = (smtp.sender(), smtp.sender());
    let (one, other) = tokio::join!(mail::send_due(&db.pool, &a), mail::send_due(&db.pool, &b));
    let (one, other) = (one.unwrap(), other.unwrap());
    assert_eq!(one.0 + other.0, 20, "{one:?} {other:?}");
    assert_eq!(one.1 + other.1, 0);
    let received = smtp.wait_for(20).await;
    let mut subjects: Vec<String> = received
        .iter()
        .map(|m| m.one("subject").to_string())
        .collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 20, "each once: {subjects:?}");
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM outgoing_mail WHERE sent_at IS NOT NULL AND attempts = 2"
        )
        .await,
        20
    );
    db.drop_database().await;
}

#[tokio::test]
async fn no_text_can_add_a_header_or_a_recipient() {
    let db = TestDb::with_sample().await;
    let smtp = TestSmtp::start().await;
    let injected = "Hej\r\nBcc: evil@example.com\r\nX-Injected: yes\r\n\r\nFalsk text";
    let mut tx = db.pool.begin().await.unwrap();
    mail::queue(
        &mut tx,
        &Mail {
            kind: MailKind::Confirmation,
            interest_id: None,
            booking_id: None,
            proposal_id: None,
            calendar: None,
            to_name: injected.to_string(),
            to_address: "kim@example.com".into(),
            subject: injected.to_string(),
            body: "Brödtext\r\n.\r\nRCPT TO:<evil@example.com>\r\n".into(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        mail::send_due(&db.pool, &smtp.sender()).await.unwrap(),
        (1, 0)
    );
    let received = smtp.wait_for(1).await;
    let message = &received[0];
    assert_eq!(message.one("x-rcptto"), "kim@example.com", "one recipient");
    assert!(message.header("bcc").is_empty());
    assert!(message.header("x-injected").is_empty());
    assert_eq!(
        message.one("subject"),
        "Hej  Bcc: evil@example.com  X-Injected: yes    Falsk text"
    );
    assert!(message.one("to").ends_with("<kim@example.com>"));
    // The body's lone dot and SMTP command are text of the message, not the end of it.
    assert!(message.body.contains("RCPT TO:<evil@example.com>"));
    db.drop_database().await;
}

#[tokio::test]
async fn a_booking_reaches_both_sides_with_the_meeting_as_a_calendar_file() {
    let db = TestDb::with_sample().await;
    let smtp = TestSmtp::start().await;
    let plot = db.plot_id("Görla 9:12").await.to_string();
    let slot: i64 = sqlx::query_scalar(
        "INSERT INTO meeting_slots (contact_id, kind, starts_at, ends_at)
         SELECT coalesce(p.contact_person_id, a.contact_person_id), 'visit',
                now() + interval '2 days', now() + interval '2 days 30 minutes'
           FROM plots p JOIN business_areas a ON a.id = p.business_area_id
          WHERE p.designation = 'Görla 9:12'
         RETURNING id",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let router = db
        .router()
        .layer(MockConnectInfo(SocketAddr::from(([192, 0, 2, 78], 40_000))));
    let fields = [
        ("tid", slot.to_string()),
        ("tomt", plot),
        ("lang", "en".into()),
        ("foretag", "Kalendern; AB".into()),
        ("namn", "Kim, Andersson".into()),
        ("epost", "kim@kalendern.example".into()),
        (
            "meddelande",
            "Rad ett\nrad två; med komma, och kolon:".into(),
        ),
        ("samtycke", "ja".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let response = send(&router, "POST", "/boka", None, Some(fields)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        mail::send_due(&db.pool, &smtp.sender()).await.unwrap(),
        (2, 0)
    );
    let received = smtp.wait_for(2).await;
    let raw: Vec<Vec<u8>> = {
        let dir = smtp.dir.join("maildir").join("new");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| std::fs::read(p).unwrap())
            .collect()
    };
    let mut recipients: Vec<&str> = received.iter().map(|m| m.one("x-rcptto")).collect();
    recipients.sort();
    let company = recipients
        .iter()
        .position(|r| *r == "kim@kalendern.example");
    assert!(company.is_some(), "{recipients:?}");
    for message in &raw {
        let parsed = mailparse::parse_mail(message).unwrap();
        assert_eq!(parsed.ctype.mimetype, "multipart/mixed");
        let text = &parsed.subparts[0];
        assert_eq!(text.ctype.mimetype, "text/plain");
        let calendar = &parsed.subparts[1];
        assert_eq!(calendar.ctype.mimetype, "text/calendar");
        assert!(
            calendar
                .get_content_disposition()
                .params
                .get("filename")
                .is_some_and(|f| f == "mote.ics")
        );
        let ics = calendar.get_body().unwrap();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
        assert!(
            ics.contains("METHOD:PUBLISH") && ics.contains("STATUS:CONFIRMED"),
            "{ics}"
        );
        // The company's name is text of the calendar: its semicolon escaped, never a property.
        assert!(ics.contains(r"Kalendern\; AB"), "{ics}");
        assert!(ics.contains("LOCATION:Kommunhuset"), "{ics}");
        let body = text.get_body().unwrap();
        if parsed
            .headers
            .iter()
            .any(|h| h.get_key() == "X-RcptTo" && h.get_value() == "kim@kalendern.example")
        {
            // In English, with the link to see or cancel the booking.
            assert!(
                body.contains("You have booked a meeting at the town hall"),
                "{body}"
            );
            assert!(body.contains("/boka/bokad?nyckel="), "{body}");
        } else {
            assert!(
                body.contains("Kalendern; AB har bokat möte i kommunhuset med dig"),
                "{body}"
            );
            assert!(body.contains("rad två; med komma"), "{body}");
        }
    }
    db.drop_database().await;
}
