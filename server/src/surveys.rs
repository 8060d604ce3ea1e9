//! The service survey after every case: when a case is closed the company gets a single-use
//! link that expires (`/enkat/{nyckel}`, by e-mail, which the case page shows when no SMTP
//! server is configured) to score the six service factors and the whole on 1–10. The answer is
//! anonymous to the insights page (server/src/insights.rs): it is counted under the business
//! area and the department, never shown with the company, and its comment is deleted with the
//! case's personal data.

use markkartan_app::domain::{
    Lang, Problem, SURVEY_VALID_DAYS, SurveyForm, SurveyLink, format_date, survey_page,
};
use sqlx::{PgConnection, PgPool};

use crate::auth::{new_token, token_digest};
use crate::db;
use crate::mail::{Mail, MailKind};

#[derive(Debug, thiserror::Error)]
pub enum SurveyRefused {
    /// A score or the comment breaks a rule (422, naming the field).
    #[error("{0:?}")]
    Invalid(Problem),
    #[error("no such survey")]
    NotFound,
    /// Answered already, or expired (410).
    #[error("the link no longer holds")]
    Gone { answered: bool },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// Sends the survey of a case just closed, in the transaction that closes it: a case closed
/// again is not asked twice.
pub async fn invite(
    conn: &mut PgConnection,
    interest_id: i64,
    site: &str,
) -> Result<(), sqlx::Error> {
    let token = new_token();
    let Some(invited) =
        db::surveys::invite(conn, interest_id, &token_digest(&token), SURVEY_VALID_DAYS).await?
    else {
        return Ok(());
    };
    crate::mail::queue(conn, &invitation(&invited, &token, site)).await?;
    db::inbox::write_history(
        conn,
        interest_id,
        None,
        "Enkäten om kommunens service skickades till företaget.",
    )
    .await
}

/// What a link opens.
pub async fn open(pool: &PgPool, token: &str) -> Result<SurveyLink, sqlx::Error> {
    Ok(
        match db::surveys::by_link(pool, &token_digest(token)).await? {
            None => SurveyLink::Unknown,
            Some((true, _, _)) => SurveyLink::Answered,
            Some((false, true, _)) => SurveyLink::Expired,
            Some((false, false, closed_on)) => SurveyLink::Open { closed_on },
        },
    )
}

/// Records the company's answer, once.
pub async fn answer(pool: &PgPool, token: &str, form: &SurveyForm) -> Result<(), SurveyRefused> {
    let answer = form.validate().map_err(SurveyRefused::Invalid)?;
    let digest = token_digest(token);
    let mut conn = pool.acquire().await?;
    if db::surveys::answer(&mut conn, &digest, &answer)
        .await?
        .is_some()
    {
        return Ok(());
    }
    match db::surveys::by_link(pool, &digest).await? {
        None => Err(SurveyRefused::NotFound),
        Some((answered, _, _)) => Err(SurveyRefused::Gone { answered }),
    }
}

/// The e-mail with the link, in the company's language.
fn invitation(invited: &db::surveys::Invited, token: &str, site: &str) -> Mail {
    let lang = Lang::from_code(&invited.language).unwrap_or_default();
    let link = match lang {
        Lang::Sv => format!("{site}{}", survey_page(token)),
        Lang::En => format!("{site}{}?lang=en", survey_page(token)),
    };
    let until = format_date(invited.valid_until, lang);
    let (subject, body) = match lang {
        Lang::Sv => (
            "Hur nöjd är du med kommunens service?".to_string(),
            format!(
                "Hej {name},\n\n\
                 Ert ärende hos Norrtälje kommun är avslutat. Vi vill gärna veta hur nöjd du \
                 är med vår service: sju frågor, en minut.\n\n{link}\n\n\
                 Svaren är anonyma: de räknas samman med andras och visas aldrig med ert namn. \
                 Länken kan användas en gång och gäller till och med {until}.\n\n\
                 Det här mejlet skickades av Markkartan ({site}).\n",
                name = invited.contact_name,
            ),
        ),
        Lang::En => (
            "How satisfied are you with the municipality's service?".to_string(),
            format!(
                "Hello {name},\n\n\
                 Your case with Norrtälje Municipality is closed. We would like to know how \
                 satisfied you are with our service: seven questions, one minute.\n\n{link}\n\n\
                 The answers are anonymous: they are counted together with others' and never \
                 shown with your name. The link works once and holds until {until} inclusive.\n\n\
                 This e-mail was sent by Markkartan ({site}).\n",
                name = invited.contact_name,
            ),
        ),
    };
    Mail {
        kind: MailKind::Survey,
        interest_id: Some(invited.interest_id),
        booking_id: None,
        proposal_id: None,
        to_name: invited.contact_name.clone(),
        to_address: invited.email.clone(),
        subject,
        body,
        calendar: None,
    }
}
