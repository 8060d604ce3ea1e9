//! Staff accounts as an admin manages them.

use serde::{Deserialize, Serialize};

use super::{Role, Viewer};

/// A staff account as an admin manages it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AccountView {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
}

/// The accounts page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsPage {
    pub viewer: Viewer,
    pub accounts: Vec<AccountView>,
    pub api_tokens: Vec<ApiTokenView>,
}

/// An API token as the accounts page lists it (never the token itself: only its hash is kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ApiTokenView {
    pub id: i64,
    pub name: String,
    /// The account it acts as.
    pub account: String,
    /// Swedish time, as every staff page shows times.
    pub issued_at: chrono::NaiveDateTime,
    pub expires_at: chrono::NaiveDateTime,
    pub last_used_at: Option<chrono::NaiveDateTime>,
    pub revoked: bool,
    pub expired: bool,
}

/// The most days an API token may last, and what the form suggests.
pub const API_TOKEN_MAX_DAYS: i32 = 365;
pub const API_TOKEN_DEFAULT_DAYS: i32 = 90;

/// The answer to an admin's form for a new API token: the token, shown this once, or why
/// none was issued, with what was typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenAnswer {
    pub name: String,
    pub account: String,
    pub days: String,
    pub issued: Option<String>,
    pub message: String,
}

/// A refused account form, kept as typed (never the password) with the reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedAccount {
    pub email: String,
    pub name: String,
    pub role: String,
    pub message: String,
}
