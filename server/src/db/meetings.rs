//! Bookable meetings (`meeting_slots`, `meeting_bookings`): the free times offered, a booking
//! taken in one statement (a unique index lets only one booking of a time stand), cancelling,
//! publishing times under a lock on the person, and emptying old bookings' personal data.

use chrono::NaiveDateTime;
use markkartan_app::domain::{
    BOOKING_HORIZON_DAYS, BookedMeeting, FreeSlot, StaffSlot, ValidBooking, ValidSlots,
};
use sqlx::{PgConnection, PgPool};

/// A booking's row as the server needs it (the page's view and the e-mails').
const BOOKED: &str = "SELECT b.id,
        s.starts_at AT TIME ZONE 'Europe/Stockholm' AS starts_at,
        s.ends_at AT TIME ZONE 'Europe/Stockholm' AS ends_at,
        s.kind, c.name AS contact_name, c.phone AS contact_phone, c.email AS contact_email,
        b.subject, b.company_name, b.language,
        b.cancelled_at AT TIME ZONE 'Europe/Stockholm' AS cancelled_at
   FROM meeting_bookings b
   JOIN meeting_slots s ON s.id = b.slot_id
   JOIN contact_persons c ON c.id = s.contact_id";

/// A contact person's free times from now on, within the horizon, the first first.
pub async fn free_slots(pool: &PgPool, contact_id: i64) -> Result<Vec<FreeSlot>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.starts_at AT TIME ZONE 'Europe/Stockholm' AS starts_at,
                s.ends_at AT TIME ZONE 'Europe/Stockholm' AS ends_at, s.kind
           FROM meeting_slots s
          WHERE s.contact_id = $1 AND s.starts_at > now()
            AND s.starts_at < now() + make_interval(days => $2::int)
            AND NOT EXISTS (SELECT 1 FROM meeting_bookings b
                             WHERE b.slot_id = s.id AND b.cancelled_at IS NULL)
          ORDER BY s.starts_at
          LIMIT 200",
    )
    .bind(contact_id)
    .bind(BOOKING_HORIZON_DAYS as i32)
    .fetch_all(pool)
    .await
}

/// Books a time that is still to come, in one statement: when another booking of it stands
/// (or is being made at this moment), none. The unique index on a standing booking's time
/// decides between two companies booking it at once.
pub async fn book(
    conn: &mut PgConnection,
    booking: &ValidBooking,
    subject: &str,
    token_digest: &[u8],
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO meeting_bookings (slot_id, company_name, contact_name, email, phone, message,
                                       subject, plot_id, question, language, token_digest,
                                       interest_id)
         SELECT s.id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
           FROM meeting_slots s
          WHERE s.id = $1 AND s.starts_at > now()
            AND ($13::bigint IS NULL OR s.contact_id = $13)
         ON CONFLICT (slot_id) WHERE cancelled_at IS NULL DO NOTHING
         RETURNING id",
    )
    .bind(booking.slot_id)
    .bind(&booking.company_name)
    .bind(&booking.contact_name)
    .bind(&booking.email)
    .bind(&booking.phone)
    .bind(&booking.message)
    .bind(subject)
    .bind(booking.plot_id)
    .bind(booking.question)
    .bind(booking.lang.code())
    .bind(token_digest)
    .bind(booking.interest_id)
    .bind(booking.contact_id)
    .fetch_optional(conn)
    .await
}

/// The booking a company's link holds.
pub async fn by_token(
    conn: &mut PgConnection,
    token_digest: &[u8],
) -> Result<Option<BookedMeeting>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{BOOKED} WHERE b.token_digest = $1 AND b.personal_data_deleted_at IS NULL"
    ))
    .bind(token_digest)
    .fetch_optional(conn)
    .await
}

/// One booking, by id.
pub async fn by_id(conn: &mut PgConnection, id: i64) -> Result<Option<BookedMeeting>, sqlx::Error> {
    sqlx::query_as(&format!("{BOOKED} WHERE b.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The company's and the contact person's details for the e-mails about a booking:
/// (company contact's name, e-mail, phone, message, question).
pub async fn booker(
    conn: &mut PgConnection,
    id: i64,
) -> Result<
    (
        String,
        String,
        String,
        String,
        markkartan_app::domain::QuestionKind,
    ),
    sqlx::Error,
> {
    sqlx::query_as(
        "SELECT contact_name, email, phone, message, question FROM meeting_bookings WHERE id = $1",
    )
    .bind(id)
    .fetch_one(conn)
    .await
}

/// Cancels a standing booking (by the company's token or by staff, by id); the booking's id
/// when this call cancelled it, none when it was cancelled already or does not exist.
/// Cancels a standing booking: its id and the case it belongs to, if any.
pub async fn cancel(
    conn: &mut PgConnection,
    by_token: Option<&[u8]>,
    by_id: Option<i64>,
) -> Result<Option<(i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE meeting_bookings
            SET cancelled_at = now(),
                cancelled_by = CASE WHEN $1::bytea IS NOT NULL THEN 'company' ELSE 'staff' END
          WHERE cancelled_at IS NULL AND personal_data_deleted_at IS NULL
            AND (token_digest = $1 OR id = $2)
      RETURNING id, interest_id",
    )
    .bind(by_token)
    .bind(by_id)
    .fetch_optional(conn)
    .await
}

/// Why times were not published.
pub enum NotPublished {
    NoSuchContact,
    /// A time starts before now.
    Past,
    /// A time overlaps one the person already has, starting then.
    Overlaps(NaiveDateTime),
}

/// Publishes times for a contact person: under a lock on the person, so two staff publishing
/// overlapping times at once cannot both succeed; refused whole when one overlaps what the
/// person has or has passed. The number published.
pub async fn publish(
    conn: &mut PgConnection,
    slots: &ValidSlots,
    account_id: i64,
) -> Result<Result<u64, NotPublished>, sqlx::Error> {
    let locked: Option<i64> =
        sqlx::query_scalar("SELECT id FROM contact_persons WHERE id = $1 FOR UPDATE")
            .bind(slots.contact_id)
            .fetch_optional(&mut *conn)
            .await?;
    if locked.is_none() {
        return Ok(Err(NotPublished::NoSuchContact));
    }
    let starts: Vec<NaiveDateTime> = slots.times.iter().map(|t| t.0).collect();
    let ends: Vec<NaiveDateTime> = slots.times.iter().map(|t| t.1).collect();
    let (past, overlap): (bool, Option<NaiveDateTime>) = sqlx::query_as(
        "WITH new AS (SELECT s AT TIME ZONE 'Europe/Stockholm' AS starts_at,
                             e AT TIME ZONE 'Europe/Stockholm' AS ends_at
                        FROM unnest($2::timestamp[], $3::timestamp[]) AS t(s, e))
         SELECT coalesce(bool_or(n.starts_at <= now()), false),
                min(n.starts_at AT TIME ZONE 'Europe/Stockholm')
                  FILTER (WHERE EXISTS (SELECT 1 FROM meeting_slots m
                                         WHERE m.contact_id = $1
                                           AND m.starts_at < n.ends_at AND n.starts_at < m.ends_at))
           FROM new n",
    )
    .bind(slots.contact_id)
    .bind(&starts)
    .bind(&ends)
    .fetch_one(&mut *conn)
    .await?;
    if past {
        return Ok(Err(NotPublished::Past));
    }
    if let Some(at) = overlap {
        return Ok(Err(NotPublished::Overlaps(at)));
    }
    let published = sqlx::query(
        "INSERT INTO meeting_slots (contact_id, kind, starts_at, ends_at, published_by)
         SELECT $1, $2, s AT TIME ZONE 'Europe/Stockholm', e AT TIME ZONE 'Europe/Stockholm', $4
           FROM unnest($3::timestamp[], $5::timestamp[]) AS t(s, e)",
    )
    .bind(slots.contact_id)
    .bind(slots.kind)
    .bind(&starts)
    .bind(account_id)
    .bind(&ends)
    .execute(&mut *conn)
    .await?;
    Ok(Ok(published.rows_affected()))
}

/// Removes a time nobody has booked (in one statement: a booking made at the same moment keeps
/// it). Whether it was removed.
pub async fn remove_free_slot(pool: &PgPool, id: i64) -> Result<bool, sqlx::Error> {
    let removed = sqlx::query(
        "DELETE FROM meeting_slots s WHERE s.id = $1
            AND NOT EXISTS (SELECT 1 FROM meeting_bookings b
                             WHERE b.slot_id = s.id AND b.cancelled_at IS NULL)",
    )
    .bind(id)
    .execute(pool)
    .await?;
    Ok(removed.rows_affected() == 1)
}

/// The times from today on, with their standing bookings, for the workspace.
pub async fn coming(pool: &PgPool) -> Result<Vec<StaffSlot>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, c.name || ' (' || c.organisation || ')' AS contact,
                s.starts_at AT TIME ZONE 'Europe/Stockholm' AS starts_at,
                s.ends_at AT TIME ZONE 'Europe/Stockholm' AS ends_at, s.kind,
                b.id AS booking_id, b.company_name, b.contact_name AS booked_by, b.email, b.phone,
                b.subject, b.message
           FROM meeting_slots s
           JOIN contact_persons c ON c.id = s.contact_id
           LEFT JOIN meeting_bookings b ON b.slot_id = s.id AND b.cancelled_at IS NULL
          WHERE s.ends_at > date_trunc('day', now() AT TIME ZONE 'Europe/Stockholm')
                              AT TIME ZONE 'Europe/Stockholm'
          ORDER BY s.starts_at, c.name
          LIMIT 1000",
    )
    .fetch_all(pool)
    .await
}

/// Empties the personal data of bookings whose meeting (or cancellation) lies more than
/// `months` back, and deletes their e-mails. The number emptied.
pub async fn delete_expired_personal_data(pool: &PgPool, months: u32) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let expired: Vec<i64> = sqlx::query_scalar(
        "SELECT b.id FROM meeting_bookings b JOIN meeting_slots s ON s.id = b.slot_id
          WHERE b.personal_data_deleted_at IS NULL
            AND least(s.ends_at, coalesce(b.cancelled_at, s.ends_at))
                < now() - make_interval(months => $1::int)
          FOR UPDATE OF b",
    )
    .bind(months as i32)
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM outgoing_mail WHERE booking_id = ANY($1)")
        .bind(&expired)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE meeting_bookings
            SET company_name = '', contact_name = '', email = '', phone = '', message = '',
                personal_data_deleted_at = now()
          WHERE id = ANY($1)",
    )
    .bind(&expired)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(expired.len() as u64)
}
