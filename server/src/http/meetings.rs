//! Booking a meeting, as plain HTML forms (they work without JavaScript): `POST /boka` books a
//! time and answers 303 to the booking's own page (`/boka/bokad?nyckel=…`, the company's link);
//! `POST /boka/avboka` cancels through that link; `GET /boka/mote.ics?nyckel=…` is the meeting
//! as a calendar file. A refused form comes back rendered with what was typed and why (422, 409
//! when the time was taken meanwhile, 429).

use axum::{
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Redirect, Response},
};
use markkartan_app::domain::{BookingForm, FieldProblem, RejectedBooking};
use serde::Deserialize;

use super::extract::{ClientAddress, FormOf};
use super::{AppState, Error, form_again};
use crate::meetings::{self, MeetingRefused};

/// The company's link to its booking: the token, and nothing else.
#[derive(Debug, Deserialize)]
pub struct BookingLink {
    #[serde(default)]
    pub nyckel: String,
}

/// A token of the right shape, or 400 naming `nyckel`.
fn token_given(token: &str) -> Result<(), Error> {
    if markkartan_app::domain::looks_like_link_token(token.trim()) {
        Ok(())
    } else {
        Err(markkartan_app::domain::Problem::field(
            markkartan_app::domain::ProblemKind::BadRequest,
            "nyckel",
            "Länken till bokningen är inte hel: öppna den från mejlet igen.",
        )
        .into())
    }
}

/// Where a booking's link leads.
pub fn booking_page(token: &str) -> String {
    format!("/boka/bokad?nyckel={token}")
}

pub async fn book(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    FormOf(form): FormOf<BookingForm>,
) -> Result<Response, Error> {
    let site = state.site.origin(&headers);
    match meetings::book(
        &state.pool,
        client,
        &form,
        state.interest_limit_per_hour,
        &site,
    )
    .await
    {
        Ok(token) => {
            tracing::info!("meeting booked");
            let mut page = booking_page(&token);
            if form.lang() == markkartan_app::domain::Lang::En {
                page.push_str("&lang=en");
            }
            Ok(Redirect::to(&page).into_response())
        }
        Err(refused) => {
            let problems = match &refused {
                MeetingRefused::Invalid(problems) => problems.clone(),
                _ => Vec::new(),
            };
            if matches!(refused, MeetingRefused::RateLimited) {
                tracing::warn!(%client, "booking rate limit reached");
            }
            let path = format!("/boka{}", form.page_query());
            form_again(&state, &path, None, refused, move |problem| {
                let problems = if problems.is_empty() {
                    vec![FieldProblem::of(problem, "")]
                } else {
                    problems
                };
                RejectedBooking { form, problems }
            })
            .await
        }
    }
}

/// The cancel form: the link's token.
#[derive(Debug, Deserialize)]
pub struct CancelForm {
    #[serde(default)]
    pub nyckel: String,
    #[serde(default)]
    pub lang: String,
}

pub async fn cancel(
    State(state): State<AppState>,
    headers: HeaderMap,
    FormOf(form): FormOf<CancelForm>,
) -> Result<Response, Error> {
    token_given(&form.nyckel)?;
    let site = state.site.origin(&headers);
    meetings::cancel(&state.pool, Some(form.nyckel.trim()), None, &site).await?;
    tracing::info!("meeting cancelled by the company");
    let mut page = booking_page(form.nyckel.trim());
    if form.lang == "en" {
        page.push_str("&lang=en");
    }
    Ok(Redirect::to(&page).into_response())
}

pub async fn calendar_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(link): Query<BookingLink>,
) -> Result<Response, Error> {
    token_given(&link.nyckel)?;
    let meeting = meetings::booked(&state.pool, link.nyckel.trim())
        .await?
        .ok_or(MeetingRefused::NotFound)?;
    let site = state.site.origin(&headers);
    let body = meetings::calendar(&meeting, &site, meeting.cancelled_at.is_some());
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"mote.ics\""),
    );
    // The link is the company's own: never kept by a shared cache.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}
