//! Staff accounts and sessions: argon2id password hashes, random session tokens of which only
//! the SHA-256 is stored, and the sign-in rate limit per account and per address.

use std::{net::IpAddr, sync::OnceLock};

use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use chrono::{Duration, Utc};
use markkartan_app::domain::{Role, Viewer};
use rand_core::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::db;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "markkartan_session";
/// A session ends this long after sign-in; then the person signs in again.
pub const SESSION_HOURS: i64 = 8;
/// Failed sign-ins allowed within [`LIMIT_WINDOW_MINUTES`] per account, and per address.
pub const FAILURES_PER_ACCOUNT: i64 = 5;
pub const FAILURES_PER_ADDRESS: i64 = 20;
pub const LIMIT_WINDOW_MINUTES: i64 = 15;
/// Shorter passwords are refused when an account is created.
pub const MIN_PASSWORD_CHARS: usize = 12;

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2id with default parameters hashes any password")
        .to_string()
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// 32 random bytes as hex: a session token or a CSRF token.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn token_digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Compares two tokens in time that does not depend on where they differ.
pub fn tokens_match(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[derive(Debug, thiserror::Error)]
pub enum SignInRefused {
    #[error("wrong e-mail address or password")]
    Invalid,
    #[error("too many failed sign-ins")]
    RateLimited,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

pub struct SignedIn {
    /// Goes into the cookie; the database keeps only its digest.
    pub token: String,
    pub viewer: Viewer,
}

pub async fn sign_in(
    pool: &PgPool,
    email: &str,
    password: &str,
    from: IpAddr,
) -> Result<SignedIn, SignInRefused> {
    let email = email.trim();
    let (for_account, for_address) =
        db::accounts::recent_failures(pool, email, from, LIMIT_WINDOW_MINUTES).await?;
    if for_account >= FAILURES_PER_ACCOUNT || for_address >= FAILURES_PER_ADDRESS {
        return Err(SignInRefused::RateLimited);
    }
    let account = db::accounts::by_email(pool, email).await?;
    let password = password.to_string();
    let hash = account
        .as_ref()
        .filter(|a| a.active)
        .map(|a| a.password_hash.clone());
    // Without an account, verify against a dummy hash anyway: the answer takes as long, so
    // timing does not tell which addresses have accounts.
    let verified = tokio::task::spawn_blocking(move || match hash {
        Some(hash) => verify_password(&password, &hash),
        None => {
            verify_password(&password, dummy_hash());
            false
        }
    })
    .await
    .unwrap_or(false);
    db::accounts::record_attempt(pool, email, from, verified).await?;
    let Some(account) = account.filter(|_| verified) else {
        return Err(SignInRefused::Invalid);
    };
    let token = new_token();
    let csrf_token = new_token();
    let expires_at = Utc::now() + Duration::hours(SESSION_HOURS);
    db::accounts::insert_session(
        pool,
        &token_digest(&token),
        account.id,
        &csrf_token,
        expires_at,
    )
    .await?;
    Ok(SignedIn {
        token,
        viewer: Viewer {
            account_id: account.id,
            name: account.name,
            email: account.email,
            role: account.role,
            csrf_token,
        },
    })
}

fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password(&new_token()))
}

/// The signed-in person a session token belongs to, while the session lasts and the account is
/// active.
pub async fn viewer(pool: &PgPool, token: &str) -> Result<Option<Viewer>, sqlx::Error> {
    db::accounts::viewer_by_session(pool, &token_digest(token)).await
}

pub async fn sign_out(pool: &PgPool, token: &str) -> Result<(), sqlx::Error> {
    db::accounts::delete_session(pool, &token_digest(token)).await
}

#[derive(Debug, thiserror::Error)]
pub enum AccountRefused {
    #[error("Skriv en e-postadress.")]
    Email,
    #[error("Skriv personens namn.")]
    Name,
    #[error("Lösenordet behöver minst {MIN_PASSWORD_CHARS} tecken.")]
    ShortPassword,
    #[error("Det finns redan ett konto med den e-postadressen.")]
    Taken,
    #[error("database error: {0}")]
    Database(sqlx::Error),
}

/// Creates an active account; the password is hashed with argon2id before it is stored.
pub async fn create_account(
    pool: &PgPool,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
) -> Result<i64, AccountRefused> {
    let (email, name) = (email.trim(), name.trim());
    if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
        return Err(AccountRefused::Email);
    }
    if name.is_empty() {
        return Err(AccountRefused::Name);
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AccountRefused::ShortPassword);
    }
    let password = password.to_string();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .expect("hashing does not panic");
    db::accounts::insert(pool, email, name, role, &hash)
        .await
        .map_err(|error| match &error {
            sqlx::Error::Database(e) if e.is_unique_violation() => AccountRefused::Taken,
            _ => AccountRefused::Database(error),
        })
}

/// Demo accounts for the embedded default database only (`./dev run` without DATABASE_URL);
/// the README lists them. Existing accounts are left as they are.
pub const DEMO_ACCOUNTS: [(&str, &str, Role, &str); 3] = [
    (
        "mex@demo.invalid",
        "Maja Exploatering",
        Role::Staff,
        "demo-mex-2026",
    ),
    (
        "plan@demo.invalid",
        "Per Planerare",
        Role::Planner,
        "demo-plan-2026",
    ),
    (
        "admin@demo.invalid",
        "Ada Administratör",
        Role::Admin,
        "demo-admin-2026",
    ),
];

pub async fn create_demo_accounts(pool: &PgPool) -> Result<usize, AccountRefused> {
    let mut created = 0;
    for (email, name, role, password) in DEMO_ACCOUNTS {
        match create_account(pool, email, name, role, password).await {
            Ok(_) => created += 1,
            Err(AccountRefused::Taken) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(created)
}
