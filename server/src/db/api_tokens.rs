//! API tokens (migration 0024): issued by an admin for an account, kept as SHA-256, each use
//! recorded.

use markkartan_app::domain::{ApiTokenView, Role, Viewer};
use sqlx::PgPool;

/// A new token for an active account, lasting `days`; `None` when there is no such active
/// account.
pub async fn insert(
    pool: &PgPool,
    account_id: i64,
    name: &str,
    token_sha256: &[u8],
    issued_by: i64,
    days: i32,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO api_tokens (account_id, name, token_sha256, issued_by, expires_at)
         SELECT a.id, $2, $3, $4, now() + make_interval(days => $5)
           FROM accounts a WHERE a.id = $1 AND a.active
         RETURNING id",
    )
    .bind(account_id)
    .bind(name)
    .bind(token_sha256)
    .bind(issued_by)
    .bind(days)
    .fetch_optional(pool)
    .await
}

/// Every token, the usable ones first.
pub async fn list(pool: &PgPool) -> Result<Vec<ApiTokenView>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id, t.name, a.name AS account,
                t.issued_at AT TIME ZONE 'Europe/Stockholm' AS issued_at,
                t.expires_at AT TIME ZONE 'Europe/Stockholm' AS expires_at,
                t.last_used_at AT TIME ZONE 'Europe/Stockholm' AS last_used_at,
                t.revoked_at IS NOT NULL AS revoked, t.expires_at <= now() AS expired
           FROM api_tokens t JOIN accounts a ON a.id = t.account_id
          ORDER BY (t.revoked_at IS NULL AND t.expires_at > now()) DESC, t.issued_at DESC",
    )
    .fetch_all(pool)
    .await
}

/// Revokes a token at once; `false` when there is no such token.
pub async fn revoke(pool: &PgPool, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1)
}

/// The account a token acts as, while it is neither revoked nor expired and the account is
/// active, recording this use of it in the same statement.
pub async fn viewer_by_token(
    pool: &PgPool,
    token_sha256: &[u8],
    method: &str,
    path: &str,
) -> Result<Option<Viewer>, sqlx::Error> {
    let row: Option<(i64, String, String, Role)> = sqlx::query_as(
        "WITH used AS (
             UPDATE api_tokens t SET last_used_at = now()
               FROM accounts a
              WHERE t.token_sha256 = $1 AND t.revoked_at IS NULL AND t.expires_at > now()
                AND a.id = t.account_id AND a.active
          RETURNING t.id, a.id AS account_id, a.name, a.email, a.role
         ),
         logged AS (
             INSERT INTO api_token_uses (token_id, method, path) SELECT id, $2, $3 FROM used
         )
         SELECT account_id, name, email, role FROM used",
    )
    .bind(token_sha256)
    .bind(method)
    .bind(path)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(account_id, name, email, role)| Viewer {
        account_id,
        name,
        email,
        role,
        // A token's requests carry no form: there is no CSRF token to send back.
        csrf_token: String::new(),
    }))
}
