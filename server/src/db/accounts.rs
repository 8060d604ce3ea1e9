//! Staff accounts, sessions and sign-in attempts.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use markkartan_app::domain::{Role, Viewer};
use sqlx::{PgConnection, PgPool};

#[derive(sqlx::FromRow)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
    pub active: bool,
}

pub async fn by_email(pool: &PgPool, email: &str) -> Result<Option<Account>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, email, name, role, password_hash, active
           FROM accounts WHERE lower(email) = lower($1)",
    )
    .bind(email)
    .fetch_optional(pool)
    .await
}

pub async fn insert(
    pool: &PgPool,
    email: &str,
    name: &str,
    role: Role,
    password_hash: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO accounts (email, name, role, password_hash) VALUES ($1, $2, $3, $4)
         RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(role)
    .bind(password_hash)
    .fetch_one(pool)
    .await
}

/// Recent failed sign-ins for one account: from the address trying now, and from anywhere.
#[derive(Clone, Copy, Debug, Default)]
pub struct Failures {
    pub from_address: i64,
    pub anywhere: i64,
    /// Seconds since the last failure from this address, and from anywhere.
    pub secs_since_from_address: Option<i64>,
    pub secs_since_anywhere: Option<i64>,
}

/// Failed sign-ins for this e-mail address within the window: from this client address and
/// from anywhere, and how many seconds ago the last of each was (by the database's clock). Takes
/// the account's sign-in lock first, held until the transaction ends: the caller records its
/// attempt under the same lock ([`record_failed_attempt`]).
pub async fn lock_recent_failures(
    conn: &mut PgConnection,
    email: &str,
    from: IpAddr,
    window_minutes: i64,
) -> Result<Failures, sqlx::Error> {
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('markkartan: sign-in ' || lower($1)))")
        .bind(email)
        .execute(&mut *conn)
        .await?;
    let (from_address, anywhere, secs_since_from_address, secs_since_anywhere): (
        i64,
        i64,
        Option<i64>,
        Option<i64>,
    ) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE client_address = $2::inet),
                count(*),
                floor(extract(epoch FROM clock_timestamp() - max(attempted_at)
                                  FILTER (WHERE client_address = $2::inet)))::bigint,
                floor(extract(epoch FROM clock_timestamp() - max(attempted_at)))::bigint
           FROM sign_in_attempts
          WHERE NOT succeeded AND lower(email) = lower($1)
            AND attempted_at > clock_timestamp() - make_interval(mins => $3::int)",
    )
    .bind(email)
    .bind(from.to_string())
    .bind(window_minutes as i32)
    .fetch_one(conn)
    .await?;
    Ok(Failures {
        from_address,
        anywhere,
        secs_since_from_address,
        secs_since_anywhere,
    })
}

/// Records an attempt as failed (until [`mark_attempt_succeeded`] says otherwise) and forgets
/// those older than a day. Returns the attempt's id.
pub async fn record_failed_attempt(
    conn: &mut PgConnection,
    email: &str,
    from: IpAddr,
) -> Result<i64, sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_attempts WHERE attempted_at < now() - interval '1 day'")
        .execute(&mut *conn)
        .await?;
    sqlx::query_scalar(
        "INSERT INTO sign_in_attempts (email, client_address, succeeded, attempted_at)
         VALUES ($1, $2::inet, false, clock_timestamp())
         RETURNING id",
    )
    .bind(email)
    .bind(from.to_string())
    .fetch_one(conn)
    .await
}

pub async fn mark_attempt_succeeded(pool: &PgPool, attempt: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sign_in_attempts SET succeeded = true WHERE id = $1")
        .bind(attempt)
        .execute(pool)
        .await
        .map(|_| ())
}

pub async fn insert_session(
    pool: &PgPool,
    token_sha256: &[u8],
    account_id: i64,
    csrf_token: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    // Expired sessions go whenever a new one starts.
    sqlx::query("DELETE FROM sessions WHERE expires_at < now()")
        .execute(pool)
        .await?;
    sqlx::query(
        "INSERT INTO sessions (token_sha256, account_id, csrf_token, expires_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_sha256)
    .bind(account_id)
    .bind(csrf_token)
    .bind(expires_at)
    .execute(pool)
    .await
    .map(|_| ())
}

pub async fn viewer_by_session(
    pool: &PgPool,
    token_sha256: &[u8],
) -> Result<Option<Viewer>, sqlx::Error> {
    let row: Option<(i64, String, String, Role, String)> = sqlx::query_as(
        "SELECT a.id, a.name, a.email, a.role, s.csrf_token
           FROM sessions s JOIN accounts a ON a.id = s.account_id
          WHERE s.token_sha256 = $1 AND s.expires_at > now() AND a.active",
    )
    .bind(token_sha256)
    .fetch_optional(pool)
    .await?;
    Ok(
        row.map(|(account_id, name, email, role, csrf_token)| Viewer {
            account_id,
            name,
            email,
            role,
            csrf_token,
        }),
    )
}

pub async fn delete_session(pool: &PgPool, token_sha256: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_sha256 = $1")
        .bind(token_sha256)
        .execute(pool)
        .await
        .map(|_| ())
}

pub async fn list(pool: &PgPool) -> Result<Vec<markkartan_app::domain::AccountView>, sqlx::Error> {
    sqlx::query_as("SELECT id, email, name, role, active FROM accounts ORDER BY active DESC, name")
        .fetch_all(pool)
        .await
}

/// Sets an account's role and whether it may sign in; a deactivated account's sessions end at
/// once. `false` when there is no such account.
pub async fn set_role_and_active(
    pool: &PgPool,
    id: i64,
    role: Role,
    active: bool,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let updated = sqlx::query("UPDATE accounts SET role = $2, active = $3 WHERE id = $1")
        .bind(id)
        .bind(role)
        .bind(active)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if !active {
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(updated)
}
