//! `POST /intresse`: the interest form, posted as a plain HTML form (it works without
//! JavaScript). Accepted: 303 to the confirmation page. Refused: the form page rendered again
//! with what was typed and why (422 invalid, 429 too many), and nothing stored.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Form, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use leptos::prelude::provide_context;
use markkartan_app::domain::{InterestForm, RejectedInterest};

use super::AppState;
use crate::interest::{self, Accepted, Refused};

pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Form(form): Form<InterestForm>,
) -> Response {
    match interest::submit(&state.pool, peer.ip(), &form, state.interest_limit_per_hour).await {
        Ok(accepted) => {
            match accepted {
                Accepted::Stored(id) => tracing::info!(id, "interest stored"),
                Accepted::Bot => {
                    tracing::warn!(%peer, "interest form honeypot filled in; nothing stored")
                }
            }
            Redirect::to(&format!("/intresse/skickad{}", form.page_query())).into_response()
        }
        Err(Refused::Invalid(errors)) => {
            let rejected = RejectedInterest {
                form,
                errors,
                rate_limited: false,
            };
            render_form(state, rejected, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(Refused::RateLimited) => {
            tracing::warn!(%peer, "interest form rate limit reached");
            let rejected = RejectedInterest {
                form,
                errors: Vec::new(),
                rate_limited: true,
            };
            render_form(state, rejected, StatusCode::TOO_MANY_REQUESTS).await
        }
        Err(Refused::Database(error)) => super::ApiError::Database(error).into_response(),
    }
}

/// The form page as the Leptos app renders it, with the refused form in its context.
async fn render_form(state: AppState, rejected: RejectedInterest, status: StatusCode) -> Response {
    let path = format!("/intresse{}", rejected.form.page_query());
    super::render_page(&state, &path, status, None, move || {
        provide_context(rejected.clone())
    })
    .await
}
