//! Accounts, for admins: creating one, and changing a role or deactivating.

use axum::http::StatusCode;
use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use leptos::prelude::provide_context;
use markkartan_app::domain::{ApiTokenAnswer, RejectedAccount, Role};
use serde::Deserialize;

use crate::auth::{self, AccountRefused};
use crate::http::extract::{ManageAccounts, PathId, Sent};
use crate::http::{AppState, Error, form_again, render_page};
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

#[derive(Deserialize)]
pub struct ApiTokenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    namn: String,
    #[serde(default)]
    konto: String,
    #[serde(default)]
    dagar: String,
}

/// `POST /personal/api-nycklar`: an admin issues an API token for an account. The answer is
/// the accounts page with the token shown this once (201), or the form again with why.
pub async fn issue_api_token(
    State(state): State<AppState>,
    Sent(viewer, form, _): Sent<ManageAccounts, ApiTokenForm>,
) -> Result<Response, Error> {
    let answer = ApiTokenAnswer {
        name: form.namn.clone(),
        account: form.konto.clone(),
        days: form.dagar.clone(),
        ..ApiTokenAnswer::default()
    };
    match auth::issue_api_token(&state.pool, &viewer, &form.konto, &form.namn, &form.dagar).await {
        Ok(token) => {
            tracing::info!(
                by = viewer.account_id,
                account = form.konto,
                "API token issued"
            );
            let answer = ApiTokenAnswer {
                issued: Some(token),
                ..answer
            };
            Ok(render_page(
                &state,
                "/personal/api-nycklar",
                StatusCode::CREATED,
                Some(viewer),
                move || provide_context(answer.clone()),
            )
            .await)
        }
        Err(refused) => {
            form_again(
                &state,
                "/personal/api-nycklar",
                Some(viewer),
                refused,
                |problem| ApiTokenAnswer {
                    message: problem.message.clone(),
                    ..answer
                },
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /personal/api-nycklar/{id}/aterkalla`: an admin revokes a token; it is refused from
/// the next request on.
pub async fn revoke_api_token(
    State(state): State<AppState>,
    PathId(id): PathId,
    Sent(viewer, _, _): Sent<ManageAccounts, RevokeForm>,
) -> Result<Response, Error> {
    if !crate::db::api_tokens::revoke(&state.pool, id).await? {
        return Err(markkartan_app::domain::Problem::not_found().into());
    }
    tracing::info!(token = id, by = viewer.account_id, "API token revoked");
    Ok(Redirect::to("/personal/konton").into_response())
}

csrf_forms!(NewAccountForm, AccountForm, ApiTokenForm, RevokeForm);
