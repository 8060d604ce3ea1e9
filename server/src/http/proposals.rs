//! The company's proposal (`/forslag/{nyckel}`, a page the app renders) and its two forms,
//! plain HTML posts that work without JavaScript: `POST /forslag/{nyckel}/bedom` marks one item
//! interesting or not, `POST /forslag/{nyckel}/fraga` asks the guide a question and
//! `POST /forslag/{nyckel}/boka` books one of the guide's times with the case's details. Each
//! answers 303 (back to the page, or to the booking's own page); a refused question or booking
//! comes back rendered with what was typed. The link's
//! token is the only key: a malformed one is 400 naming `nyckel`, an unknown one 404, an
//! expired or revoked one 410.

use axum::{
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};
use markkartan_app::domain::{
    FieldProblem, Lang, Problem, ProblemKind, ProposalBookingForm, ProposalQuestionForm,
    RejectedProposalForm, VerdictForm, looks_like_link_token,
};

use super::extract::{ClientAddress, FormOf};
use super::{AppState, Error, form_again};
use crate::proposals::{self, ProposalRefused, proposal_page};

/// The token of the path, or 400 naming `nyckel`.
fn token_of(token: &str) -> Result<&str, Error> {
    if looks_like_link_token(token) {
        Ok(token)
    } else {
        Err(Problem::field(
            ProblemKind::BadRequest,
            "nyckel",
            "Länken till förslaget är inte hel: öppna den från mejlet igen.",
        )
        .in_english("The link to the proposal is incomplete: open it from the e-mail again.")
        .into())
    }
}

/// The page again, in the language the form was sent from.
fn back_to(token: &str, lang: &str, anchor: &str) -> Response {
    let lang = if lang == "en" { "?lang=en" } else { "" };
    Redirect::to(&format!("{}{lang}{anchor}", proposal_page(token))).into_response()
}

pub async fn mark(
    State(state): State<AppState>,
    Path(token): Path<String>,
    FormOf(form): FormOf<VerdictForm>,
) -> Result<Response, Error> {
    let token = token_of(&token)?;
    proposals::mark(&state.pool, token, &form).await?;
    tracing::info!("proposal item marked by the company");
    Ok(back_to(
        token,
        &form.lang,
        &format!("#punkt-{}", form.punkt.trim()),
    ))
}

pub async fn ask(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    FormOf(form): FormOf<ProposalQuestionForm>,
) -> Result<Response, Error> {
    let token = token_of(&token)?.to_string();
    let site = state.site.origin(&headers);
    match proposals::ask(
        &state.pool,
        client,
        &token,
        &form,
        state.interest_limit_per_hour,
        &site,
    )
    .await
    {
        Ok(()) => {
            tracing::info!("question asked from a proposal");
            Ok(asked(&token, form.lang()))
        }
        Err(refused) => {
            if matches!(refused, ProposalRefused::RateLimited) {
                tracing::warn!(%client, "proposal question rate limit reached");
            }
            let lang = form.lang();
            again(&state, &token, lang, "fraga", refused, move |problem| {
                RejectedProposalForm {
                    question: form,
                    problem: Some(problem),
                    ..Default::default()
                }
            })
            .await
        }
    }
}

pub async fn book(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    FormOf(form): FormOf<ProposalBookingForm>,
) -> Result<Response, Error> {
    let token = token_of(&token)?.to_string();
    let site = state.site.origin(&headers);
    match proposals::book(
        &state.pool,
        client,
        &token,
        &form,
        state.interest_limit_per_hour,
        &site,
    )
    .await
    {
        Ok(booking) => {
            tracing::info!("meeting booked from a proposal");
            let mut page = super::meetings::booking_page(&booking);
            if form.lang() == Lang::En {
                page.push_str("&lang=en");
            }
            Ok(Redirect::to(&page).into_response())
        }
        Err(refused) => {
            if matches!(refused, ProposalRefused::RateLimited) {
                tracing::warn!(%client, "proposal booking rate limit reached");
            }
            let lang = form.lang();
            again(&state, &token, lang, "tid", refused, move |problem| {
                RejectedProposalForm {
                    booking: form,
                    problem: Some(problem),
                    ..Default::default()
                }
            })
            .await
        }
    }
}

/// The company's page again, with the refused form as typed and why (said at `field` when
/// the refusal names none, such as too many forms).
async fn again(
    state: &AppState,
    token: &str,
    lang: Lang,
    field: &'static str,
    refused: ProposalRefused,
    rejected: impl FnOnce(FieldProblem) -> RejectedProposalForm,
) -> Result<Response, Error> {
    let mut path = proposal_page(token);
    if lang == Lang::En {
        path.push_str("?lang=en");
    }
    form_again(state, &path, None, refused, move |problem| {
        rejected(FieldProblem::of(problem, field))
    })
    .await
}

/// After a question: the page, saying it was sent.
fn asked(token: &str, lang: Lang) -> Response {
    let query = match lang {
        Lang::En => "?lang=en&fragat=1",
        Lang::Sv => "?fragat=1",
    };
    Redirect::to(&format!("{}{query}#fraga", proposal_page(token))).into_response()
}
