//! The e-mail queue (`outgoing_mail`): queueing, claiming what is due, and recording the outcome.

use markkartan_app::domain::CaseMail;
use sqlx::{PgConnection, PgPool};

use crate::mail::{Mail, QueuedMail};

/// A claimed message is the worker's for this long; then another may try it.
const LEASE: &str = "2 minutes";

pub async fn insert(conn: &mut PgConnection, mail: &Mail) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO outgoing_mail (kind, interest_id, booking_id, to_name, to_address, subject,
                                    body, calendar, proposal_id)
         VALUES ($1, $2, $7, $3, $4, $5, $6, $8, $9) RETURNING id",
    )
    .bind(mail.kind)
    .bind(mail.interest_id)
    .bind(&mail.to_name)
    .bind(&mail.to_address)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(mail.booking_id)
    .bind(&mail.calendar)
    .bind(mail.proposal_id)
    .fetch_one(conn)
    .await
}

/// Claims up to `limit` messages that are due and not held by another worker, in the order
/// queued, counting the attempt: in one statement, so two workers never claim the same one.
pub async fn claim_due(pool: &PgPool, limit: i64) -> Result<Vec<QueuedMail>, sqlx::Error> {
    sqlx::query_as(&format!(
        "UPDATE outgoing_mail m
            SET claimed_until = now() + interval '{LEASE}', attempts = m.attempts + 1
          WHERE m.id IN (SELECT id FROM outgoing_mail
                          WHERE sent_at IS NULL AND next_attempt_at <= now()
                            AND (claimed_until IS NULL OR claimed_until < now())
                          ORDER BY id
                          LIMIT $1
                          FOR UPDATE SKIP LOCKED)
      RETURNING m.id, m.to_name, m.to_address, m.subject, m.body, m.calendar, m.attempts"
    ))
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub async fn mark_sent(pool: &PgPool, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outgoing_mail SET sent_at = now(), claimed_until = NULL, last_error = NULL
          WHERE id = $1",
    )
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Records a failed attempt; the next waits a minute, doubling with each attempt up to an hour.
pub async fn mark_failed(pool: &PgPool, id: i64, problem: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outgoing_mail
            SET claimed_until = NULL, last_error = left($2, 1000),
                next_attempt_at = now() + least(interval '1 minute' * power(2, least(attempts, 12) - 1),
                                                interval '1 hour')
          WHERE id = $1",
    )
    .bind(id)
    .bind(problem)
    .execute(pool)
    .await?;
    Ok(())
}

/// The e-mails of one case, the first queued first.
pub async fn of_case(pool: &PgPool, interest_id: i64) -> Result<Vec<CaseMail>, sqlx::Error> {
    sqlx::query_as(
        "SELECT to_name, to_address, subject, body,
                queued_at AT TIME ZONE 'Europe/Stockholm' AS queued_at,
                sent_at AT TIME ZONE 'Europe/Stockholm' AS sent_at,
                attempts, last_error
           FROM outgoing_mail WHERE interest_id = $1 ORDER BY id",
    )
    .bind(interest_id)
    .fetch_all(pool)
    .await
}
