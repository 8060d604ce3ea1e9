//! `POST /intresse`: the interest form, posted as a plain HTML form (it works without
//! JavaScript). Accepted: 303 to the confirmation page. Refused: the form page rendered again
//! with what was typed and why (422 invalid, 429 too many), and nothing stored.

use axum::{
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};
use markkartan_app::domain::{InterestForm, RejectedInterest};

use super::extract::{ClientAddress, FormOf};
use super::{AppState, Error, form_again};
use crate::interest::{self, Accepted, Refused};

pub async fn submit(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    FormOf(form): FormOf<InterestForm>,
) -> Result<Response, Error> {
    let mail = interest::MailContext {
        site: state.site.origin(&headers),
        retention_months: state.interest_retention_months,
    };
    match interest::submit(
        &state.pool,
        client,
        &form,
        state.interest_limit_per_hour,
        &mail,
    )
    .await
    {
        Ok(accepted) => {
            match accepted {
                Accepted::Stored(id) => tracing::info!(id, "interest stored"),
                Accepted::Bot => {
                    tracing::warn!(%client, "interest form honeypot filled in; nothing stored")
                }
            }
            let confirmation = format!("/intresse/skickad{}", form.page_query());
            Ok(Redirect::to(&confirmation).into_response())
        }
        Err(refused) => {
            let errors = refused.field_errors();
            let rate_limited = matches!(refused, Refused::RateLimited);
            if rate_limited {
                tracing::warn!(%client, "interest form rate limit reached");
            }
            // The form page as the Leptos app renders it, with the refused form in its context.
            let path = format!("/intresse{}", form.page_query());
            form_again(&state, &path, None, refused, |_| RejectedInterest {
                form,
                errors,
                rate_limited,
            })
            .await
        }
    }
}
