//! The one middleware every request passes. On the way in it notes what the response's security
//! headers and revalidation depend on, answers 503 at once while the database cannot be reached,
//! finds who is signed in and limits a server function's body; on the way out it shows problems
//! as the request can read them, tells clients when to come back after a 503, sets the security
//! headers and tags pages for revalidation.
//!
//! One function, not a layer for each step: each of axum's `from_fn` layers boxes the rest of the
//! stack once more, and with five of them a kept tile, the most frequent answer there is, spent
//! a quarter of its time in them (`./dev bench`, README).

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};

use super::{AppState, error, outage, revalidate, security, staff};

pub async fn edge(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let revalidation = revalidate::Revalidation::of(&request);
    let exposure = security::Exposure::of(&request);
    let response = match outage::Refusal::of(&state, &request) {
        Some(refusal) => refusal.answer(&state).await,
        None => {
            let request = staff::resolve_viewer(&state, request).await;
            outage::after(&state, error::present_problems(&state, request, next).await)
        }
    };
    let response = security::protect(&state.site, exposure, response);
    revalidate::tag_pages(revalidation, response).await
}
