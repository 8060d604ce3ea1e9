//! Staff accounts and sessions: argon2id password hashes, random session tokens of which only
//! the SHA-256 is stored, and the sign-in rate limit per account and per address.

use std::{net::IpAddr, sync::OnceLock};

use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use chrono::{Duration, Utc};
use markkartan_app::domain::{
    API_TOKEN_MAX_DAYS, EMAIL_MAX_CHARS, NAME_MAX_CHARS, PASSWORD_MAX_CHARS, Problem, ProblemKind,
    Role, Viewer, check_text,
};
use rand_core::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::db::{self, accounts::Failures};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "markkartan_session";
/// A session ends this long after sign-in; then the person signs in again.
pub const SESSION_HOURS: i64 = 8;
/// Failed sign-ins for one account within [`LIMIT_WINDOW_MINUTES`] after which the addresses
/// they came from are slowed down (see [`throttle`]).
pub const FAILURES_PER_ACCOUNT: i64 = 5;
/// So many failures for one account, from anywhere, slow down every address (an attack spread
/// over many addresses).
pub const FAILURES_PER_ACCOUNT_ANYWHERE: i64 = 100;
pub const LIMIT_WINDOW_MINUTES: i64 = 15;
/// The first wait; it doubles with every further failure, up to the window.
pub const FIRST_BACK_OFF_SECS: i64 = 30;
/// Shorter passwords are refused when an account is created.
pub const MIN_PASSWORD_CHARS: usize = 12;

pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
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

/// The CSRF token as one response carries it: a fresh random pad and the token XOR the pad,
/// as hex. Every page shows a different text for the same token, so a compressed page that
/// also reflects what the request sent cannot reveal it byte by byte (BREACH).
pub fn masked(token: &str) -> String {
    let mut pad = vec![0u8; token.len()];
    OsRng.fill_bytes(&mut pad);
    let hidden: Vec<u8> = token.bytes().zip(&pad).map(|(t, p)| t ^ p).collect();
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    format!("{}{}", hex(&pad), hex(&hidden))
}

/// Whether a form's CSRF field carries `token`, masked ([`masked`]) or as it is.
pub fn csrf_matches(sent: &str, token: &str) -> bool {
    tokens_match(sent, token) || unmasked(sent).is_some_and(|sent| tokens_match(&sent, token))
}

fn unmasked(sent: &str) -> Option<String> {
    let bytes: Vec<u8> = (0..sent.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(sent.get(at..at + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    let (pad, hidden) = bytes.split_at(bytes.len() / 2);
    (pad.len() == hidden.len())
        .then(|| String::from_utf8(pad.iter().zip(hidden).map(|(p, h)| p ^ h).collect()).ok())
        .flatten()
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
    /// Too many failures for this account from this address (or from everywhere): wait.
    #[error("too many failed sign-ins; retry after {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// An address or password no account can have (a control character, megabytes).
    #[error("{0}")]
    Unreadable(markkartan_app::domain::Problem),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// Whether a sign-in must wait, and how long. Throttling is per account: an address that has
/// failed five times for it waits, and so does any address that failed for an account with
/// five failures in all (a guesser who moves); the wait starts at 30 seconds after the last
/// failure and doubles with each further one, up to 15 minutes. An address that has not failed
/// for the account is let through (the colleague at the next desk, or the account's owner while
/// someone else guesses), unless the account is under attack from everywhere. Failures for one
/// account never slow down another.
pub fn throttle(failures: Failures) -> Option<u64> {
    let (count, secs_since) = if failures.from_address >= FAILURES_PER_ACCOUNT {
        (failures.from_address, failures.secs_since_from_address)
    } else if failures.anywhere >= FAILURES_PER_ACCOUNT && failures.from_address >= 1 {
        (failures.anywhere, failures.secs_since_from_address)
    } else if failures.anywhere >= FAILURES_PER_ACCOUNT_ANYWHERE {
        (failures.anywhere, failures.secs_since_anywhere)
    } else {
        return None;
    };
    let doublings = u32::try_from(count - FAILURES_PER_ACCOUNT)
        .unwrap_or(0)
        .min(16);
    let wait = (FIRST_BACK_OFF_SECS << doublings).min(LIMIT_WINDOW_MINUTES * 60);
    let remaining = wait - secs_since.unwrap_or(0);
    (remaining > 0).then_some(remaining as u64)
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
    for (field, label, value, max_chars) in [
        ("epost", "E-postadressen", email, EMAIL_MAX_CHARS),
        ("losenord", "Lösenordet", password, PASSWORD_MAX_CHARS),
    ] {
        if let Err(problem) = check_text(value, max_chars) {
            return Err(SignInRefused::Unreadable(Problem::field(
                ProblemKind::Invalid,
                field,
                format!(
                    "{label}: {}",
                    problem.message(markkartan_app::domain::Lang::Sv)
                ),
            )));
        }
    }
    // The limit is checked and the attempt recorded under one lock per account, counted as a
    // failure until its password is verified: twenty attempts sent at once are counted one
    // after the other, and those past the limit never reach a password check.
    let mut tx = pool.begin().await?;
    let failures =
        db::accounts::lock_recent_failures(&mut tx, email, from, LIMIT_WINDOW_MINUTES).await?;
    if let Some(retry_after_secs) = throttle(failures) {
        return Err(SignInRefused::RateLimited { retry_after_secs });
    }
    let attempt = db::accounts::record_failed_attempt(&mut tx, email, from).await?;
    tx.commit().await?;
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
    if verified {
        db::accounts::mark_attempt_succeeded(pool, attempt).await?;
    }
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
    // Should hashing ever fail, verifying against an empty hash fails as quickly as it would
    // for a missing account; nothing is lost but the equal timing.
    HASH.get_or_init(|| hash_password(&new_token()).unwrap_or_default())
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
    /// The role is none of staff, planner and admin.
    #[error("Välj en roll.")]
    Role,
    /// An admin cannot change their own role or close their own account, so the last admin
    /// cannot lock everyone out by mistake.
    #[error(
        "Du kan inte ändra din egen roll eller stänga ditt eget konto; be en annan administratör."
    )]
    OwnAccount,
    #[error("no such account")]
    NotFound,
    #[error("Skriv en e-postadress.")]
    Email,
    #[error("Skriv personens namn.")]
    Name,
    #[error("Lösenordet behöver minst {MIN_PASSWORD_CHARS} tecken.")]
    ShortPassword,
    #[error("Lösenordet får vara högst {PASSWORD_MAX_CHARS} tecken.")]
    LongPassword,
    /// A text that cannot be stored: which field (its form name), and why.
    #[error("{message}")]
    Text {
        field: &'static str,
        message: String,
    },
    #[error("Det finns redan ett konto med den e-postadressen.")]
    Taken,
    /// The password could not be hashed (a fault of ours).
    #[error("hashing the password failed: {0}")]
    Hashing(String),
    #[error("database error: {0}")]
    Database(sqlx::Error),
}

/// Changes an account's role and whether it may sign in; a deactivated account's sessions end
/// at once. Nobody changes their own.
pub async fn change_account(
    pool: &PgPool,
    by: &Viewer,
    id: i64,
    role: &str,
    active: bool,
) -> Result<(), AccountRefused> {
    let role = Role::from_key(role).ok_or(AccountRefused::Role)?;
    if id == by.account_id && (role != by.role || !active) {
        return Err(AccountRefused::OwnAccount);
    }
    if db::accounts::set_role_and_active(pool, id, role, active)
        .await
        .map_err(AccountRefused::Database)?
    {
        Ok(())
    } else {
        Err(AccountRefused::NotFound)
    }
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
    for (field, label, value, max_chars) in [
        ("epost", "E-postadressen", email, EMAIL_MAX_CHARS),
        ("namn", "Namnet", name, NAME_MAX_CHARS),
    ] {
        if let Err(problem) = check_text(value, max_chars) {
            return Err(AccountRefused::Text {
                field,
                message: format!(
                    "{label}: {}",
                    problem.message(markkartan_app::domain::Lang::Sv)
                ),
            });
        }
    }
    if password.chars().nth(PASSWORD_MAX_CHARS).is_some() {
        return Err(AccountRefused::LongPassword);
    }
    if let Err(problem) = check_text(password, PASSWORD_MAX_CHARS) {
        return Err(AccountRefused::Text {
            field: "losenord",
            message: format!(
                "Lösenordet: {}",
                problem.message(markkartan_app::domain::Lang::Sv)
            ),
        });
    }
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
        .map_err(|error| error.to_string())
        .and_then(|hashed| hashed.map_err(|error| error.to_string()))
        .map_err(AccountRefused::Hashing)?;
    // Two admins creating the same address at once: the unique index decides, and the loser
    // hears that the address is taken.
    db::accounts::insert(pool, email, name, role, &hash)
        .await
        .map_err(|error| match &error {
            sqlx::Error::Database(e) if e.is_unique_violation() => AccountRefused::Taken,
            _ => AccountRefused::Database(error),
        })
}

/// Demo accounts for the embedded default database only (`./dev run` without DATABASE_URL);
/// the README lists them. Existing accounts are left as they are.
pub const DEMO_ACCOUNTS: [(&str, &str, Role, &str); 5] = [
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
    // A second planner: revisions are approved by another planner than their author.
    (
        "plan2@demo.invalid",
        "Petra Planerare",
        Role::Planner,
        "demo-plan2-2026",
    ),
    (
        "admin@demo.invalid",
        "Ada Administratör",
        Role::Admin,
        "demo-admin-2026",
    ),
    (
        "insikt@demo.invalid",
        "Ines Näringsliv",
        Role::Insights,
        "demo-insikt-2026",
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

/// Issues an API token for an active account, named and lasting `days` (at most a year):
/// the token, to be shown this once; only its SHA-256 is stored.
pub async fn issue_api_token(
    pool: &PgPool,
    by: &Viewer,
    account: &str,
    name: &str,
    days: &str,
) -> Result<String, AccountRefused> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AccountRefused::Text {
            field: "namn",
            message: "Ge nyckeln ett namn, till exempel vilket program som använder den.".into(),
        });
    }
    if let Err(problem) = check_text(name, NAME_MAX_CHARS) {
        return Err(AccountRefused::Text {
            field: "namn",
            message: format!(
                "Namnet: {}",
                problem.message(markkartan_app::domain::Lang::Sv)
            ),
        });
    }
    let days = days
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|d| (1..=API_TOKEN_MAX_DAYS).contains(d))
        .ok_or_else(|| AccountRefused::Text {
            field: "dagar",
            message: format!("Giltighetstiden ska vara 1 till {API_TOKEN_MAX_DAYS} dagar."),
        })?;
    let account = account
        .trim()
        .parse::<i64>()
        .map_err(|_| AccountRefused::Text {
            field: "konto",
            message: "Välj ett konto.".into(),
        })?;
    let token = format!("mk_{}", new_token());
    db::api_tokens::insert(
        pool,
        account,
        name,
        &token_digest(&token),
        by.account_id,
        days,
    )
    .await
    .map_err(AccountRefused::Database)?
    .ok_or(AccountRefused::Text {
        field: "konto",
        message: "Välj ett aktivt konto.".into(),
    })?;
    Ok(token)
}

/// The account an API token acts as (see [`db::api_tokens::viewer_by_token`]), this use
/// recorded; `None` for a token that is unknown, revoked or expired.
pub async fn api_viewer(
    pool: &PgPool,
    token: &str,
    method: &str,
    path: &str,
) -> Result<Option<Viewer>, sqlx::Error> {
    let path: String = path.chars().take(500).collect();
    db::api_tokens::viewer_by_token(pool, &token_digest(token), method, &path).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masked_token_differs_each_time_and_still_matches() {
        let token = new_token();
        let (one, two) = (masked(&token), masked(&token));
        assert_ne!(one, two, "a fresh pad each time");
        assert!(!one.contains(&token));
        assert!(csrf_matches(&one, &token) && csrf_matches(&two, &token));
        assert!(csrf_matches(&token, &token), "the token as it is");
        assert!(!csrf_matches(&masked(&new_token()), &token));
        for broken in ["", "zz", &one[..one.len() - 1], &format!("{one}00")] {
            assert!(!csrf_matches(broken, &token), "{broken:?}");
        }
    }
}
