//! The staff workspace's HTTP side: who is signed in (a middleware), signing in and out, and
//! saving a plot. The forms are plain HTML POSTs; a refused one comes back as its page rendered
//! again with what was typed (422), the reason a save conflicted (409), or the sign-in refusal
//! (401, 429). Every state-changing request needs the session's CSRF token.

use std::marker::PhantomData;
use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, FromRequest, FromRequestParts, Path, Request, State},
    http::request::Parts,
    http::{StatusCode, header},
    middleware::Next,
    response::{Html, IntoResponse, Redirect, Response},
};
use axum_extra::extract::{
    Form,
    cookie::{Cookie, CookieJar, SameSite},
};
use leptos::prelude::provide_context;
use markkartan_app::domain::{
    Denied, GeometryForm, GeometryOperation, InboxFilter, InterestUpdateForm, Permission,
    PlotEditForm, RejectedAccount, RejectedGeometry, RejectedPlotEdit, RejectedSignIn, Role,
    SIGN_IN_FAILED, SIGN_IN_LIMITED, Viewer, inbox_csv,
};
use serde::Deserialize;

use super::{ApiError, AppState, render_page};
use crate::auth::{self, SESSION_COOKIE, SESSION_HOURS, SignInRefused};
use crate::geometry;
use crate::workspace::{self, SaveRefused, UpdateRefused};

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

pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    jar: CookieJar,
    Form(form): Form<SignInForm>,
) -> Response {
    match auth::sign_in(&state.pool, &form.epost, &form.losenord, peer.ip()).await {
        Ok(signed_in) => {
            tracing::info!(account = signed_in.viewer.account_id, "signed in");
            let cookie = Cookie::build((SESSION_COOKIE, signed_in.token))
                .path("/")
                .http_only(true)
                .same_site(SameSite::Lax)
                .secure(state.secure_cookies())
                .max_age(time_hours(SESSION_HOURS));
            (jar.add(cookie), Redirect::to("/personal")).into_response()
        }
        Err(SignInRefused::Database(error)) => ApiError::Database(error).into_response(),
        Err(refused) => {
            let (status, message) = match refused {
                SignInRefused::RateLimited => {
                    tracing::warn!(%peer, "sign-in rate limit reached");
                    (StatusCode::TOO_MANY_REQUESTS, SIGN_IN_LIMITED)
                }
                _ => (StatusCode::UNAUTHORIZED, SIGN_IN_FAILED),
            };
            let rejected = RejectedSignIn {
                email: form.epost,
                message: message.to_string(),
            };
            render_page(&state, "/personal/logga-in", status, None, move || {
                provide_context(rejected.clone())
            })
            .await
        }
    }
}

fn time_hours(hours: i64) -> cookie::time::Duration {
    cookie::time::Duration::hours(hours)
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
) -> Response {
    if let Some(token) = jar.get(SESSION_COOKIE).map(|c| c.value().to_string())
        && let Err(error) = auth::sign_out(&state.pool, &token).await
    {
        return ApiError::Database(error).into_response();
    }
    tracing::info!(account = viewer.account_id, "signed out");
    (
        jar.remove(Cookie::build(SESSION_COOKIE).path("/")),
        Redirect::to("/personal/logga-in"),
    )
        .into_response()
}

/// What a workspace request needs of whoever sends it: a permission, or only being signed in.
pub(super) trait Need {
    const PERMISSION: Option<Permission>;
}

/// Any signed-in account.
pub(super) struct SignedIn;
pub(super) struct EditPlots;
pub(super) struct HandleInterests;
pub(super) struct ManageAccounts;

impl Need for SignedIn {
    const PERMISSION: Option<Permission> = None;
}
impl Need for EditPlots {
    const PERMISSION: Option<Permission> = Some(Permission::EditPlots);
}
impl Need for HandleInterests {
    const PERMISSION: Option<Permission> = Some(Permission::HandleInterests);
}
impl Need for ManageAccounts {
    const PERMISSION: Option<Permission> = Some(Permission::ManageAccounts);
}

/// The signed-in viewer whose role allows what `N` needs (the [`resolve_viewer`] middleware
/// found them); any other request is refused, 401 or 403, before its handler runs.
pub(super) struct Staff<N>(pub Viewer, pub PhantomData<fn() -> N>);

impl<S: Send + Sync, N: Need> FromRequestParts<S> for Staff<N> {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refusal> {
        let viewer = parts.extensions.get::<Viewer>().cloned();
        match N::PERMISSION {
            Some(permission) => Viewer::require(viewer, permission),
            None => viewer.ok_or(Denied::NotSignedIn),
        }
        .map(|viewer| Staff(viewer, PhantomData))
        .map_err(|denied| Refusal {
            status: match denied {
                Denied::NotSignedIn => StatusCode::UNAUTHORIZED,
                Denied::Forbidden => StatusCode::FORBIDDEN,
            },
            message: denied.to_string(),
        })
    }
}

impl<N> Staff<N> {
    /// The viewer, for a request that changes something: only with the session's CSRF token.
    pub(super) fn sending(self, csrf: &str) -> Result<Viewer, Refusal> {
        if auth::tokens_match(csrf, &self.0.csrf_token) {
            Ok(self.0)
        } else {
            Err(Refusal {
                status: StatusCode::FORBIDDEN,
                message: "Formuläret har gått ut eller kom från en annan webbplats. Ladda om sidan och försök igen.".into(),
            })
        }
    }
}

/// A form that changes something: it carries the session's CSRF token.
pub(super) trait CsrfForm {
    fn csrf(&self) -> &str;
}

/// A state-changing form and who sent it: a viewer whose role allows what `N` needs, with the
/// session's CSRF token in the form. Refused (401, 403) before the handler runs otherwise.
pub(super) struct Sent<N, T>(pub Viewer, pub T, pub PhantomData<fn() -> N>);

impl<S, N, T> FromRequest<S> for Sent<N, T>
where
    S: Send + Sync,
    N: Need,
    T: CsrfForm + serde::de::DeserializeOwned,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let staff = Staff::<N>::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let Form(form) = Form::<T>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let viewer = staff
            .sending(form.csrf())
            .map_err(IntoResponse::into_response)?;
        Ok(Sent(viewer, form, PhantomData))
    }
}

macro_rules! csrf_forms {
    ($($form:ty),*) => {
        $(impl CsrfForm for $form {
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

/// A form read as its fields in order (the import preview's, whose mapping fields vary).
impl CsrfForm for Vec<(String, String)> {
    fn csrf(&self) -> &str {
        self.iter()
            .find(|(name, _)| name == "csrf")
            .map_or("", |(_, value)| value.as_str())
    }
}

/// A refused workspace request: a short page that says why and where to go.
pub(super) struct Refusal {
    status: StatusCode,
    message: String,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let page = format!(
            "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Markkartan</title></head>\
             <body><main><h1>Det gick inte</h1><p>{}</p>\
             <p><a href=\"/personal/logga-in\">Logga in</a> · <a href=\"/personal\">Arbetsytan</a></p></main></body></html>",
            self.message
        );
        (self.status, Html(page)).into_response()
    }
}

pub async fn save_plot(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Sent(viewer, form, _): Sent<EditPlots, PlotEditForm>,
) -> Response {
    let path = format!("/personal/tomt/{id}");
    let (status, rejected) = match workspace::save_plot(&state.pool, &viewer, id, &form).await {
        Ok(version) => {
            tracing::info!(
                plot = id,
                version,
                account = viewer.account_id,
                "plot saved"
            );
            return Redirect::to(&format!("{path}?sparad=1")).into_response();
        }
        Err(SaveRefused::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(SaveRefused::Database(error)) => return ApiError::Database(error).into_response(),
        Err(SaveRefused::Geometry(problem)) => {
            // The facts form carries no geometry; only a bug gets here.
            return Refusal {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                message: problem.message(),
            }
            .into_response();
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
    };
    render_page(&state, &path, status, Some(viewer), move || {
        provide_context(rejected.clone())
    })
    .await
}

pub async fn update_interest(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Sent(viewer, form, _): Sent<HandleInterests, InterestUpdateForm>,
) -> Response {
    match workspace::update_interest(&state.pool, &viewer, id, &form).await {
        Ok(()) => {
            tracing::info!(
                interest = id,
                account = viewer.account_id,
                "interest updated"
            );
            Redirect::to(&format!("/personal/intresse/{id}?sparad=1")).into_response()
        }
        Err(UpdateRefused::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(UpdateRefused::Invalid(message)) => Refusal {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message,
        }
        .into_response(),
        Err(UpdateRefused::Database(error)) => ApiError::Database(error).into_response(),
    }
}

/// `GET /personal/intresse.csv`: the inbox as the filter shows it, for a spreadsheet.
pub async fn inbox_export(
    State(state): State<AppState>,
    // A download, not a change: no CSRF token, but the role is checked like everywhere.
    Staff(viewer, _): Staff<HandleInterests>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Response {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or_default()).unwrap_or_default();
    let filter = InboxFilter::from_params(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    match crate::db::inbox::list(&state.pool, &filter).await {
        Ok(items) => {
            tracing::info!(
                account = viewer.account_id,
                rows = items.len(),
                "interests exported"
            );
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"intresseanmalningar.csv\"",
                    ),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                inbox_csv(&items),
            )
                .into_response()
        }
        Err(error) => ApiError::Database(error).into_response(),
    }
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
) -> Response {
    let refused = |message: String| RejectedAccount {
        email: form.epost.clone(),
        name: form.namn.clone(),
        role: form.roll.clone(),
        message,
    };
    let rejected = match Role::from_key(&form.roll) {
        None => refused("Välj en roll.".into()),
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
                    return Redirect::to("/personal/konton").into_response();
                }
                Err(auth::AccountRefused::Database(error)) => {
                    return ApiError::Database(error).into_response();
                }
                Err(refusal) => refused(refusal.to_string()),
            }
        }
    };
    render_page(
        &state,
        "/personal/konton",
        StatusCode::UNPROCESSABLE_ENTITY,
        Some(viewer),
        move || provide_context(rejected.clone()),
    )
    .await
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
    Path(id): Path<i64>,
    Sent(viewer, form, _): Sent<ManageAccounts, AccountForm>,
) -> Response {
    let Some(role) = Role::from_key(&form.roll) else {
        return Refusal {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: "Välj en roll.".into(),
        }
        .into_response();
    };
    let active = form.aktivt.is_some();
    if id == viewer.account_id && (role != viewer.role || !active) {
        return Refusal {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: "Du kan inte ändra din egen roll eller stänga ditt eget konto; be en annan administratör.".into(),
        }
        .into_response();
    }
    match crate::db::accounts::set_role_and_active(&state.pool, id, role, active).await {
        Ok(true) => {
            tracing::info!(
                id,
                by = viewer.account_id,
                role = role.key(),
                active,
                "account changed"
            );
            Redirect::to("/personal/konton").into_response()
        }
        Ok(false) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => ApiError::Database(error).into_response(),
    }
}

/// `POST /personal/tomt/{id}/{geometri | dela | sla-ihop}`: reshape, split or merge.
pub async fn change_plot_geometry(
    State(state): State<AppState>,
    Path((id, operation)): Path<(i64, String)>,
    Sent(viewer, form, _): Sent<EditPlots, GeometryForm>,
) -> Response {
    let operation = match operation.as_str() {
        "geometri" => GeometryOperation::Reshape,
        "dela" => GeometryOperation::Split,
        "sla-ihop" => GeometryOperation::Merge,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    geometry_operation(state, viewer, Some(id), operation, form).await
}

/// `POST /personal/tomter/ny`: a new plot.
pub async fn create_plot(
    State(state): State<AppState>,
    Sent(viewer, form, _): Sent<EditPlots, GeometryForm>,
) -> Response {
    geometry_operation(state, viewer, None, GeometryOperation::Create, form).await
}

/// One way through every geometry form: run the operation, then go to the
/// plot it leaves (saved) or show the form's page again with why (422, or 409 when the plot
/// changed since it was loaded).
async fn geometry_operation(
    state: AppState,
    viewer: Viewer,
    id: Option<i64>,
    operation: GeometryOperation,
    form: GeometryForm,
) -> Response {
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
            return Redirect::to(&format!("/personal/tomt/{plot}?sparad=1")).into_response();
        }
        Err(SaveRefused::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(SaveRefused::Database(error)) => return ApiError::Database(error).into_response(),
        Err(SaveRefused::Geometry(problem)) => {
            (StatusCode::UNPROCESSABLE_ENTITY, problem.message(), Vec::new())
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
    render_page(&state, &path, status, Some(viewer), move || {
        provide_context(rejected.clone())
    })
    .await
}
