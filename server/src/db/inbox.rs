//! The staff's interest inbox: listing, handling, notes, and deleting personal data after the
//! retention period.

use markkartan_app::domain::{Colleague, InboxFilter, InboxItem, InterestNote, InterestUpdate};
use sqlx::{PgConnection, PgPool};

const SELECT_ITEM: &str = "
    SELECT i.id, i.created_at AT TIME ZONE 'Europe/Stockholm' AS created_at, i.status, i.company_name, i.org_number::text AS org_number,
           i.contact_name, i.email, i.phone, p.designation AS plot, i.plot_id,
           a.name AS business_area,
           coalesce('Detaljplan ' || d.name, 'Framtida område ' || f.name) AS planning,
           round(ST_Y(ST_Transform(i.place, 4326))::numeric, 5) || ',' ||
               round(ST_X(ST_Transform(i.place, 4326))::numeric, 5) AS place,
           i.wanted_area_m2, i.wanted_start, i.message,
           i.language::text AS language, i.assigned_to AS assigned_to_id,
           h.name AS assigned_to, i.question, i.owner_id,
           o.name || ' (' || o.organisation || ')' AS owner,
           i.closed_at AT TIME ZONE 'Europe/Stockholm' AS closed_at,
           i.personal_data_deleted_at AT TIME ZONE 'Europe/Stockholm' AS personal_data_deleted_at,
           i.outcome
      FROM interests i
      -- A plot merged into another since is retired, and still named here.
      LEFT JOIN plot_records p ON p.id = i.plot_id
      LEFT JOIN business_areas a ON a.id = i.business_area_id
      LEFT JOIN detailed_plans d ON d.id = i.detailed_plan_id
      LEFT JOIN future_areas f ON f.id = i.future_area_id
      LEFT JOIN accounts h ON h.id = i.assigned_to
      LEFT JOIN contact_persons o ON o.id = i.owner_id";

/// Interests matching the filter, newest first.
pub async fn list(pool: &PgPool, filter: &InboxFilter) -> Result<Vec<InboxItem>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT_ITEM}
          WHERE ($1::interest_status IS NULL OR i.status = $1)
            AND ($2::text IS NULL OR a.name = $2)
          ORDER BY i.created_at DESC, i.id DESC"
    ))
    .bind(filter.status)
    .bind(&filter.business_area)
    .fetch_all(pool)
    .await
}

pub async fn one(pool: &PgPool, id: i64) -> Result<Option<InboxItem>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT_ITEM} WHERE i.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn notes(pool: &PgPool, id: i64) -> Result<Vec<InterestNote>, sqlx::Error> {
    sqlx::query_as(
        "SELECT n.written_at AT TIME ZONE 'Europe/Stockholm' AS written_at, a.name AS written_by,
                n.text
           FROM interest_notes n LEFT JOIN accounts a ON a.id = n.account_id
          WHERE n.interest_id = $1 ORDER BY n.written_at DESC, n.id DESC",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

/// Business areas, for the inbox's filter.
pub async fn business_areas(pool: &PgPool) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM business_areas ORDER BY name")
        .fetch_all(pool)
        .await
}

/// Active accounts whose role handles interests.
pub async fn colleagues(pool: &PgPool) -> Result<Vec<Colleague>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name FROM accounts WHERE active AND role IN ('staff', 'admin') ORDER BY name",
    )
    .fetch_all(pool)
    .await
}

/// The contact persons a case can be handed to: (id, "name (organisation)").
pub async fn contact_choices(pool: &PgPool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name || ' (' || organisation || ')' FROM contact_persons ORDER BY name, id",
    )
    .fetch_all(pool)
    .await
}

/// A case handed over: who had it and who has it now (name, e-mail), with the company and what
/// it is about for the new owner's e-mail.
pub struct Handover {
    pub from: Option<String>,
    pub to: Option<(String, String)>,
    pub company: String,
    pub language: String,
}

/// What handing a case over came to.
pub enum HandedOver {
    Done(Handover),
    /// It was theirs already (or there is no such case).
    Unchanged,
    NoSuchContact,
}

/// Hands the case to `owner` (a contact person, or no one) if it is not theirs already, under
/// the case's row lock (so two handovers at once happen one after the other, each in the
/// history), and writes it into the case's history as the account's note.
pub async fn hand_over(
    conn: &mut PgConnection,
    id: i64,
    account_id: i64,
    owner: Option<i64>,
) -> Result<HandedOver, sqlx::Error> {
    let current: Option<(Option<i64>, Option<String>, String, String)> = sqlx::query_as(
        "SELECT i.owner_id, o.name || ' (' || o.organisation || ')', i.company_name, i.language::text
           FROM interests i LEFT JOIN contact_persons o ON o.id = i.owner_id
          WHERE i.id = $1 FOR UPDATE OF i",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((before, from, company, language)) = current else {
        return Ok(HandedOver::Unchanged);
    };
    if before == owner {
        return Ok(HandedOver::Unchanged);
    }
    let to: Option<(String, String, String)> = match owner {
        Some(owner) => {
            let Some(to) = sqlx::query_as(
                "SELECT name || ' (' || organisation || ')', name, email FROM contact_persons WHERE id = $1",
            )
            .bind(owner)
            .fetch_optional(&mut *conn)
            .await?
            else {
                return Ok(HandedOver::NoSuchContact);
            };
            Some(to)
        }
        None => None,
    };
    sqlx::query("UPDATE interests SET owner_id = $2, updated_at = now() WHERE id = $1")
        .bind(id)
        .bind(owner)
        .execute(&mut *conn)
        .await?;
    let note = format!(
        "Lämnade över ärendet till {}{}.",
        to.as_ref()
            .map(|(label, _, _)| label.as_str())
            .unwrap_or("ingen"),
        from.as_ref()
            .map(|f| format!(" (från {f})"))
            .unwrap_or_default()
    );
    write_history(conn, id, Some(account_id), &note).await?;
    Ok(HandedOver::Done(Handover {
        from,
        to: to.map(|(_, name, email)| (name, email)),
        company,
        language,
    }))
}

/// Writes a line into the case's history: by a staff account, or (`None`) by the company
/// through its proposal.
pub async fn write_history(
    conn: &mut PgConnection,
    interest_id: i64,
    account_id: Option<i64>,
    text: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO interest_notes (interest_id, account_id, text) VALUES ($1, $2, $3)")
        .bind(interest_id)
        .bind(account_id)
        .bind(text)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether an active account that handles interests has this id.
pub async fn colleague_exists(conn: &mut PgConnection, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE id = $1 AND active AND role IN ('staff', 'admin'))",
    )
    .bind(id)
    .fetch_one(conn)
    .await
}

/// Applies a handling update; `false` when there is no such interest. Closing stamps
/// `closed_at` (the retention period counts from it); reopening clears it.
pub async fn update(
    conn: &mut PgConnection,
    id: i64,
    account_id: i64,
    update: &InterestUpdate,
) -> Result<bool, sqlx::Error> {
    // The first contact is stamped by a trigger (migration 0037); an outcome is dated when it
    // changes, and kept when the form does not name one.
    let updated = sqlx::query(
        "UPDATE interests
            SET status = $2,
                assigned_to = (SELECT id FROM accounts WHERE id = $3 AND active),
                closed_at = CASE WHEN $2 = 'closed' THEN coalesce(closed_at, now()) END,
                outcome = CASE WHEN $4 THEN $5 ELSE outcome END,
                outcome_at = CASE WHEN NOT $4 OR outcome IS NOT DISTINCT FROM $5 THEN outcome_at
                                  WHEN $5 IS NULL THEN NULL ELSE now() END,
                updated_at = now()
          WHERE id = $1",
    )
    .bind(id)
    .bind(update.status)
    .bind(update.assigned_to)
    .bind(update.outcome.is_some())
    .bind(update.outcome.flatten())
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if updated && let Some(note) = &update.note {
        write_history(conn, id, Some(account_id), note).await?;
    }
    Ok(updated)
}

/// Deletes the personal data of interests closed more than `months` ago: contact name, e-mail,
/// phone, message, staff's notes, the case's e-mails and its survey's comment. Returns how many interests it cleared.
pub async fn delete_expired_personal_data(pool: &PgPool, months: u32) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let expired: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM interests
          WHERE status = 'closed' AND personal_data_deleted_at IS NULL
            AND closed_at < now() - make_interval(months => $1::int)
          FOR UPDATE",
    )
    .bind(months as i32)
    .fetch_all(&mut *tx)
    .await?;
    // A proposal holds the guide's letter to the company, and its link.
    sqlx::query("DELETE FROM proposals WHERE interest_id = ANY($1)")
        .bind(&expired)
        .execute(&mut *tx)
        .await?;
    super::surveys::delete_comments(&mut tx, &expired).await?;
    sqlx::query("DELETE FROM interest_notes WHERE interest_id = ANY($1)")
        .bind(&expired)
        .execute(&mut *tx)
        .await?;
    // The e-mails hold addresses and the company's message.
    sqlx::query("DELETE FROM outgoing_mail WHERE interest_id = ANY($1)")
        .bind(&expired)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE interests
            SET contact_name = '', email = '', phone = '', message = '',
                personal_data_deleted_at = now(), updated_at = now()
          WHERE id = ANY($1)",
    )
    .bind(&expired)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(expired.len() as u64)
}
