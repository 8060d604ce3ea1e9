//! Contact persons and who answers what (`responsibilities`), as admins keep them.

use markkartan_app::domain::{
    ContactPersonView, ContactProblem, QuestionKind, Responsibility, ValidContact,
};
use sqlx::{PgConnection, PgPool};

pub async fn all(pool: &PgPool) -> Result<Vec<ContactPersonView>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, title, title_en, organisation, phone, email, version, away_until,
                coalesce(away_until >= (now() AT TIME ZONE 'Europe/Stockholm')::date, false) AS away
           FROM contact_persons ORDER BY name, id",
    )
    .fetch_all(pool)
    .await
}

pub async fn business_areas(pool: &PgPool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM business_areas ORDER BY name")
        .fetch_all(pool)
        .await
}

pub async fn responsibilities(pool: &PgPool) -> Result<Vec<Responsibility>, sqlx::Error> {
    sqlx::query_as(
        "SELECT business_area_id, question, contact_person_id AS contact_id, deputy_id
           FROM responsibilities ORDER BY business_area_id NULLS FIRST, question",
    )
    .fetch_all(pool)
    .await
}

/// Why a contact person was not stored.
#[derive(Debug, thiserror::Error)]
pub enum ContactRefused {
    #[error("{}", .0.message)]
    Invalid(ContactProblem),
    #[error("another contact person has that e-mail address")]
    EmailTaken,
    #[error("the contact person was changed meanwhile")]
    Stale,
    #[error("no such contact person")]
    NotFound,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

fn taken(error: sqlx::Error) -> ContactRefused {
    match &error {
        sqlx::Error::Database(e) if e.is_unique_violation() => ContactRefused::EmailTaken,
        _ => ContactRefused::Database(error),
    }
}

pub async fn insert(pool: &PgPool, contact: &ValidContact) -> Result<i64, ContactRefused> {
    sqlx::query_scalar(
        "INSERT INTO contact_persons (name, title, title_en, organisation, phone, email, away_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&contact.name)
    .bind(&contact.title)
    .bind(&contact.title_en)
    .bind(&contact.organisation)
    .bind(&contact.phone)
    .bind(&contact.email)
    .bind(contact.away_until)
    .fetch_one(pool)
    .await
    .map_err(taken)
}

/// Changes a contact person if it is still at `version`: checked and written in one statement,
/// so of two admins saving the same version at once exactly one succeeds.
pub async fn update(
    pool: &PgPool,
    id: i64,
    version: i32,
    contact: &ValidContact,
) -> Result<(), ContactRefused> {
    let changed = sqlx::query(
        "UPDATE contact_persons
            SET name = $3, title = $4, title_en = $5, organisation = $6, phone = $7, email = $8,
                away_until = $9, version = version + 1
          WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .bind(&contact.name)
    .bind(&contact.title)
    .bind(&contact.title_en)
    .bind(&contact.organisation)
    .bind(&contact.phone)
    .bind(&contact.email)
    .bind(contact.away_until)
    .execute(pool)
    .await
    .map_err(taken)?;
    if changed.rows_affected() == 1 {
        return Ok(());
    }
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM contact_persons WHERE id = $1)")
            .bind(id)
            .fetch_one(pool)
            .await?;
    Err(if exists {
        ContactRefused::Stale
    } else {
        ContactRefused::NotFound
    })
}

/// Sets who answers `question` in a business area (`None`: everywhere else), or removes the
/// row when `contact` is `None`. One statement: the last of two admins saving at once wins
/// whole, never a mix.
pub async fn set_responsibility(
    conn: &mut PgConnection,
    business_area_id: Option<i64>,
    question: QuestionKind,
    contact: Option<i64>,
    deputy: Option<i64>,
) -> Result<(), sqlx::Error> {
    match contact {
        Some(contact) => {
            sqlx::query(
                "INSERT INTO responsibilities (business_area_id, question, contact_person_id, deputy_id)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT ((coalesce(business_area_id, 0)), question)
                 DO UPDATE SET contact_person_id = EXCLUDED.contact_person_id,
                               deputy_id = EXCLUDED.deputy_id",
            )
            .bind(business_area_id)
            .bind(question)
            .bind(contact)
            .bind(deputy)
            .execute(conn)
            .await?;
        }
        None => {
            sqlx::query(
                "DELETE FROM responsibilities
                  WHERE coalesce(business_area_id, 0) = coalesce($1, 0) AND question = $2",
            )
            .bind(business_area_id)
            .bind(question)
            .execute(conn)
            .await?;
        }
    }
    Ok(())
}
