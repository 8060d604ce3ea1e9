//! Accounts, for admins: creating one, and changing a role or deactivating.

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use leptos::prelude::provide_context;
use markkartan_app::domain::{Problem, ProblemKind, RejectedAccount, Role};
use serde::Deserialize;

use crate::auth::{self};
use crate::http::extract::{ManageAccounts, PathId, Sent};
use crate::http::{AppState, Error, render_page};
#[derive(Deserialize)]
pub struct NewAccountForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    epost: String,
    #[serde(default)]
    namn: String,
    #[serde(default)]
    roll: String,
    #[serde(default)]
    losenord: String,
}

/// `POST /personal/konton`: an admin creates an account.
pub async fn create_account(
    State(state): State<AppState>,
    Sent(viewer, form, _): Sent<ManageAccounts, NewAccountForm>,
) -> Result<Response, Error> {
    let problem = match Role::from_key(&form.roll) {
        None => Problem::field(ProblemKind::Invalid, "roll", "Välj en roll."),
        Some(role) => {
            match auth::create_account(&state.pool, &form.epost, &form.namn, role, &form.losenord)
                .await
            {
                Ok(id) => {
                    tracing::info!(
                        id,
                        by = viewer.account_id,
                        role = role.key(),
                        "account created"
                    );
                    return Ok(Redirect::to("/personal/konton").into_response());
                }
                Err(refused) => match Error::from(refused) {
                    Error::Problem(problem) => problem,
                    other => return Err(other),
                },
            }
        }
    };
    let status = StatusCode::from_u16(problem.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    let rejected = RejectedAccount {
        email: form.epost,
        name: form.namn,
        role: form.roll,
        message: problem.message,
    };
    Ok(render_page(
        &state,
        "/personal/konton",
        status,
        Some(viewer),
        move || provide_context(rejected.clone()),
    )
    .await)
}

#[derive(Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    roll: String,
    #[serde(default)]
    aktivt: Option<String>,
}

/// `POST /personal/konton/{id}`: an admin changes an account's role or deactivates it (never
/// their own, so the last admin cannot lock everyone out by mistake).
pub async fn update_account(
    State(state): State<AppState>,
    PathId(id): PathId,
    Sent(viewer, form, _): Sent<ManageAccounts, AccountForm>,
) -> Result<Response, Error> {
    let role = Role::from_key(&form.roll)
        .ok_or_else(|| Problem::field(ProblemKind::Invalid, "roll", "Välj en roll."))?;
    let active = form.aktivt.is_some();
    if id == viewer.account_id && (role != viewer.role || !active) {
        return Err(Problem::field(
            ProblemKind::Invalid,
            "roll",
            "Du kan inte ändra din egen roll eller stänga ditt eget konto; be en annan administratör.",
        )
        .into());
    }
    if !crate::db::accounts::set_role_and_active(&state.pool, id, role, active).await? {
        return Err(Problem::not_found().into());
    }
    tracing::info!(
        id,
        by = viewer.account_id,
        role = role.key(),
        active,
        "account changed"
    );
    Ok(Redirect::to("/personal/konton").into_response())
}

csrf_forms!(NewAccountForm, AccountForm);
