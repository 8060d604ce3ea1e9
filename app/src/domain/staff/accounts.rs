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
}

/// A refused account form, kept as typed (never the password) with the reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedAccount {
    pub email: String,
    pub name: String,
    pub role: String,
    pub message: String,
}
