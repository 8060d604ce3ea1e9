//! Accounts, for admins: creating one, and changing a role or deactivating.

use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use markkartan_app::domain::{RejectedAccount, Role};
use serde::Deserialize;

use crate::auth::{self, AccountRefused};
use crate::http::extract::{ManageAccounts, PathId, Sent};
use crate::http::{AppState, Error, form_again};
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
    let by = viewer.account_id;
    let created = match Role::from_key(&form.roll) {
        Some(role) => {
            auth::create_account(&state.pool, &form.epost, &form.namn, role, &form.losenord).await
        }
        None => Err(AccountRefused::Role),
    };
    match created {
        Ok(id) => {
            tracing::info!(id, by, role = form.roll, "account created");
            Ok(Redirect::to("/personal/konton").into_response())
        }
        Err(refused) => {
            form_again(
                &state,
                "/personal/konton",
                Some(viewer),
                refused,
                |problem| RejectedAccount {
                    email: form.epost,
                    name: form.namn,
                    role: form.roll,
                    message: problem.message.clone(),
                },
            )
            .await
        }
    }
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

/// `POST /personal/konton/{id}`: an admin changes an account's role or deactivates it.
pub async fn update_account(
    State(state): State<AppState>,
    PathId(id): PathId,
    Sent(viewer, form, _): Sent<ManageAccounts, AccountForm>,
) -> Result<Response, Error> {
    let active = form.aktivt.is_some();
    auth::change_account(&state.pool, &viewer, id, &form.roll, active).await?;
    tracing::info!(
        id,
        by = viewer.account_id,
        role = form.roll,
        active,
        "account changed"
    );
    Ok(Redirect::to("/personal/konton").into_response())
}

csrf_forms!(NewAccountForm, AccountForm);
