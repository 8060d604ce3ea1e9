//! The staff workspace's HTTP side: who is signed in (a middleware), signing in and out, and
//! the workspace's forms. The forms are plain HTML POSTs; a refused one comes back as its page
//! rendered again with what was typed (422), the reason a save conflicted (409), or the sign-in
//! refusal (401, 429). Every state-changing request needs the session's CSRF token (the
//! [`Sent`] extractor); every other refusal is the boundary's [`Error`].

use axum::{
    extract::{Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use leptos::prelude::provide_context;
use markkartan_app::domain::{
    GeometryForm, GeometryOperation, InboxFilter, InterestUpdateForm, PlotEditForm, Problem,
    ProblemKind, RejectedAccount, RejectedGeometry, RejectedPlotEdit, RejectedSignIn, Role,
    SIGN_IN_FAILED, Viewer, inbox_csv, sign_in_limited,
};
use serde::Deserialize;

use super::extract::{
    ClientAddress, EditPlots, FormOf, HandleInterests, ManageAccounts, PathId, Sent, SignedIn,
    Staff,
};
use super::{AppState, Error, on_constraint, render_page};
use crate::auth::{self, SESSION_COOKIE, SESSION_HOURS, SignInRefused};
use crate::geometry;
use crate::workspace::{self, SaveRefused};

/// Finds the session the cookie names and puts its [`Viewer`] into the request's extensions;
/// without a valid session the request goes on anonymous.
pub async fn resolve_viewer(
    State(state): State<AppState>,
    jar: CookieJar,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(token) = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()) {
        match auth::viewer(&state.pool, &token).await {
            Ok(Some(viewer)) => {
                request.extensions_mut().insert(viewer);
            }
            Ok(None) => {}
            Err(error) => tracing::error!(%error, "looking up a session failed"),
        }
    }
    next.run(request).await
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
    let (status, message) =
        match auth::sign_in(&state.pool, &form.epost, &form.losenord, client).await {
            Ok(signed_in) => {
                tracing::info!(account = signed_in.viewer.account_id, "signed in");
                let cookie = Cookie::build((SESSION_COOKIE, signed_in.token))
                    .path("/")
                    .http_only(true)
                    .same_site(SameSite::Lax)
                    .secure(state.site.is_https())
                    .max_age(cookie::time::Duration::hours(SESSION_HOURS));
                return Ok((jar.add(cookie), Redirect::to("/personal")).into_response());
            }
            Err(SignInRefused::RateLimited { retry_after_secs }) => {
                tracing::warn!(%client, "sign-in throttled");
                let rejected = RejectedSignIn {
                    email: form.epost,
                    message: sign_in_limited(retry_after_secs),
                };
                let mut response = render_page(
                    &state,
                    "/personal/logga-in",
                    StatusCode::TOO_MANY_REQUESTS,
                    None,
                    move || provide_context(rejected.clone()),
                )
                .await;
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, retry_after_secs.into());
                return Ok(response);
            }
            Err(SignInRefused::Invalid) => (StatusCode::UNAUTHORIZED, SIGN_IN_FAILED.to_string()),
            Err(SignInRefused::Unreadable(problem)) => {
                (StatusCode::UNPROCESSABLE_ENTITY, problem.message)
            }
            Err(SignInRefused::Database(error)) => return Err(error.into()),
        };
    let rejected = RejectedSignIn {
        email: form.epost,
        message,
    };
    Ok(
        render_page(&state, "/personal/logga-in", status, None, move || {
            provide_context(rejected.clone())
        })
        .await,
    )
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

macro_rules! csrf_forms {
    ($($form:ty),*) => {
        $(impl super::extract::CsrfForm for $form {
            fn csrf(&self) -> &str {
                &self.csrf
            }
        })*
    };
}
csrf_forms!(
    CsrfOnly,
    PlotEditForm,
    InterestUpdateForm,
    NewAccountForm,
    AccountForm,
    GeometryForm
);

pub async fn save_plot(
    State(state): State<AppState>,
    PathId(id): PathId,
    Sent(viewer, form, _): Sent<EditPlots, PlotEditForm>,
) -> Result<Response, Error> {
    let path = format!("/personal/tomt/{id}");
    let (status, rejected) = match workspace::save_plot(&state.pool, &viewer, id, &form).await {
        Ok(version) => {
            tracing::info!(
                plot = id,
                version,
                account = viewer.account_id,
                "plot saved"
            );
            return Ok(Redirect::to(&format!("{path}?sparad=1")).into_response());
        }
        Err(SaveRefused::Invalid(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            RejectedPlotEdit {
                form,
                errors,
                meanwhile: Vec::new(),
            },
        ),
        Err(SaveRefused::Conflict {
            meanwhile,
            current_version,
        }) => {
            tracing::info!(plot = id, account = viewer.account_id, "stale save refused");
            // The form keeps what the editor typed, now based on the version they have seen
            // the changes of: saving again is a deliberate choice.
            let form = PlotEditForm {
                version: current_version.to_string(),
                ..form
            };
            (
                StatusCode::CONFLICT,
                RejectedPlotEdit {
                    form,
                    errors: Vec::new(),
                    meanwhile,
                },
            )
        }
        Err(other) => return Err(other.into()),
    };
    Ok(render_page(&state, &path, status, Some(viewer), move || {
        provide_context(rejected.clone())
    })
    .await)
}

pub async fn update_interest(
    State(state): State<AppState>,
    PathId(id): PathId,
    Sent(viewer, form, _): Sent<HandleInterests, InterestUpdateForm>,
) -> Result<Response, Error> {
    workspace::update_interest(&state.pool, &viewer, id, &form).await?;
    tracing::info!(
        interest = id,
        account = viewer.account_id,
        "interest updated"
    );
    Ok(Redirect::to(&format!("/personal/intresse/{id}?sparad=1")).into_response())
}

/// `GET /personal/intresse.csv`: the inbox as the filter shows it, for a spreadsheet.
pub async fn inbox_export(
    State(state): State<AppState>,
    // A download, not a change: no CSRF token, but the role is checked like everywhere.
    Staff(viewer, _): Staff<HandleInterests>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Response, Error> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or_default()).unwrap_or_default();
    let filter = InboxFilter::from_params(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    filter.check()?;
    let items = crate::db::inbox::list(&state.pool, &filter).await?;
    tracing::info!(
        account = viewer.account_id,
        rows = items.len(),
        "interests exported"
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"intresseanmalningar.csv\"",
            ),
        ],
        inbox_csv(&items),
    )
        .into_response())
}

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
    let problem = match Role::from_key(&form.roll) {
        None => Problem::field(ProblemKind::Invalid, "roll", "Välj en roll."),
        Some(role) => {
            match auth::create_account(&state.pool, &form.epost, &form.namn, role, &form.losenord)
                .await
            {
                Ok(id) => {
                    tracing::info!(
                        id,
                        by = viewer.account_id,
                        role = role.key(),
                        "account created"
                    );
                    return Ok(Redirect::to("/personal/konton").into_response());
                }
                Err(refused) => match Error::from(refused) {
                    Error::Problem(problem) => problem,
                    other => return Err(other),
                },
            }
        }
    };
    let status = StatusCode::from_u16(problem.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    let rejected = RejectedAccount {
        email: form.epost,
        name: form.namn,
        role: form.roll,
        message: problem.message,
    };
    Ok(render_page(
        &state,
        "/personal/konton",
        status,
        Some(viewer),
        move || provide_context(rejected.clone()),
    )
    .await)
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

/// `POST /personal/konton/{id}`: an admin changes an account's role or deactivates it (never
/// their own, so the last admin cannot lock everyone out by mistake).
pub async fn update_account(
    State(state): State<AppState>,
    PathId(id): PathId,
    Sent(viewer, form, _): Sent<ManageAccounts, AccountForm>,
) -> Result<Response, Error> {
    let role = Role::from_key(&form.roll)
        .ok_or_else(|| Problem::field(ProblemKind::Invalid, "roll", "Välj en roll."))?;
    let active = form.aktivt.is_some();
    if id == viewer.account_id && (role != viewer.role || !active) {
        return Err(Problem::field(
            ProblemKind::Invalid,
            "roll",
            "Du kan inte ändra din egen roll eller stänga ditt eget konto; be en annan administratör.",
        )
        .into());
    }
    if !crate::db::accounts::set_role_and_active(&state.pool, id, role, active).await? {
        return Err(Problem::not_found().into());
    }
    tracing::info!(
        id,
        by = viewer.account_id,
        role = role.key(),
        active,
        "account changed"
    );
    Ok(Redirect::to("/personal/konton").into_response())
}

/// `POST /personal/tomt/{id}/{geometri | dela | sla-ihop}`: reshape, split or merge.
pub async fn change_plot_geometry(
    State(state): State<AppState>,
    PathId(id): PathId,
    axum::extract::Path((_, operation)): axum::extract::Path<(String, String)>,
    Sent(viewer, form, _): Sent<EditPlots, GeometryForm>,
) -> Result<Response, Error> {
    let operation = match operation.as_str() {
        "geometri" => GeometryOperation::Reshape,
        "dela" => GeometryOperation::Split,
        "sla-ihop" => GeometryOperation::Merge,
        _ => return Err(Problem::not_found().into()),
    };
    geometry_operation(state, viewer, Some(id), operation, form).await
}

/// `POST /personal/tomter/ny`: a new plot.
pub async fn create_plot(
    State(state): State<AppState>,
    Sent(viewer, form, _): Sent<EditPlots, GeometryForm>,
) -> Result<Response, Error> {
    geometry_operation(state, viewer, None, GeometryOperation::Create, form).await
}

/// One way through every geometry form: run the operation, then go to the plot it leaves
/// (saved) or show the form's page again with why (422, or 409 when the plot changed since it
/// was loaded or another save got there first).
async fn geometry_operation(
    state: AppState,
    viewer: Viewer,
    id: Option<i64>,
    operation: GeometryOperation,
    form: GeometryForm,
) -> Result<Response, Error> {
    let pool = &state.pool;
    let done = match (operation, id) {
        (GeometryOperation::Reshape, Some(id)) => geometry::reshape(pool, &viewer, id, &form)
            .await
            .map(|_| id),
        (GeometryOperation::Split, Some(id)) => {
            geometry::split(pool, &viewer, id, &form).await.map(|_| id)
        }
        (GeometryOperation::Merge, Some(id)) => {
            geometry::merge(pool, &viewer, id, &form).await.map(|_| id)
        }
        (GeometryOperation::Create, _) => geometry::create(pool, &viewer, &form).await,
        (_, None) => Err(SaveRefused::NotFound),
    };
    let (status, message, meanwhile) = match done {
        Ok(plot) => {
            tracing::info!(plot, ?operation, account = viewer.account_id, "plot geometry saved");
            return Ok(Redirect::to(&format!("/personal/tomt/{plot}?sparad=1")).into_response());
        }
        Err(SaveRefused::Geometry(problem)) => {
            let status = if problem.is_conflict() {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            (status, problem.message(), Vec::new())
        }
        Err(SaveRefused::Invalid(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errors
                .into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
                .join(" "),
            Vec::new(),
        ),
        Err(SaveRefused::Conflict { meanwhile, .. }) => (
            StatusCode::CONFLICT,
            "Tomten har ändrats sedan du öppnade den (se nedan). Inget är sparat; gör ändringen igen på den nya versionen.".to_string(),
            meanwhile,
        ),
        // A stored rule (the overlap trigger, a taken designation) refused the write because
        // another save got there first: the form again, saying so.
        Err(SaveRefused::Database(error)) => match on_constraint(&error) {
            Some(problem) => (
                StatusCode::from_u16(problem.status()).unwrap_or(StatusCode::CONFLICT),
                problem.message,
                Vec::new(),
            ),
            None => return Err(Error::Database(error)),
        },
        Err(SaveRefused::NotFound) => return Err(Problem::not_found().into()),
    };
    let rejected = RejectedGeometry {
        operation,
        meanwhile,
        geometry: form.geometry,
        designation: form.designation,
        message,
    };
    let path = match id {
        Some(id) => format!("/personal/tomt/{id}"),
        None => "/personal".to_string(),
    };
    Ok(render_page(&state, &path, status, Some(viewer), move || {
        provide_context(rejected.clone())
    })
    .await)
}
