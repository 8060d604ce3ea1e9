//! Proposals in the workspace, for those who handle interests: starting one from a case
//! (`POST /personal/intresse/{id}/forslag`), and on its page (`/personal/forslag/{id}`) the
//! letter, adding and removing items, sending it and revoking its link. A refused form comes
//! back on the page with what was typed and why.

use axum::{
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};
use markkartan_app::domain::{
    FieldProblem, ProposalItemChoice, ProposalItemForm, ProposalLetterForm, RejectedProposalEdit,
    Viewer,
};

use super::ConfirmForm;
use crate::http::extract::{HandleInterests, PathId, Sent};
use crate::http::{AppState, Error, form_again};
use crate::proposals::{self, ProposalRefused};

csrf_forms!(ProposalLetterForm, ProposalItemForm, ProposalItemChoice);

fn page(id: i64) -> String {
    format!("/personal/forslag/{id}")
}

/// The proposal's page again with the refused form as typed.
async fn again(
    state: &AppState,
    id: i64,
    viewer: Viewer,
    refused: ProposalRefused,
    letter: Option<ProposalLetterForm>,
    item: Option<ProposalItemForm>,
) -> Result<Response, Error> {
    form_again(state, &page(id), Some(viewer), refused, move |problem| {
        RejectedProposalEdit {
            letter,
            item,
            problem: Some(FieldProblem::of(problem, "")),
        }
    })
    .await
}

/// `POST /personal/intresse/{id}/forslag`: a new draft for the case.
pub async fn create_proposal(
    State(state): State<AppState>,
    PathId(case): PathId,
    Sent(viewer, _, _): Sent<HandleInterests, ConfirmForm>,
) -> Result<Response, Error> {
    let id = proposals::create(&state.pool, &viewer, case).await?;
    tracing::info!(
        case,
        proposal = id,
        by = viewer.account_id,
        "proposal drafted"
    );
    Ok(Redirect::to(&page(id)).into_response())
}

/// `POST /personal/forslag/{id}`: the letter, the contact and how long the link holds.
pub async fn save_proposal_letter(
    State(state): State<AppState>,
    PathId(id): PathId,
    Sent(viewer, form, _): Sent<HandleInterests, ProposalLetterForm>,
) -> Result<Response, Error> {
    match proposals::save_letter(&state.pool, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("{}?sparad=1", page(id))).into_response()),
        Err(refused) => again(&state, id, viewer, refused, Some(form), None).await,
    }
}

/// `POST /personal/forslag/{id}/punkt`: add a plot or a future area with its note.
pub async fn add_proposal_item(
    State(state): State<AppState>,
    PathId(id): PathId,
    Sent(viewer, form, _): Sent<HandleInterests, ProposalItemForm>,
) -> Result<Response, Error> {
    match proposals::add_item(&state.pool, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("{}#punkter", page(id))).into_response()),
        Err(refused) => again(&state, id, viewer, refused, None, Some(form)).await,
    }
}

/// `POST /personal/forslag/{id}/ta-bort`: remove an item.
pub async fn remove_proposal_item(
    State(state): State<AppState>,
    PathId(id): PathId,
    Sent(viewer, form, _): Sent<HandleInterests, ProposalItemChoice>,
) -> Result<Response, Error> {
    match proposals::remove_item(&state.pool, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("{}#punkter", page(id))).into_response()),
        Err(refused) => again(&state, id, viewer, refused, None, None).await,
    }
}

/// `POST /personal/forslag/{id}/skicka`: send the link to the company.
pub async fn send_proposal(
    State(state): State<AppState>,
    PathId(id): PathId,
    headers: HeaderMap,
    Sent(viewer, _, _): Sent<HandleInterests, ConfirmForm>,
) -> Result<Response, Error> {
    let site = state.site.origin(&headers);
    match proposals::send(&state.pool, &viewer, id, &site).await {
        Ok(()) => {
            tracing::info!(proposal = id, by = viewer.account_id, "proposal sent");
            Ok(Redirect::to(&format!("{}?skickad=1", page(id))).into_response())
        }
        Err(refused) => again(&state, id, viewer, refused, None, None).await,
    }
}

/// `POST /personal/forslag/{id}/aterkalla`: the link stops working at once.
pub async fn revoke_proposal(
    State(state): State<AppState>,
    PathId(id): PathId,
    Sent(viewer, _, _): Sent<HandleInterests, ConfirmForm>,
) -> Result<Response, Error> {
    match proposals::revoke(&state.pool, &viewer, id).await {
        Ok(()) => {
            tracing::info!(proposal = id, by = viewer.account_id, "proposal revoked");
            Ok(Redirect::to(&page(id)).into_response())
        }
        Err(refused) => again(&state, id, viewer, refused, None, None).await,
    }
}
