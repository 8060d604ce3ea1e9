//! The service survey (server/src/surveys.rs): one per closed case, a single-use link that
//! expires, and the answer.

use chrono::NaiveDate;
use markkartan_app::domain::SurveyAnswer;
use sqlx::{PgConnection, PgPool};

/// A survey just created, with what its e-mail needs.
#[derive(Debug, sqlx::FromRow)]
pub struct Invited {
    pub interest_id: i64,
    pub contact_name: String,
    pub email: String,
    pub language: String,
    pub valid_until: NaiveDate,
}

/// Creates the survey of a closed case, counted under its business area (or its plot's) and
/// the organisation of the contact person who answers it; `None` when the case has one already
/// (a case closed again is not asked twice) or its personal data is gone.
pub async fn invite(
    conn: &mut PgConnection,
    interest_id: i64,
    token_digest: &[u8],
    valid_days: i64,
) -> Result<Option<Invited>, sqlx::Error> {
    sqlx::query_as(
        "WITH invited AS (
             INSERT INTO surveys (interest_id, token_digest, business_area_id, department, expires_at)
             SELECT i.id, $2, coalesce(i.business_area_id, p.business_area_id),
                    coalesce(o.organisation, ''), now() + make_interval(days => $3::int)
               FROM interests i
               LEFT JOIN plot_records p ON p.id = i.plot_id
               LEFT JOIN contact_persons o ON o.id = i.owner_id
              WHERE i.id = $1 AND i.status = 'closed' AND i.personal_data_deleted_at IS NULL
             ON CONFLICT (interest_id) DO NOTHING
             RETURNING interest_id, expires_at
         )
         SELECT v.interest_id, i.contact_name, i.email,
                i.language::text AS language,
                (v.expires_at AT TIME ZONE 'Europe/Stockholm')::date AS valid_until
           FROM invited v JOIN interests i ON i.id = v.interest_id",
    )
    .bind(interest_id)
    .bind(token_digest)
    .bind(valid_days as i32)
    .fetch_optional(conn)
    .await
}

/// Where a survey link stands: (answered, expired, the day its case closed).
pub async fn by_link(
    pool: &PgPool,
    token_digest: &[u8],
) -> Result<Option<(bool, bool, NaiveDate)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.answered_at IS NOT NULL, s.expires_at <= now(),
                (coalesce(i.closed_at, s.sent_at) AT TIME ZONE 'Europe/Stockholm')::date
           FROM surveys s JOIN interests i ON i.id = s.interest_id
          WHERE s.token_digest = $1",
    )
    .bind(token_digest)
    .fetch_optional(pool)
    .await
}

/// Records the answer if the link is unanswered and unexpired, in one statement, so that two
/// answers sent at once count once; the case it answered, or `None`.
pub async fn answer(
    conn: &mut PgConnection,
    token_digest: &[u8],
    answer: &SurveyAnswer,
) -> Result<Option<i64>, sqlx::Error> {
    let [
        information,
        accessibility,
        treatment,
        competence,
        legal_certainty,
        efficiency,
        overall,
    ] = answer.scores;
    sqlx::query_scalar(
        "UPDATE surveys
            SET answered_at = now(), information = $2, accessibility = $3, treatment = $4,
                competence = $5, legal_certainty = $6, efficiency = $7, overall = $8,
                comment = $9
          WHERE token_digest = $1 AND answered_at IS NULL AND expires_at > now()
          RETURNING interest_id",
    )
    .bind(token_digest)
    .bind(information)
    .bind(accessibility)
    .bind(treatment)
    .bind(competence)
    .bind(legal_certainty)
    .bind(efficiency)
    .bind(overall)
    .bind(&answer.comment)
    .fetch_optional(conn)
    .await
}

/// Empties the comments of these cases (their personal data's retention ended).
pub async fn delete_comments(
    conn: &mut PgConnection,
    interest_ids: &[i64],
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE surveys SET comment = '' WHERE interest_id = ANY($1) AND comment <> ''")
        .bind(interest_ids)
        .execute(conn)
        .await?;
    Ok(())
}
