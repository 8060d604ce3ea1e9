//! Bookable meetings in the workspace, for those who handle interests: publishing times for a
//! contact person, removing a time nobody booked, and cancelling a booking (the company gets
//! an e-mail, the time is free again).

use axum::{
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};
use markkartan_app::domain::{FieldProblem, Problem, RejectedSlots, SlotForm};

use super::ConfirmForm;
use crate::http::extract::{HandleInterests, PathId, Sent};
use crate::http::{AppState, Error, form_again};
use crate::meetings::{self, MeetingRefused};

const PAGE: &str = "/personal/moten";

csrf_forms!(SlotForm);

/// `POST /personal/moten`: publish times for a contact person.
pub async fn publish_slots(
    State(state): State<AppState>,
    Sent(viewer, form, _): Sent<HandleInterests, SlotForm>,
) -> Result<Response, Error> {
    match meetings::publish(&state.pool, viewer.account_id, &form).await {
        Ok(count) => {
            tracing::info!(count, by = viewer.account_id, "meeting times published");
            Ok(Redirect::to(&format!("{PAGE}?publicerade={count}")).into_response())
        }
        Err(refused) => {
            form_again(&state, PAGE, Some(viewer), refused, move |problem| {
                RejectedSlots {
                    form,
                    problem: Some(FieldProblem::of(problem, "")),
                }
            })
            .await
        }
    }
}

/// `POST /personal/moten/tid/{id}/ta-bort`: remove a time nobody has booked.
pub async fn remove_slot(
    State(state): State<AppState>,
    PathId(id): PathId,
    Sent(viewer, _, _): Sent<HandleInterests, ConfirmForm>,
) -> Result<Response, Error> {
    if !crate::db::meetings::remove_free_slot(&state.pool, id).await? {
        // Gone, or booked meanwhile: a booked time is cancelled first.
        return Err(Problem::field(
            markkartan_app::domain::ProblemKind::Conflict,
            "tid",
            "Tiden finns inte längre eller har bokats. Avboka först om den ska bort.",
        )
        .into());
    }
    tracing::info!(slot = id, by = viewer.account_id, "meeting time removed");
    Ok(Redirect::to(PAGE).into_response())
}

/// `POST /personal/moten/bokning/{id}/avboka`: cancel a booking from the workspace.
pub async fn cancel_booking(
    State(state): State<AppState>,
    PathId(id): PathId,
    headers: HeaderMap,
    Sent(viewer, _, _): Sent<HandleInterests, ConfirmForm>,
) -> Result<Response, Error> {
    let site = state.site.origin(&headers);
    meetings::cancel(&state.pool, None, Some(id), &site)
        .await
        .map_err(|refused| match refused {
            MeetingRefused::NotFound => Error::from(Problem::not_found()),
            other => other.into(),
        })?;
    tracing::info!(
        booking = id,
        by = viewer.account_id,
        "meeting cancelled by staff"
    );
    Ok(Redirect::to(PAGE).into_response())
}
