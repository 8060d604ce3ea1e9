//! Proposals for one company (`proposals`, `proposal_items`): drafting, sending, revoking, the
//! company's link and its marks. Every change to a proposal takes its row lock first
//! ([`lock`]), so a draft is never changed after it is sent, nor a link used after it is
//! revoked.

use markkartan_app::domain::{ItemRef, ProposalSummary, ProposalVerdict, ProposedFutureArea};
use sqlx::{PgConnection, PgPool};

const SELECT_SUMMARY: &str = "
    SELECT p.id, p.created_at AT TIME ZONE 'Europe/Stockholm' AS created_at,
           p.sent_at AT TIME ZONE 'Europe/Stockholm' AS sent_at,
           p.expires_at AT TIME ZONE 'Europe/Stockholm' AS expires_at,
           p.revoked_at AT TIME ZONE 'Europe/Stockholm' AS revoked_at,
           coalesce(p.expires_at <= now(), false) AS expired,
           p.first_opened_at AT TIME ZONE 'Europe/Stockholm' AS first_opened_at,
           p.last_opened_at AT TIME ZONE 'Europe/Stockholm' AS last_opened_at,
           (SELECT count(*) FROM proposal_items i WHERE i.proposal_id = p.id) AS items,
           (SELECT count(*) FROM proposal_items i
             WHERE i.proposal_id = p.id AND i.verdict = 'interesting') AS interesting,
           (SELECT count(*) FROM proposal_items i
             WHERE i.proposal_id = p.id AND i.verdict = 'not_interesting') AS not_interesting
      FROM proposals p";

/// A case's proposals, the newest first.
pub async fn of_case(pool: &PgPool, interest_id: i64) -> Result<Vec<ProposalSummary>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT_SUMMARY} WHERE p.interest_id = $1 ORDER BY p.id DESC"
    ))
    .bind(interest_id)
    .fetch_all(pool)
    .await
}

/// A proposal as the guide edits it.
#[derive(sqlx::FromRow)]
pub struct Proposal {
    pub interest_id: i64,
    pub company_name: String,
    /// The case's language: the company's page and e-mail are in it.
    pub language: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub letter: String,
    pub contact_id: Option<i64>,
    pub valid_days: i16,
    pub sent: bool,
    /// Sent, not revoked and not expired.
    pub live: bool,
    pub revoked: bool,
    pub first_opened: bool,
    /// The last day the link holds, Swedish date (once sent).
    pub valid_until: Option<chrono::NaiveDate>,
}

const SELECT_PROPOSAL: &str = "
    SELECT p.interest_id, i.company_name, i.language::text AS language, i.contact_name, i.email, i.phone,
           p.letter, p.contact_id, p.valid_days, p.sent_at IS NOT NULL AS sent,
           coalesce(p.revoked_at IS NULL AND p.expires_at > now(), false) AS live,
           p.revoked_at IS NOT NULL AS revoked, p.first_opened_at IS NOT NULL AS first_opened,
           (p.expires_at AT TIME ZONE 'Europe/Stockholm')::date AS valid_until
      FROM proposals p JOIN interests i ON i.id = p.interest_id";

pub async fn one(
    pool: &PgPool,
    id: i64,
) -> Result<Option<(ProposalSummary, Proposal)>, sqlx::Error> {
    let summary: Option<ProposalSummary> =
        sqlx::query_as(&format!("{SELECT_SUMMARY} WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?;
    let Some(summary) = summary else {
        return Ok(None);
    };
    let proposal = sqlx::query_as(&format!("{SELECT_PROPOSAL} WHERE p.id = $1"))
        .bind(id)
        .fetch_one(pool)
        .await?;
    Ok(Some((summary, proposal)))
}

/// Takes the proposal's row lock until the transaction ends: the one way every change to a
/// proposal begins. `None` when there is no such proposal.
pub async fn lock(conn: &mut PgConnection, id: i64) -> Result<Option<Proposal>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT_PROPOSAL} WHERE p.id = $1 FOR UPDATE OF p"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The proposal a company's link holds, under its row lock (a revocation waits for what the
/// company does, and the company for it). `None` when no proposal has the link.
pub async fn by_link(
    conn: &mut PgConnection,
    digest: &[u8],
) -> Result<Option<(i64, Proposal)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        #[sqlx(flatten)]
        proposal: Proposal,
    }
    let row: Option<Row> = sqlx::query_as(&format!(
        "{} WHERE p.token_digest = $1 FOR UPDATE OF p",
        SELECT_PROPOSAL.replacen("SELECT p.interest_id", "SELECT p.id, p.interest_id", 1)
    ))
    .bind(digest)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| (r.id, r.proposal)))
}

/// A new draft for the case, naming the case's contact person; `None` when there is no such
/// case (or its personal data is deleted).
pub async fn create(
    conn: &mut PgConnection,
    interest_id: i64,
    account_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO proposals (interest_id, contact_id, created_by)
         SELECT id, owner_id, $2 FROM interests
          WHERE id = $1 AND personal_data_deleted_at IS NULL
         RETURNING id",
    )
    .bind(interest_id)
    .bind(account_id)
    .fetch_optional(conn)
    .await
}

/// Whether a contact person has this id.
pub async fn contact_exists(conn: &mut PgConnection, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM contact_persons WHERE id = $1)")
        .bind(id)
        .fetch_one(conn)
        .await
}

pub async fn save_letter(
    conn: &mut PgConnection,
    id: i64,
    letter: &str,
    contact_id: Option<i64>,
    valid_days: i16,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE proposals SET letter = $2, contact_id = $3, valid_days = $4 WHERE id = $1")
        .bind(id)
        .bind(letter)
        .bind(contact_id)
        .bind(valid_days)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many items the proposal has.
pub async fn item_count(conn: &mut PgConnection, id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM proposal_items WHERE proposal_id = $1")
        .bind(id)
        .fetch_one(conn)
        .await
}

/// What adding an item came to.
pub enum Added {
    Done,
    /// It is in the proposal already.
    Already,
    /// No published plot (for sale) or future area has the id.
    NotPublished,
}

pub async fn add_item(
    conn: &mut PgConnection,
    id: i64,
    item: ItemRef,
    note: &str,
) -> Result<Added, sqlx::Error> {
    let (plot, area) = match item {
        ItemRef::Plot(plot) => (Some(plot), None),
        ItemRef::FutureArea(area) => (None, Some(area)),
    };
    let published: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM plots WHERE id = $1 AND published
                          AND status NOT IN ('sold', 'not_for_sale'))
             OR EXISTS (SELECT 1 FROM published_future_areas WHERE id = $2)",
    )
    .bind(plot)
    .bind(area)
    .fetch_one(&mut *conn)
    .await?;
    if !published {
        return Ok(Added::NotPublished);
    }
    let inserted = sqlx::query(
        "INSERT INTO proposal_items (proposal_id, plot_id, future_area_id, note)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(plot)
    .bind(area)
    .bind(note)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(if inserted == 1 {
        Added::Done
    } else {
        Added::Already
    })
}

pub async fn remove_item(conn: &mut PgConnection, id: i64, item: i64) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM proposal_items WHERE proposal_id = $1 AND id = $2")
            .bind(id)
            .bind(item)
            .execute(conn)
            .await?
            .rows_affected()
            == 1,
    )
}

/// Sends a locked draft: its link's digest, and the end it holds until.
pub async fn send(
    conn: &mut PgConnection,
    id: i64,
    account_id: i64,
    digest: &[u8],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE proposals
            SET sent_at = now(), sent_by = $2, token_digest = $3,
                expires_at = now() + make_interval(days => valid_days)
          WHERE id = $1 AND sent_at IS NULL",
    )
    .bind(id)
    .bind(account_id)
    .bind(digest)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn revoke(conn: &mut PgConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE proposals SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records that the company opened its link now (the proposal locked by [`by_link`]).
pub async fn record_opening(conn: &mut PgConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE proposals
            SET first_opened_at = coalesce(first_opened_at, now()), last_opened_at = now()
          WHERE id = $1",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// One stored item: its id, what it is, its note and mark, and the name it had when read
/// (the plot's designation or the area's name, whether or not still published).
#[derive(sqlx::FromRow)]
pub struct ItemRow {
    pub id: i64,
    pub plot_id: Option<i64>,
    pub future_area_id: Option<i64>,
    pub note: String,
    pub verdict: Option<ProposalVerdict>,
    pub name: String,
}

pub async fn items(pool: &PgPool, id: i64) -> Result<Vec<ItemRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.id, i.plot_id, i.future_area_id, i.note, i.verdict,
                coalesce(r.designation, f.name, '') AS name
           FROM proposal_items i
           LEFT JOIN plot_records r ON r.id = i.plot_id
           LEFT JOIN future_areas f ON f.id = i.future_area_id
          WHERE i.proposal_id = $1 ORDER BY i.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

/// A published future area's public facts.
pub async fn future_area(
    pool: &PgPool,
    id: i64,
) -> Result<Option<ProposedFutureArea>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, intended_use, intended_use_en, horizon_from_year, horizon_to_year,
                description, description_en
           FROM published_future_areas WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Published future areas to add: (id, name).
pub async fn future_area_choices(pool: &PgPool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM published_future_areas ORDER BY name, id")
        .fetch_all(pool)
        .await
}

/// Marks an item of the proposal; the item's name when the mark changed, `None` when it was
/// already so or the proposal has no such item (told apart by [`has_item`]).
pub async fn mark(
    conn: &mut PgConnection,
    id: i64,
    item: i64,
    verdict: ProposalVerdict,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE proposal_items i SET verdict = $3, verdict_at = now()
           FROM proposal_items named
           LEFT JOIN plot_records r ON r.id = named.plot_id
           LEFT JOIN future_areas f ON f.id = named.future_area_id
          WHERE i.proposal_id = $1 AND i.id = $2 AND named.id = i.id
            AND i.verdict IS DISTINCT FROM $3
         RETURNING coalesce(r.designation, 'framtida området ' || f.name, '')",
    )
    .bind(id)
    .bind(item)
    .bind(verdict)
    .fetch_optional(conn)
    .await
}

pub async fn has_item(conn: &mut PgConnection, id: i64, item: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM proposal_items WHERE proposal_id = $1 AND id = $2)",
    )
    .bind(id)
    .bind(item)
    .fetch_one(conn)
    .await
}

/// The named contact's name and e-mail.
pub async fn contact(
    conn: &mut PgConnection,
    id: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT name, email FROM contact_persons WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}
