//! Who may do what in the staff workspace: roles, permissions, the signed-in viewer.

use serde::{Deserialize, Serialize};

/// A staff account's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "staff_role", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Mark- och exploatering: keep plots current and answer interest.
    Staff,
    /// Planners: publish planned detaljplaner and future areas.
    Planner,
    /// Everything, and managing accounts.
    Admin,
    /// The business development unit and management: the insights page, read only (counts
    /// and durations, no personal data).
    Insights,
}

/// Something only some roles may do. The server checks it for every request that needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Change plots (status, facts, geometry) and read their history and internal notes.
    EditPlots,
    /// Read and handle the interest forms companies sent (personal data).
    HandleInterests,
    /// Create accounts, change roles, deactivate accounts.
    ManageAccounts,
    /// Keep the contact persons and who answers which questions.
    ManageContacts,
    /// Read plans and future areas as the workspace has them: drafts, revisions, history.
    ReadPlans,
    /// Write, review and publish plans and future areas.
    EditPlans,
    /// Read the insights page: land supply, the interest funnel, the service survey.
    ReadInsights,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Staff, Role::Planner, Role::Admin, Role::Insights];

    pub fn may(self, permission: Permission) -> bool {
        match permission {
            Permission::EditPlots | Permission::HandleInterests => {
                matches!(self, Role::Staff | Role::Admin)
            }
            Permission::ManageAccounts | Permission::ManageContacts => self == Role::Admin,
            Permission::ReadPlans => self != Role::Insights,
            Permission::EditPlans => matches!(self, Role::Planner | Role::Admin),
            Permission::ReadInsights => matches!(self, Role::Admin | Role::Insights),
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Planner => "planner",
            Role::Admin => "admin",
            Role::Insights => "insights",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Staff => "Mark och exploatering",
            Role::Planner => "Planerare",
            Role::Admin => "Administratör",
            Role::Insights => "Insikter (endast läsa)",
        }
    }
}

/// Who is signed in, as every workspace page and request knows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// Sent back with every form that changes something (synchroniser token against CSRF).
    pub csrf_token: String,
}

/// Why a workspace request was turned away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Denied {
    #[error("Du behöver logga in.")]
    NotSignedIn,
    #[error("Ditt konto har inte behörighet till det här.")]
    Forbidden,
}

impl Viewer {
    /// The viewer if their role allows `permission`.
    pub fn require(viewer: Option<Viewer>, permission: Permission) -> Result<Viewer, Denied> {
        match viewer {
            None => Err(Denied::NotSignedIn),
            Some(v) if v.role.may(permission) => Ok(v),
            Some(_) => Err(Denied::Forbidden),
        }
    }
}

/// A refused sign-in, shown back with the e-mail address kept (never the password).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedSignIn {
    pub email: String,
    pub message: String,
}

pub const SIGN_IN_FAILED: &str = "Fel e-postadress eller lösenord.";

/// Said when sign-ins for an account are throttled: how long to wait, in whole minutes (or
/// seconds under one).
pub fn sign_in_limited(retry_after_secs: u64) -> String {
    let wait = if retry_after_secs < 60 {
        format!("{retry_after_secs} sekunder")
    } else {
        let minutes = retry_after_secs.div_ceil(60);
        format!(
            "{minutes} {}",
            if minutes == 1 { "minut" } else { "minuter" }
        )
    };
    format!("För många misslyckade inloggningar för kontot. Vänta {wait} och försök igen.")
}
