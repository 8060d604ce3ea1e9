//! `POST /intresse`: the interest form, posted as a plain HTML form (it works without
//! JavaScript). Accepted: 303 to the confirmation page. Refused: the form page rendered again
//! with what was typed and why (422 invalid, 429 too many), and nothing stored.

use axum::{
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use leptos::prelude::provide_context;
use markkartan_app::domain::{InterestForm, RejectedInterest};

use super::extract::{ClientAddress, FormOf};
use super::{AppState, Error};
use crate::interest::{self, Accepted, Refused};

pub async fn submit(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    FormOf(form): FormOf<InterestForm>,
) -> Result<Response, Error> {
    let (status, rejected) =
        match interest::submit(&state.pool, client, &form, state.interest_limit_per_hour).await {
            Ok(accepted) => {
                match accepted {
                    Accepted::Stored(id) => tracing::info!(id, "interest stored"),
                    Accepted::Bot => {
                        tracing::warn!(%client, "interest form honeypot filled in; nothing stored")
                    }
                }
                let confirmation = format!("/intresse/skickad{}", form.page_query());
                return Ok(Redirect::to(&confirmation).into_response());
            }
            Err(Refused::Invalid(errors)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                RejectedInterest {
                    form,
                    errors,
                    rate_limited: false,
                },
            ),
            Err(Refused::RateLimited) => {
                tracing::warn!(%client, "interest form rate limit reached");
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    RejectedInterest {
                        form,
                        errors: Vec::new(),
                        rate_limited: true,
                    },
                )
            }
            Err(refused) => return Err(refused.into()),
        };
    // The form page as the Leptos app renders it, with the refused form in its context.
    let path = format!("/intresse{}", rejected.form.page_query());
    let mut response = super::render_page(&state, &path, status, None, move || {
        provide_context(rejected.clone())
    })
    .await;
    if status == StatusCode::TOO_MANY_REQUESTS {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, 3600u32.into());
    }
    Ok(response)
}
