//! A proposal for one company: the guide drafts it from a case (plots and future areas, a note
//! on each, a covering letter, a contact), sends it as a private link that expires, and may
//! revoke it; the company opens it, marks items and asks a question. Every step takes the
//! proposal's row lock first (`db::proposals::lock` / `by_link`), is written into the case's
//! history and queues its e-mail in the same transaction.

use std::net::IpAddr;

use markkartan_app::domain::{
    FieldProblem, Lang, MAX_PROPOSAL_ITEMS, ProposalBookingForm, ProposalItem, ProposalItemChoice,
    ProposalItemForm, ProposalLetterForm, ProposalPage, ProposalQuestionForm, ProposedThing,
    QuestionKind, ValidBooking, VerdictForm, Viewer, format_date, format_meeting_time,
};
use sqlx::{PgConnection, PgPool};

use crate::auth::{new_token, token_digest};
use crate::db;
use crate::db::proposals::{Added, Proposal};
use crate::mail::{Mail, MailKind};

#[derive(Debug, thiserror::Error)]
pub enum ProposalRefused {
    /// A value breaks a rule (422, naming the field).
    #[error("{}: {}", .0.field, .0.message)]
    Invalid(FieldProblem),
    /// A value cannot be read at all (400, naming the field).
    #[error("{}: {}", .0.field, .0.message)]
    Unreadable(FieldProblem),
    #[error("no such proposal or item")]
    NotFound,
    /// The link expired or was revoked (410).
    #[error("the link no longer holds")]
    Gone { revoked: bool },
    /// A sent proposal is not changed: revoke it and make a new one (409).
    #[error("the proposal is sent already")]
    Sent,
    #[error("too many forms from this address within the hour")]
    RateLimited,
    /// The time was booked by someone else, removed or has passed (409).
    #[error("the time is no longer free")]
    Taken,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

fn invalid(field: &str, message: impl Into<String>) -> ProposalRefused {
    ProposalRefused::Invalid(FieldProblem {
        field: field.to_string(),
        message: message.into(),
    })
}

/// The draft under its lock, refused when there is none or it is sent.
async fn draft(conn: &mut PgConnection, id: i64) -> Result<Proposal, ProposalRefused> {
    let proposal = db::proposals::lock(conn, id)
        .await?
        .ok_or(ProposalRefused::NotFound)?;
    if proposal.sent {
        return Err(ProposalRefused::Sent);
    }
    Ok(proposal)
}

/// Starts a draft for the case; its id.
pub async fn create(
    pool: &PgPool,
    viewer: &Viewer,
    interest_id: i64,
) -> Result<i64, ProposalRefused> {
    let mut tx = pool.begin().await?;
    let id = db::proposals::create(&mut tx, interest_id, viewer.account_id)
        .await?
        .ok_or(ProposalRefused::NotFound)?;
    let note = format!("Började på förslag {id} till företaget (utkast).");
    db::inbox::write_history(&mut tx, interest_id, Some(viewer.account_id), &note).await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves the letter, the contact and how long the link will hold.
pub async fn save_letter(
    pool: &PgPool,
    id: i64,
    form: &ProposalLetterForm,
) -> Result<(), ProposalRefused> {
    let letter = form.validate().map_err(ProposalRefused::Invalid)?;
    let mut tx = pool.begin().await?;
    draft(&mut tx, id).await?;
    if let Some(contact) = letter.contact_id
        && !db::proposals::contact_exists(&mut tx, contact).await?
    {
        return Err(invalid("kontakt", "Välj kontaktperson i listan."));
    }
    db::proposals::save_letter(
        &mut tx,
        id,
        &letter.letter,
        letter.contact_id,
        letter.valid_days,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a published plot for sale or a published future area, with its note.
pub async fn add_item(
    pool: &PgPool,
    id: i64,
    form: &ProposalItemForm,
) -> Result<(), ProposalRefused> {
    let (item, note) = form.validate().map_err(ProposalRefused::Invalid)?;
    let mut tx = pool.begin().await?;
    draft(&mut tx, id).await?;
    if db::proposals::item_count(&mut tx, id).await? >= MAX_PROPOSAL_ITEMS as i64 {
        return Err(invalid(
            "punkt",
            format!("Ett förslag har högst {MAX_PROPOSAL_ITEMS} punkter."),
        ));
    }
    match db::proposals::add_item(&mut tx, id, item, &note).await? {
        Added::Done => {}
        Added::Already => return Err(invalid("punkt", "Den finns redan i förslaget.")),
        Added::NotPublished => {
            return Err(invalid(
                "punkt",
                "Den är inte publicerad eller inte till salu längre: välj en annan i listan.",
            ));
        }
    }
    tx.commit().await?;
    Ok(())
}

pub async fn remove_item(
    pool: &PgPool,
    id: i64,
    form: &ProposalItemChoice,
) -> Result<(), ProposalRefused> {
    let item = form.punkt.trim().parse::<i64>().map_err(|_| {
        ProposalRefused::Unreadable(FieldProblem {
            field: "punkt".into(),
            message: "Punkten går inte att läsa.".into(),
        })
    })?;
    let mut tx = pool.begin().await?;
    draft(&mut tx, id).await?;
    if !db::proposals::remove_item(&mut tx, id, item).await? {
        return Err(ProposalRefused::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Sends the draft: a new link, the e-mail to the company and a line in the case's history.
/// Two guides sending it at once: the second finds it sent (409), so one link and one e-mail.
pub async fn send(
    pool: &PgPool,
    viewer: &Viewer,
    id: i64,
    site: &str,
) -> Result<(), ProposalRefused> {
    let mut tx = pool.begin().await?;
    let proposal = draft(&mut tx, id).await?;
    let items = db::proposals::item_count(&mut tx, id).await?;
    if items == 0 {
        return Err(invalid(
            "punkt",
            "Lägg till minst en tomt eller ett framtida område innan förslaget skickas.",
        ));
    }
    let token = new_token();
    db::proposals::send(&mut tx, id, viewer.account_id, &token_digest(&token)).await?;
    let sent = db::proposals::lock(&mut tx, id)
        .await?
        .ok_or(ProposalRefused::NotFound)?;
    let guide = match proposal.contact_id {
        Some(contact) => db::proposals::contact(&mut tx, contact).await?,
        None => None,
    };
    let until = sent
        .valid_until
        .map(|d| format_date(d, Lang::Sv))
        .unwrap_or_default();
    let mail = sent_mail(id, &sent, guide.as_ref(), &token, site);
    let note = format!(
        "Skickade förslag {id} med {items} {} till {}. Länken gäller till och med {until}.",
        if items == 1 { "punkt" } else { "punkter" },
        sent.email,
    );
    db::inbox::write_history(&mut tx, sent.interest_id, Some(viewer.account_id), &note).await?;
    crate::mail::queue(&mut tx, &mail).await?;
    tx.commit().await?;
    Ok(())
}

/// Revokes a sent proposal's link; revoking it again changes nothing.
pub async fn revoke(pool: &PgPool, viewer: &Viewer, id: i64) -> Result<(), ProposalRefused> {
    let mut tx = pool.begin().await?;
    let proposal = db::proposals::lock(&mut tx, id)
        .await?
        .ok_or(ProposalRefused::NotFound)?;
    if !proposal.sent {
        return Err(invalid(
            "forslag",
            "Ett utkast har ingen länk att återkalla.",
        ));
    }
    if proposal.revoked {
        return Ok(());
    }
    db::proposals::revoke(&mut tx, id).await?;
    let note = format!("Återkallade länken till förslag {id}.");
    db::inbox::write_history(
        &mut tx,
        proposal.interest_id,
        Some(viewer.account_id),
        &note,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The proposal a live link holds (refused: unknown 404, expired or revoked 410). Unless
/// `record` is false (staff looking at it), the opening is recorded, the first one in the
/// case's history.
pub async fn open(
    pool: &PgPool,
    token: &str,
    record: bool,
) -> Result<ProposalPage, ProposalRefused> {
    let mut tx = pool.begin().await?;
    let (id, proposal) = live_link(&mut tx, token).await?;
    if record {
        db::proposals::record_opening(&mut tx, id).await?;
        if !proposal.first_opened {
            let note = format!("Företaget öppnade förslag {id} för första gången.");
            db::inbox::write_history(&mut tx, proposal.interest_id, None, &note).await?;
        }
    }
    tx.commit().await?;
    let contact = match proposal.contact_id {
        Some(contact) => db::plans::contact_person(pool, contact).await?,
        None => None,
    };
    let slots = match proposal.contact_id {
        Some(contact) => db::meetings::free_slots(pool, contact).await?,
        None => Vec::new(),
    };
    Ok(ProposalPage {
        company_name: proposal.company_name.clone(),
        letter: proposal.letter.clone(),
        contact,
        items: items(pool, id).await?,
        valid_until: proposal.valid_until.unwrap_or_default(),
        slots,
    })
}

fn language(proposal: &Proposal) -> Lang {
    if proposal.language == "en" {
        Lang::En
    } else {
        Lang::Sv
    }
}

/// The proposal a link holds, locked, refused unless it is live.
async fn live_link(
    conn: &mut PgConnection,
    token: &str,
) -> Result<(i64, Proposal), ProposalRefused> {
    let (id, proposal) = db::proposals::by_link(conn, &token_digest(token))
        .await?
        .ok_or(ProposalRefused::NotFound)?;
    if !proposal.live {
        return Err(ProposalRefused::Gone {
            revoked: proposal.revoked,
        });
    }
    Ok((id, proposal))
}

/// The proposal's items with the public facts of each as they are now.
pub async fn items(pool: &PgPool, id: i64) -> Result<Vec<ProposalItem>, sqlx::Error> {
    let mut items = Vec::new();
    for row in db::proposals::items(pool, id).await? {
        let thing = match (row.plot_id, row.future_area_id) {
            (Some(plot), _) => match db::plots::fact_sheet(pool, plot).await? {
                Some(sheet) => ProposedThing::Plot(Box::new(sheet)),
                None => ProposedThing::Withdrawn(row.name.clone()),
            },
            (None, Some(area)) => match db::proposals::future_area(pool, area).await? {
                Some(area) => ProposedThing::FutureArea(area),
                None => ProposedThing::Withdrawn(row.name.clone()),
            },
            (None, None) => ProposedThing::Withdrawn(row.name.clone()),
        };
        items.push(ProposalItem {
            id: row.id,
            note: row.note,
            verdict: row.verdict,
            thing,
        });
    }
    Ok(items)
}

/// The company marks one item; the page's language.
pub async fn mark(pool: &PgPool, token: &str, form: &VerdictForm) -> Result<(), ProposalRefused> {
    let (item, verdict) = form.validate().map_err(ProposalRefused::Unreadable)?;
    let mut tx = pool.begin().await?;
    let (id, proposal) = live_link(&mut tx, token).await?;
    match db::proposals::mark(&mut tx, id, item, verdict).await? {
        Some(name) => {
            let note = format!(
                "Företaget markerade {name} i förslag {id} som {}.",
                verdict.label(Lang::Sv).to_lowercase()
            );
            db::inbox::write_history(&mut tx, proposal.interest_id, None, &note).await?;
        }
        None if db::proposals::has_item(&mut tx, id, item).await? => {}
        None => return Err(ProposalRefused::NotFound),
    }
    tx.commit().await?;
    Ok(())
}

/// The company's question: into the case's history, and by e-mail to the contact the proposal
/// names. Counted with the other forms companies send from the address.
pub async fn ask(
    pool: &PgPool,
    from: IpAddr,
    token: &str,
    form: &ProposalQuestionForm,
    limit_per_hour: i64,
    site: &str,
) -> Result<(), ProposalRefused> {
    let question = form.validate().map_err(ProposalRefused::Invalid)?;
    let mut tx = pool.begin().await?;
    let (id, proposal) = live_link(&mut tx, token).await?;
    let client = crate::interest::client_network(from);
    if !db::interests::record_submission_within(&mut tx, client, limit_per_hour).await? {
        return Err(ProposalRefused::RateLimited);
    }
    let note = format!("Företaget frågade i förslag {id}: {question}");
    db::inbox::write_history(&mut tx, proposal.interest_id, None, &note).await?;
    let guide = match proposal.contact_id {
        Some(contact) => db::proposals::contact(&mut tx, contact).await?,
        None => None,
    };
    if let Some((name, email)) = guide {
        let mail = Mail {
            kind: MailKind::ProposalQuestion,
            interest_id: Some(proposal.interest_id),
            booking_id: None,
            proposal_id: Some(id),
            to_name: name,
            to_address: email,
            subject: format!("Fråga om förslaget: {}", proposal.company_name),
            body: format!(
                "{company} har ställt en fråga om förslaget ni skickade:\n\n{question}\n\n\
                 Svara {contact} på {email} ({language}).\n\
                 Öppna ärendet: {site}/personal/intresse/{case}\n",
                company = proposal.company_name,
                contact = proposal.contact_name,
                email = proposal.email,
                language = if proposal.language == "en" {
                    "på engelska"
                } else {
                    "på svenska"
                },
                case = proposal.interest_id,
            ),
            calendar: None,
        };
        crate::mail::queue(&mut tx, &mail).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The company books one of its guide's times from the proposal, with the case's details: the
/// token of its booking's link. Counted with the other forms companies send from the address.
pub async fn book(
    pool: &PgPool,
    from: IpAddr,
    token: &str,
    form: &ProposalBookingForm,
    limit_per_hour: i64,
    site: &str,
) -> Result<String, ProposalRefused> {
    let (slot, message) = form.validate().map_err(ProposalRefused::Invalid)?;
    let mut tx = pool.begin().await?;
    let (id, proposal) = live_link(&mut tx, token).await?;
    let Some(guide) = proposal.contact_id else {
        return Err(invalid(
            "tid",
            "Förslaget har ingen kontaktperson att boka.",
        ));
    };
    let client = crate::interest::client_network(from);
    if !db::interests::record_submission_within(&mut tx, client, limit_per_hour).await? {
        return Err(ProposalRefused::RateLimited);
    }
    let booking = ValidBooking {
        slot_id: slot,
        company_name: proposal.company_name.clone(),
        contact_name: proposal.contact_name.clone(),
        email: proposal.email.clone(),
        phone: proposal.phone.clone(),
        message,
        lang: form.lang(),
        plot_id: None,
        business_area: None,
        plan_id: None,
        future_area_id: None,
        question: QuestionKind::default(),
        interest_id: Some(proposal.interest_id),
        contact_id: Some(guide),
    };
    let subject = format!("Förslag {id} till {}", proposal.company_name);
    let (link, meeting) = crate::meetings::book_in(&mut tx, &booking, &subject, site)
        .await
        .map_err(|refused| match refused {
            crate::meetings::MeetingRefused::Database(error) => ProposalRefused::Database(error),
            _ => ProposalRefused::Taken,
        })?;
    let note = format!(
        "Företaget bokade {} {} med {} från förslag {id}.",
        meeting.kind.label(Lang::Sv).to_lowercase(),
        format_meeting_time(meeting.starts_at, meeting.ends_at, Lang::Sv),
        meeting.contact_name
    );
    db::inbox::write_history(&mut tx, proposal.interest_id, None, &note).await?;
    tx.commit().await?;
    Ok(link)
}

/// The e-mail that carries the link to the company, in its language.
fn sent_mail(
    id: i64,
    proposal: &Proposal,
    guide: Option<&(String, String)>,
    token: &str,
    site: &str,
) -> Mail {
    let link = match language(proposal) {
        Lang::Sv => format!("{site}{}", proposal_page(token)),
        Lang::En => format!("{site}{}?lang=en", proposal_page(token)),
    };
    let until = proposal
        .valid_until
        .map(|d| format_date(d, language(proposal)))
        .unwrap_or_default();
    let (subject, body) = match language(proposal) {
        Lang::Sv => (
            "Förslag på mark från Norrtälje kommun".to_string(),
            format!(
                "Hej {name},\n\n\
                 Här är vårt förslag till {company}: tomter och områden som vi tror passar er, \
                 med våra kommentarer.\n\n{link}\n\n\
                 Länken är personlig och gäller till och med {until}. På sidan kan ni markera \
                 vad som är intressant, ställa en fråga och boka ett möte.\n{guide}\n\
                 Det här mejlet skickades av Markkartan ({site}).\n",
                name = proposal.contact_name,
                company = proposal.company_name,
                guide = guide
                    .map(|(name, email)| format!("Din kontakt: {name}, {email}\n"))
                    .unwrap_or_default(),
            ),
        ),
        Lang::En => (
            "A proposal of land from Norrtälje Municipality".to_string(),
            format!(
                "Hello {name},\n\n\
                 Here is our proposal for {company}: plots and areas we think suit you, with \
                 our comments.\n\n{link}\n\n\
                 The link is personal and holds until {until} inclusive. On the page you can \
                 mark what interests you, ask a question and book a meeting.\n{guide}\n\
                 This e-mail was sent by Markkartan ({site}).\n",
                name = proposal.contact_name,
                company = proposal.company_name,
                guide = guide
                    .map(|(name, email)| format!("Your contact: {name}, {email}\n"))
                    .unwrap_or_default(),
            ),
        ),
    };
    Mail {
        kind: MailKind::Proposal,
        interest_id: Some(proposal.interest_id),
        booking_id: None,
        proposal_id: Some(id),
        to_name: proposal.contact_name.clone(),
        to_address: proposal.email.clone(),
        subject,
        body,
        calendar: None,
    }
}

/// Where a proposal's link leads.
pub fn proposal_page(token: &str) -> String {
    format!("/forslag/{token}")
}
