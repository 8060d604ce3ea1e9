//! Who is signed in (found for every request at the edge, `http::edge`), signing in (only from
//! this site, throttled per account and address) and signing out.

use axum::{
    extract::{Request, State},
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use markkartan_app::domain::{Problem, RejectedSignIn};
use serde::Deserialize;

use crate::auth::{self, SESSION_COOKIE, SESSION_HOURS, SignInRefused};
use crate::http::extract::{ClientAddress, FormOf, Sent, SignedIn};
use crate::http::{AppState, Error, form_again};
/// Finds the session the cookie names and puts its [`Viewer`] into the request's extensions;
/// without a valid session the request goes on anonymous.
pub async fn resolve_viewer(state: &AppState, mut request: Request) -> Request {
    let jar = CookieJar::from_headers(request.headers());
    if let Some(token) = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()) {
        match auth::viewer(&state.pool, &token).await {
            Ok(Some(viewer)) => {
                request.extensions_mut().insert(viewer);
            }
            Ok(None) => {}
            Err(error) => tracing::error!(%error, "looking up a session failed"),
        }
    }
    request
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    epost: String,
    #[serde(default)]
    losenord: String,
}

/// `POST /personal/logga-in`. It carries no CSRF token (there is no session yet), so it must
/// come from this site: a browser's `Origin` (or `Referer`) naming another site is refused, and
/// no other page can sign a visitor in to an account of its choosing.
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    headers: axum::http::HeaderMap,
    FormOf(form): FormOf<SignInForm>,
) -> Result<Response, Error> {
    refuse_other_origins(&state, &headers)?;
    match auth::sign_in(&state.pool, &form.epost, &form.losenord, client).await {
        Ok(signed_in) => {
            tracing::info!(account = signed_in.viewer.account_id, "signed in");
            let cookie = Cookie::build((SESSION_COOKIE, signed_in.token))
                .path("/")
                .http_only(true)
                .same_site(SameSite::Lax)
                .secure(state.site.is_https())
                .max_age(cookie::time::Duration::hours(SESSION_HOURS));
            Ok((jar.add(cookie), Redirect::to("/personal")).into_response())
        }
        Err(refused) => {
            if let SignInRefused::RateLimited { .. } = refused {
                tracing::warn!(%client, "sign-in throttled");
            }
            form_again(&state, "/personal/logga-in", None, refused, |problem| {
                RejectedSignIn {
                    email: form.epost,
                    message: problem.message.clone(),
                }
            })
            .await
        }
    }
}

/// A sign-in whose browser says it comes from another site. A request without `Origin` and
/// `Referer` is no browser's cross-site form (they send `Origin` with every POST).
fn refuse_other_origins(state: &AppState, headers: &axum::http::HeaderMap) -> Result<(), Error> {
    let sent_from = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .map(|value| value.to_str().unwrap_or("null"));
    let Some(sent_from) = sent_from else {
        return Ok(());
    };
    // A Referer is a whole URL; its origin is what is compared.
    let origin = match sent_from.match_indices('/').nth(2) {
        Some((end, _)) => &sent_from[..end],
        None => sent_from,
    };
    if state.site.is_own_origin(origin, headers) {
        Ok(())
    } else {
        tracing::warn!(origin, "sign-in from another site refused");
        Err(Problem::forbidden(
            "Inloggningen kom från en annan webbplats. Logga in på Markkartans egen sida.",
        )
        .in_english("The sign-in came from another site. Sign in on Markkartan's own page.")
        .into())
    }
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

pub async fn sign_out(
    State(state): State<AppState>,
    jar: CookieJar,
    Sent(viewer, _, _): Sent<SignedIn, CsrfOnly>,
) -> Result<Response, Error> {
    if let Some(token) = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()) {
        auth::sign_out(&state.pool, &token).await?;
    }
    tracing::info!(account = viewer.account_id, "signed out");
    Ok((
        jar.remove(Cookie::build(SESSION_COOKIE).path("/")),
        Redirect::to("/personal/logga-in"),
    )
        .into_response())
}

csrf_forms!(CsrfOnly);
