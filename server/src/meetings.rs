//! Bookable meetings: the offer a company sees (the free times of the person who answers its
//! question, by the one routing rule interests use), booking a time (rate limited like the
//! interest form, one booking per time decided by the database), cancelling through the
//! company's link or the workspace, and publishing times. Every step queues its e-mails, with
//! an iCalendar file, in the transaction that makes it.

use std::net::IpAddr;

use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use markkartan_app::domain::{
    BookedMeeting, BookingForm, FieldProblem, Lang, MeetingOffer, QuestionKind, SlotForm,
    ValidBooking, format_meeting_time,
};
use sqlx::{PgConnection, PgPool};

use crate::auth::{new_token, token_digest};
use crate::db;
use crate::mail::{Mail, MailKind};

#[derive(Debug, thiserror::Error)]
pub enum MeetingRefused {
    #[error("the form has {} invalid field(s)", .0.len())]
    Invalid(Vec<FieldProblem>),
    /// The time was booked by someone else, removed or has passed.
    #[error("the time is no longer free")]
    Taken,
    #[error("too many forms from this address within the hour")]
    RateLimited,
    #[error("no such booking or time")]
    NotFound,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// What the company sees on `/boka`: what it is about, who answers and their free times.
pub async fn offer(
    pool: &PgPool,
    plot_id: Option<i64>,
    business_area: Option<&str>,
    planning: (Option<i64>, Option<i64>),
    question: QuestionKind,
    retention_months: u32,
) -> Result<MeetingOffer, sqlx::Error> {
    let routed = db::interests::subject(
        pool,
        plot_id,
        business_area,
        planning,
        None,
        question,
        retention_months,
    )
    .await?;
    let slots = match routed.owner_id {
        Some(contact) => db::meetings::free_slots(pool, contact).await?,
        None => Vec::new(),
    };
    Ok(MeetingOffer {
        subject: routed.subject,
        slots,
    })
}

/// Books the chosen time; the token of the company's link to its booking.
pub async fn book(
    pool: &PgPool,
    from: IpAddr,
    form: &BookingForm,
    limit_per_hour: i64,
    site: &str,
) -> Result<String, MeetingRefused> {
    let booking = form.validate().map_err(MeetingRefused::Invalid)?;
    let routed = db::interests::subject(
        pool,
        booking.plot_id,
        booking.business_area.as_deref(),
        (booking.plan_id, booking.future_area_id),
        None,
        booking.question,
        0,
    )
    .await?;
    let subject = crate::mail::about(&routed.subject, Lang::Sv);
    let mut tx = pool.begin().await?;
    // Counted with the interest forms: one budget per address for what companies send.
    let client = crate::interest::client_network(from);
    if !db::interests::record_submission_within(&mut tx, client, limit_per_hour).await? {
        return Err(MeetingRefused::RateLimited);
    }
    let (token, _) = book_in(&mut tx, &booking, &subject, site).await?;
    tx.commit().await?;
    Ok(token)
}

/// Books the time in the caller's transaction (whose rate limit is counted) and queues both
/// e-mails: the token of the company's link, and the meeting.
pub async fn book_in(
    tx: &mut PgConnection,
    booking: &ValidBooking,
    subject: &str,
    site: &str,
) -> Result<(String, BookedMeeting), MeetingRefused> {
    let token = new_token();
    let id = db::meetings::book(tx, booking, subject, &token_digest(&token))
        .await?
        .ok_or(MeetingRefused::Taken)?;
    let meeting = db::meetings::by_id(tx, id)
        .await?
        .ok_or(MeetingRefused::NotFound)?;
    for mail in booking_mails(&meeting, booking, &token, site, false) {
        crate::mail::queue(tx, &mail).await?;
    }
    Ok((token, meeting))
}

/// The booking a company's link holds.
pub async fn booked(pool: &PgPool, token: &str) -> Result<Option<BookedMeeting>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    db::meetings::by_token(&mut conn, &token_digest(token)).await
}

/// Cancels a booking through the company's link (`token`) or from the workspace (`id`): the
/// time is free again and both sides get an e-mail. Cancelling one already cancelled changes
/// nothing.
pub async fn cancel(
    pool: &PgPool,
    token: Option<&str>,
    id: Option<i64>,
    site: &str,
) -> Result<(), MeetingRefused> {
    let digest = token.map(token_digest);
    let mut tx = pool.begin().await?;
    let Some((cancelled, case)) = db::meetings::cancel(&mut tx, digest.as_deref(), id).await?
    else {
        // Already cancelled (fine: nothing to do) or no such booking.
        let known = match &digest {
            Some(digest) => db::meetings::by_token(&mut tx, digest).await?.is_some(),
            None => match id {
                Some(id) => db::meetings::by_id(&mut tx, id).await?.is_some(),
                None => false,
            },
        };
        return if known {
            Ok(())
        } else {
            Err(MeetingRefused::NotFound)
        };
    };
    let meeting = db::meetings::by_id(&mut tx, cancelled)
        .await?
        .ok_or(MeetingRefused::NotFound)?;
    // A meeting booked from a proposal: its cancellation in the case's history too.
    if let Some(case) = case {
        let note = format!(
            "{} avbokade mötet {} med {}.",
            if token.is_some() {
                "Företaget"
            } else {
                "Kommunen"
            },
            format_meeting_time(meeting.starts_at, meeting.ends_at, Lang::Sv),
            meeting.contact_name
        );
        db::inbox::write_history(&mut tx, case, None, &note).await?;
    }
    let booking = booking_of(&mut tx, &meeting).await?;
    for mail in booking_mails(&meeting, &booking, "", site, true) {
        crate::mail::queue(&mut tx, &mail).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The booked company's details again, for the cancellation's e-mails.
async fn booking_of(
    conn: &mut PgConnection,
    meeting: &BookedMeeting,
) -> Result<ValidBooking, sqlx::Error> {
    let (contact_name, email, phone, message, question) =
        db::meetings::booker(conn, meeting.id).await?;
    Ok(ValidBooking {
        slot_id: 0,
        company_name: meeting.company_name.clone(),
        contact_name,
        email,
        phone,
        message,
        lang: meeting.lang(),
        plot_id: None,
        business_area: None,
        plan_id: None,
        future_area_id: None,
        question,
        interest_id: None,
        contact_id: None,
    })
}

/// Publishes times for a contact person; how many.
pub async fn publish(
    pool: &PgPool,
    account_id: i64,
    form: &SlotForm,
) -> Result<u64, MeetingRefused> {
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive();
    let slots = form
        .validate(today)
        .map_err(|p| MeetingRefused::Invalid(vec![p]))?;
    let mut tx = pool.begin().await?;
    let published = db::meetings::publish(&mut tx, &slots, account_id).await?;
    let problem = |field: &str, message: String| {
        MeetingRefused::Invalid(vec![FieldProblem {
            field: field.to_string(),
            message,
        }])
    };
    let count = match published {
        Ok(count) => count,
        Err(db::meetings::NotPublished::NoSuchContact) => {
            return Err(problem("kontakt", "Välj vem mötet är med i listan.".into()));
        }
        Err(db::meetings::NotPublished::Past) => {
            return Err(problem("fran", "Tiden har redan varit.".into()));
        }
        Err(db::meetings::NotPublished::Overlaps(at)) => {
            return Err(problem(
                "fran",
                format!(
                    "Personen har redan en tid som överlappar {}. Inget publicerades.",
                    at.format("%Y-%m-%d %H:%M")
                ),
            ));
        }
    };
    tx.commit().await?;
    Ok(count)
}

/// The e-mails of a booking or its cancellation: to the company, in its language, and to the
/// contact person, in Swedish; each with the meeting as an iCalendar file.
fn booking_mails(
    meeting: &BookedMeeting,
    booking: &ValidBooking,
    token: &str,
    site: &str,
    cancelled: bool,
) -> Vec<Mail> {
    let lang = meeting.lang();
    let when = format_meeting_time(meeting.starts_at, meeting.ends_at, lang);
    let when_sv = format_meeting_time(meeting.starts_at, meeting.ends_at, Lang::Sv);
    let kind = meeting.kind.label(lang);
    let calendar = calendar(meeting, site, cancelled);
    let link = format!("{site}/boka/bokad?nyckel={token}");
    let (subject, body) = match (lang, cancelled) {
        (Lang::Sv, false) => (
            format!(
                "Bokat: {} med {}, {when}",
                kind.to_lowercase(),
                meeting.contact_name
            ),
            format!(
                "Hej {name},\n\n\
                 Du har bokat {kind_lower} med {contact} från Norrtälje kommun {when}.\n\
                 Det gäller: {about}\n\
                 {reach}\n\n\
                 Mötet finns i den bifogade kalenderfilen. Här kan du se bokningen eller avboka \
                 den:\n{link}\n\n\
                 Det här mejlet skickades av Markkartan ({site}).\n",
                name = booking.contact_name,
                kind_lower = kind.to_lowercase(),
                contact = meeting.contact_name,
                about = meeting.subject,
                reach = reach(meeting, Lang::Sv),
            ),
        ),
        (Lang::En, false) => (
            format!(
                "Booked: {} with {}, {when}",
                kind.to_lowercase(),
                meeting.contact_name
            ),
            format!(
                "Hello {name},\n\n\
                 You have booked a {kind_lower} with {contact} of Norrtälje municipality on \
                 {when}.\n\
                 About: {about}\n\
                 {reach}\n\n\
                 The meeting is in the attached calendar file. See or cancel the booking \
                 here:\n{link}\n\n\
                 This e-mail was sent by Markkartan ({site}).\n",
                name = booking.contact_name,
                kind_lower = kind.to_lowercase(),
                contact = meeting.contact_name,
                about = meeting.subject,
                reach = reach(meeting, Lang::En),
            ),
        ),
        (Lang::Sv, true) => (
            format!(
                "Avbokat: {} med {}, {when}",
                kind.to_lowercase(),
                meeting.contact_name
            ),
            format!(
                "Hej {name},\n\n\
                 Mötet med {contact} {when} är avbokat. Boka gärna en ny tid på {site}.\n",
                name = booking.contact_name,
                contact = meeting.contact_name,
            ),
        ),
        (Lang::En, true) => (
            format!(
                "Cancelled: {} with {}, {when}",
                kind.to_lowercase(),
                meeting.contact_name
            ),
            format!(
                "Hello {name},\n\n\
                 The meeting with {contact} on {when} is cancelled. You are welcome to book \
                 another time at {site}.\n",
                name = booking.contact_name,
                contact = meeting.contact_name,
            ),
        ),
    };
    let company = Mail {
        kind: if cancelled {
            MailKind::BookingCancelled
        } else {
            MailKind::Booking
        },
        interest_id: None,
        booking_id: Some(meeting.id),
        proposal_id: None,
        to_name: booking.contact_name.clone(),
        to_address: booking.email.clone(),
        subject,
        body,
        calendar: Some(calendar.clone()),
    };
    let optional = |label: &str, value: &str| {
        if value.trim().is_empty() {
            String::new()
        } else {
            format!("{label}: {value}\n")
        }
    };
    let staff_body = if cancelled {
        format!(
            "Mötet {when_sv} med {person} från {company} är avbokat. Tiden är ledig igen.\n\n\
             Dina möten: {site}/personal/moten\n",
            person = booking.contact_name,
            company = meeting.company_name,
        )
    } else {
        format!(
            "{company} har bokat {kind_lower} med dig {when_sv}.\n\n\
             Det gäller: {about}\n\
             Frågan gäller: {question}\n\
             Kontaktperson: {person}\n\
             E-post: {email}\n\
             {phone}Språk: {language}\n\n\
             {message}\
             Dina möten: {site}/personal/moten\n",
            company = meeting.company_name,
            kind_lower = meeting.kind.label(Lang::Sv).to_lowercase(),
            about = meeting.subject,
            question = booking.question.label(Lang::Sv),
            person = booking.contact_name,
            email = booking.email,
            phone = optional("Telefon", &booking.phone),
            language = if lang == Lang::En {
                "engelska"
            } else {
                "svenska"
            },
            message = if booking.message.is_empty() {
                String::new()
            } else {
                format!("Meddelande:\n{}\n\n", booking.message)
            },
        )
    };
    let contact = Mail {
        kind: company.kind,
        interest_id: None,
        booking_id: Some(meeting.id),
        proposal_id: None,
        to_name: meeting.contact_name.clone(),
        to_address: meeting.contact_email.clone(),
        subject: format!(
            "{}: {}, {when_sv}",
            if cancelled { "Avbokat" } else { "Ny bokning" },
            meeting.company_name
        ),
        body: staff_body,
        calendar: Some(calendar),
    };
    vec![company, contact]
}

/// How the company reaches the person, or is reached.
fn reach(meeting: &BookedMeeting, lang: Lang) -> String {
    use markkartan_app::domain::MeetingKind;
    match (meeting.kind, lang) {
        (MeetingKind::Phone, Lang::Sv) => format!(
            "{} ringer dig. Når ni inte varandra: {}, {}.",
            meeting.contact_name, meeting.contact_phone, meeting.contact_email
        ),
        (MeetingKind::Phone, Lang::En) => format!(
            "{} will call you. If you miss each other: {}, {}.",
            meeting.contact_name, meeting.contact_phone, meeting.contact_email
        ),
        (MeetingKind::Video, Lang::Sv) => format!(
            "{} skickar en länk till mötet. Frågor: {}, {}.",
            meeting.contact_name, meeting.contact_phone, meeting.contact_email
        ),
        (MeetingKind::Video, Lang::En) => format!(
            "{} will send you a link to the meeting. Questions: {}, {}.",
            meeting.contact_name, meeting.contact_phone, meeting.contact_email
        ),
        (MeetingKind::Visit, Lang::Sv) => format!(
            "Välkommen till kommunhuset, Estunavägen 14, Norrtälje. Frågor: {}, {}.",
            meeting.contact_phone, meeting.contact_email
        ),
        (MeetingKind::Visit, Lang::En) => format!(
            "Welcome to the town hall, Estunavägen 14, Norrtälje. Questions: {}, {}.",
            meeting.contact_phone, meeting.contact_email
        ),
    }
}

/// The meeting as an iCalendar file (RFC 5545, written by the `icalendar` crate, which escapes
/// and folds every text): published, or cancelled with the same UID so calendars remove it.
pub fn calendar(meeting: &BookedMeeting, site: &str, cancelled: bool) -> String {
    let lang = meeting.lang();
    let stockholm = |at: chrono::NaiveDateTime| {
        use chrono::TimeZone;
        chrono_tz::Europe::Stockholm
            .from_local_datetime(&at)
            .earliest()
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_else(|| at.and_utc())
    };
    let host = site
        .split("://")
        .nth(1)
        .unwrap_or(site)
        .split(['/', ':'])
        .next()
        .unwrap_or("markkartan");
    let mut event = Event::new();
    event
        .uid(&format!("booking-{}@{host}", meeting.id))
        .summary(&format!(
            "{}: {} – {}",
            meeting.kind.label(lang),
            meeting.contact_name,
            meeting.company_name
        ))
        .description(&format!("{}\n{}", meeting.subject, reach(meeting, lang)))
        .starts(stockholm(meeting.starts_at))
        .ends(stockholm(meeting.ends_at))
        .add_property("SEQUENCE", if cancelled { "1" } else { "0" })
        .status(if cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    if meeting.kind == markkartan_app::domain::MeetingKind::Visit {
        event.location("Kommunhuset, Estunavägen 14, Norrtälje");
    }
    let mut calendar = Calendar::new();
    calendar
        .name("Markkartan")
        .append_property(icalendar::Property::new(
            "METHOD",
            if cancelled { "CANCEL" } else { "PUBLISH" },
        ))
        .push(event.done());
    calendar.done().to_string()
}
