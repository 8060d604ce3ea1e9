//! E-mail that reaches people: each message is queued in PostgreSQL in the transaction that
//! causes it (an interest stored is its e-mails queued), and a worker sends what is due through
//! the configured SMTP server with `lettre`, retrying with a growing pause, so an outage of the
//! mail server loses nothing. A message is claimed with `FOR UPDATE SKIP LOCKED` and a lease
//! before it is sent, so two server instances never send it twice. Without an SMTP server the
//! messages stay queued and the workspace shows what would have been sent.
//!
//! Headers and bodies are built by `lettre` (names and subjects encoded as RFC 2047 words),
//! never by joining user text into header lines; control characters (CR, LF) in a name or a
//! subject are replaced by spaces before that, so no text can start a header of its own.

use std::time::Duration;

use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use markkartan_app::domain::{InterestSubject, Lang, ValidInterest};
use sqlx::{PgConnection, PgPool};

use crate::db;

/// How a message came to be, for the workspace and the tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "mail_kind", rename_all = "snake_case")]
pub enum MailKind {
    /// A new case, to the person who answers it.
    NewCase,
    /// The company's confirmation of its interest.
    Confirmation,
    /// A case handed over, to the person who answers it now.
    Handover,
    /// A meeting booked: to the company and the contact person, with a calendar file.
    Booking,
    /// A meeting cancelled: to both, with the calendar file that removes it.
    BookingCancelled,
    /// A proposal sent: to the company, with its link.
    Proposal,
    /// The company's question from its proposal, to the contact it names.
    ProposalQuestion,
    /// The service survey's link, to the company whose case was closed.
    Survey,
}

/// A message to queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub kind: MailKind,
    pub interest_id: Option<i64>,
    /// The meeting booking it is about.
    pub booking_id: Option<i64>,
    /// The proposal it is about.
    pub proposal_id: Option<i64>,
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    /// An iCalendar file sent along.
    pub calendar: Option<String>,
}

/// Where mail goes out and whom it is from (`MARKKARTAN_SMTP_URL`, `MARKKARTAN_MAIL_FROM`).
#[derive(Clone)]
pub struct Sender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// Why the mail settings cannot be used: said at start, naming the setting.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("MARKKARTAN_SMTP_URL is not an SMTP URL lettre understands: {0}")]
    Url(#[from] lettre::transport::smtp::Error),
    #[error("MARKKARTAN_MAIL_FROM is not a mailbox (`Name <address>` or `address`): {0}")]
    From(#[from] lettre::address::AddressError),
}

impl Sender {
    /// `smtp://user:password@host:587?tls=required` (STARTTLS), `smtps://user:password@host:465`
    /// (TLS) or `smtp://host:25` (no TLS); `from` as `Name <address>`.
    pub fn new(url: &str, from: &str) -> Result<Sender, SettingsError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        Ok(Sender {
            transport,
            from: from.parse()?,
        })
    }

    /// The message as `lettre` builds it: every header encoded by the crate.
    pub fn message(&self, mail: &QueuedMail) -> Result<Message, String> {
        let to = Mailbox::new(
            Some(one_line(&mail.to_name)),
            mail.to_address
                .parse()
                .map_err(|e| format!("the address {:?}: {e}", mail.to_address))?,
        );
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(one_line(&mail.subject));
        match &mail.calendar {
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(mail.body.clone()),
            // The text and the meeting as a file the mail program offers to add.
            Some(calendar) => builder.multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(mail.body.clone()))
                    .singlepart(
                        Attachment::new("mote.ics".to_string()).body(
                            calendar.clone(),
                            ContentType::parse("text/calendar; charset=utf-8")
                                .map_err(|e| e.to_string())?,
                        ),
                    ),
            ),
        }
        .map_err(|e| e.to_string())
    }
}

/// A header's text on one line: control characters (CR, LF, NUL, tabs) become spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Queues a message in the caller's transaction.
pub async fn queue(conn: &mut PgConnection, mail: &Mail) -> Result<i64, sqlx::Error> {
    db::mail::insert(conn, mail).await
}

/// A queued message claimed for sending.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct QueuedMail {
    pub id: i64,
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub calendar: Option<String>,
    pub attempts: i32,
}

/// At most this many messages are claimed at a time by one worker.
const BATCH: i64 = 20;

/// Sends what is due, once: claims up to a batch, sends each and records the outcome. Returns
/// (sent, failed).
pub async fn send_due(pool: &PgPool, sender: &Sender) -> Result<(usize, usize), sqlx::Error> {
    let claimed = db::mail::claim_due(pool, BATCH).await?;
    let (mut sent, mut failed) = (0, 0);
    for mail in claimed {
        let outcome = match sender.message(&mail) {
            Ok(message) => sender
                .transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Err(problem) => Err(problem),
        };
        match outcome {
            Ok(()) => {
                db::mail::mark_sent(pool, mail.id).await?;
                sent += 1;
            }
            Err(problem) => {
                tracing::warn!(id = mail.id, attempts = mail.attempts, %problem, "sending an e-mail failed; it will be tried again");
                db::mail::mark_failed(pool, mail.id, &problem).await?;
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}

/// Sends due mail every `every` for as long as the server runs.
pub fn spawn_sender(pool: PgPool, sender: Sender, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            // A whole batch sent: more may be waiting, so go on at once.
            loop {
                match send_due(&pool, &sender).await {
                    Ok((sent, failed)) if sent + failed == BATCH as usize => continue,
                    Ok((0, 0)) => {}
                    Ok((sent, failed)) => tracing::info!(sent, failed, "e-mail sent"),
                    Err(error) => tracing::error!(%error, "the e-mail queue cannot be read"),
                }
                break;
            }
        }
    });
}

/// The e-mail to the contact person a case is handed to (none when it is handed to no one).
pub fn for_handover(id: i64, handover: &db::inbox::Handover, by: &str, site: &str) -> Option<Mail> {
    let (name, email) = handover.to.clone()?;
    let from = handover
        .from
        .as_ref()
        .map(|f| format!(" från {f}"))
        .unwrap_or_default();
    Some(Mail {
        kind: MailKind::Handover,
        interest_id: Some(id),
        booking_id: None,
        proposal_id: None,
        calendar: None,
        to_name: name,
        to_address: email,
        subject: format!("Ärende överlämnat till dig: {}", handover.company),
        body: format!(
            "{by} har lämnat över intresseanmälan från {company}{from} till dig i Markkartan.\n\
             Företaget vill ha svar på {language}.\n\n\
             Öppna ärendet: {site}/personal/intresse/{id}\n",
            company = handover.company,
            language = if handover.language == "en" {
                "engelska"
            } else {
                "svenska"
            },
        ),
    })
}

/// The two e-mails an interest causes: to the person who answers it (a new case, in Swedish,
/// with a link to it in the workspace) and the company's confirmation (in its language, naming
/// that person). Without a contact person only the confirmation.
pub fn for_interest(
    id: i64,
    interest: &ValidInterest,
    subject: &InterestSubject,
    site: &str,
) -> Vec<Mail> {
    let about = about(subject, interest.lang);
    let mut mails = Vec::new();
    if let Some(contact) = &subject.contact {
        let about_sv = self::about(subject, Lang::Sv);
        let optional = |label: &str, value: Option<String>| {
            value.map(|v| format!("{label}: {v}\n")).unwrap_or_default()
        };
        let body = format!(
            "En ny intresseanmälan har kommit till Markkartan och väntar på dig.\n\n\
             Gäller: {about_sv}\n\
             Frågan gäller: {question}\n\
             Företag: {company} ({org})\n\
             Kontaktperson: {name}\n\
             E-post: {email}\n\
             {phone}{area}{start}Språk: {language}\n\n\
             {message}\
             Öppna ärendet: {site}/personal/intresse/{id}\n",
            company = interest.company_name,
            question = interest.question.label(Lang::Sv),
            org = interest.org_number.as_str(),
            name = interest.contact_name,
            email = interest.email,
            phone = optional(
                "Telefon",
                Some(interest.phone.clone()).filter(|p| !p.is_empty())
            ),
            area = optional(
                "Önskad yta",
                interest.wanted_area_m2.map(|m2| format!("{m2} m²"))
            ),
            start = optional(
                "Önskad start",
                interest.wanted_start.map(|d| d.format("%Y-%m").to_string())
            ),
            language = match interest.lang {
                Lang::Sv => "svenska",
                Lang::En => "engelska",
            },
            message = if interest.message.trim().is_empty() {
                String::new()
            } else {
                format!("Meddelande:\n{}\n\n", interest.message)
            },
        );
        mails.push(Mail {
            kind: MailKind::NewCase,
            interest_id: Some(id),
            booking_id: None,
            proposal_id: None,
            calendar: None,
            to_name: contact.name.clone(),
            to_address: contact.email.clone(),
            subject: format!("Ny intresseanmälan: {} – {about_sv}", interest.company_name),
            body,
        });
    }
    let answers = subject
        .contact
        .as_ref()
        .map(|c| match interest.lang {
            Lang::Sv => format!(
                "{} svarar dig, normalt inom två arbetsdagar: {}, {}.\n",
                c.name, c.email, c.phone
            ),
            Lang::En => format!(
                "{} will answer you, normally within two working days: {}, {}.\n",
                c.name, c.email, c.phone
            ),
        })
        .unwrap_or_default();
    let (subject_line, body) = match interest.lang {
        Lang::Sv => (
            format!("Tack för din intresseanmälan – {about}"),
            format!(
                "Hej {name},\n\n\
                 Tack för att {company} har anmält intresse för {about} i Norrtälje kommun.\n\
                 {answers}\n\
                 Det här mejlet skickades av Markkartan ({site}). Dina uppgifter används bara \
                 för att besvara anmälan och raderas {months} månader efter att ärendet har \
                 avslutats.\n",
                name = interest.contact_name,
                company = interest.company_name,
                months = subject.retention_months,
            ),
        ),
        Lang::En => (
            format!("Thank you for your interest – {about}"),
            format!(
                "Hello {name},\n\n\
                 Thank you for registering {company}'s interest in {about} in Norrtälje \
                 municipality.\n\
                 {answers}\n\
                 This e-mail was sent by Markkartan ({site}). Your details are used only to \
                 answer you and are deleted {months} months after the case has been closed.\n",
                name = interest.contact_name,
                company = interest.company_name,
                months = subject.retention_months,
            ),
        ),
    };
    mails.push(Mail {
        kind: MailKind::Confirmation,
        interest_id: Some(id),
        booking_id: None,
        proposal_id: None,
        calendar: None,
        to_name: interest.contact_name.clone(),
        to_address: interest.email.clone(),
        subject: subject_line,
        body,
    });
    mails
}

/// What an interest is about, in a few words: "Görla 9:11 (Görla verksamhetsområde)".
pub fn about(subject: &InterestSubject, lang: Lang) -> String {
    match (&subject.plot, &subject.business_area, &subject.planning) {
        (Some(plot), Some(area), _) => format!("{plot} ({area})"),
        (None, Some(area), _) => area.clone(),
        (_, _, Some((_, _, name))) => name.clone(),
        _ => match (subject.place, lang) {
            (Some(place), Lang::Sv) => format!("platsen {}", place.param()),
            (Some(place), Lang::En) => format!("the place {}", place.param()),
            (None, Lang::Sv) => "mark för verksamheter".to_string(),
            (None, Lang::En) => "land for business".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_text_keeps_to_one_line() {
        assert_eq!(
            one_line("Görla\r\nBcc: evil@example.com\0"),
            "Görla  Bcc: evil@example.com"
        );
    }
}
