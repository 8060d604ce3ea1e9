//! Plots as staff see and change them, and their history.

use markkartan_app::domain::{
    ContactChoice, FieldChange, HistoryEntry, PlotChoice, PlotEdit, StaffPlot,
};
use sqlx::{PgConnection, PgPool, types::Json};

const SELECT_STAFF_PLOT: &str = "
    SELECT p.id, p.designation, a.name AS business_area, l.name AS locality, p.area_m2,
           p.status, p.reserved_until, p.reserved_for, p.price_sek_per_m2, p.permitted_uses,
           p.water_sewage, p.electrical_capacity_kw, p.district_heating, p.fiber,
           p.public_description, p.public_description_en, p.internal_notes, p.contact_person_id, p.published,
           p.version, p.updated_at AT TIME ZONE 'Europe/Stockholm' AS updated_at
      FROM plots p
      JOIN business_areas a ON a.id = p.business_area_id
      JOIN localities l ON l.id = a.locality_id";

/// Every plot, published or not, by locality, area and designation.
pub async fn all(pool: &PgPool) -> Result<Vec<StaffPlot>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT_STAFF_PLOT} ORDER BY l.name, a.name, p.designation"
    ))
    .fetch_all(pool)
    .await
}

pub async fn one(pool: &PgPool, id: i64) -> Result<Option<StaffPlot>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT_STAFF_PLOT} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// A retired plot: its designation, when it was retired (Swedish time) and the plot it was merged
/// into (`None` when it is not retired).
pub async fn retired(
    pool: &PgPool,
    id: i64,
) -> Result<Option<(String, chrono::NaiveDateTime, Option<PlotChoice>)>, sqlx::Error> {
    let row: Option<(String, chrono::NaiveDateTime, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT r.designation, r.retired_at AT TIME ZONE 'Europe/Stockholm',
                    i.id, i.designation
               FROM plot_records r LEFT JOIN plot_records i ON i.id = r.retired_into
              WHERE r.id = $1 AND r.retired_at IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(
        row.map(|(designation, retired_at, into_id, into_designation)| {
            let merged_into = into_id
                .zip(into_designation)
                .map(|(id, designation)| PlotChoice { id, designation });
            (designation, retired_at, merged_into)
        }),
    )
}

/// The plot, locked until the transaction ends: concurrent saves of it queue here.
pub async fn lock(conn: &mut PgConnection, id: i64) -> Result<Option<StaffPlot>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT_STAFF_PLOT} WHERE p.id = $1 FOR UPDATE OF p"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Writes the edit and returns the plot's new version.
pub async fn update(conn: &mut PgConnection, id: i64, edit: &PlotEdit) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE plots
            SET status = $2, reserved_until = $3, reserved_for = $4, price_sek_per_m2 = $5,
                permitted_uses = $6, water_sewage = $7, electrical_capacity_kw = $8,
                district_heating = $9, fiber = $10, public_description = $11,
                internal_notes = $12, contact_person_id = $13, public_description_en = $14,
                version = version + 1,
                -- The public's \"last updated\": only what the public sees moves it (not the
                -- internal notes, nor who holds a reservation).
                updated_at = CASE
                    WHEN (status, reserved_until, price_sek_per_m2, permitted_uses, water_sewage,
                          electrical_capacity_kw, district_heating, fiber, public_description,
                          contact_person_id, public_description_en)
                         IS DISTINCT FROM ($2, $3, $5, $6, $7, $8, $9, $10, $11, $13, $14)
                    THEN now() ELSE updated_at END
          WHERE id = $1
          RETURNING version",
    )
    .bind(id)
    .bind(edit.status)
    .bind(edit.reserved_until)
    .bind(&edit.reserved_for)
    .bind(edit.price_sek_per_m2)
    .bind(&edit.permitted_uses)
    .bind(edit.water_sewage)
    .bind(edit.electrical_capacity_kw)
    .bind(edit.district_heating)
    .bind(edit.fiber)
    .bind(&edit.public_description)
    .bind(&edit.internal_notes)
    .bind(edit.contact_person_id)
    .bind(&edit.public_description_en)
    .fetch_one(conn)
    .await
}

pub async fn record_history(
    conn: &mut PgConnection,
    plot_id: i64,
    account_id: Option<i64>,
    version: i32,
    changes: &[FieldChange],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO plot_history (plot_id, account_id, version, changes) VALUES ($1, $2, $3, $4)",
    )
    .bind(plot_id)
    .bind(account_id)
    .bind(version)
    .bind(Json(changes))
    .execute(conn)
    .await
    .map(|_| ())
}

type HistoryRow = (
    i32,
    chrono::NaiveDateTime,
    Option<String>,
    Json<Vec<FieldChange>>,
);

fn entry((version, changed_at, changed_by, Json(changes)): HistoryRow) -> HistoryEntry {
    HistoryEntry {
        version,
        changed_at,
        changed_by,
        changes,
    }
}

/// The plot's changes after `after_version`, newest first (all of them for 0).
pub async fn history(
    conn: &mut PgConnection,
    plot_id: i64,
    after_version: i32,
) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "SELECT h.version, h.changed_at AT TIME ZONE 'Europe/Stockholm', a.name, h.changes
           FROM plot_history h LEFT JOIN accounts a ON a.id = h.account_id
          WHERE h.plot_id = $1 AND h.version > $2
          ORDER BY h.version DESC",
    )
    .bind(plot_id)
    .bind(after_version)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(entry).collect())
}

pub async fn contacts(pool: &PgPool) -> Result<Vec<ContactChoice>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM contact_persons ORDER BY name")
        .fetch_all(pool)
        .await
}

pub async fn contact_exists(conn: &mut PgConnection, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM contact_persons WHERE id = $1)")
        .bind(id)
        .fetch_one(conn)
        .await
}
