//! The planners' forms: saving a plan's or future area's draft, and each step of the way to
//! the public. A refused form shows its page again with why (422, 409, or 403 for approving
//! one's own revision); a done one goes to the plan's or area's page.

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use leptos::prelude::provide_context;
use markkartan_app::domain::{
    PlanningError, PlanningForm, PlanningKind, PlanningStepForm, Problem, RejectedPlanning,
    RejectedStep,
};

use crate::http::extract::{EditPlans, PathId, Sent};
use crate::http::{AppState, Error, render_page};
use crate::planning::{self, PlanningRefused, Step};

/// The forms' routes, for each kind: `/personal/plan/…` and `/personal/framtida-omrade/…`.
pub fn routes() -> axum::Router<AppState> {
    use axum::routing::post;
    PlanningKind::ALL
        .into_iter()
        .fold(axum::Router::new(), |router, kind| {
            let base = format!("/personal/{}", kind.segment());
            router
                .route(&format!("{base}/ny"), post(create))
                .route(&format!("{base}/{{id}}"), post(update))
                .route(&format!("{base}/{{id}}/{{step}}"), post(step))
        })
}

/// The kind a form's path names (`/personal/plan/7`: a plan).
fn kind_of(uri: &axum::http::Uri) -> Result<PlanningKind, Error> {
    uri.path()
        .split('/')
        .nth(2)
        .and_then(PlanningKind::from_segment)
        .ok_or_else(|| Problem::not_found().into())
}

/// `POST /personal/{kind}/ny`: a new plan or area, as a draft.
pub async fn create(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    Sent(viewer, form, _): Sent<EditPlans, PlanningForm>,
) -> Result<Response, Error> {
    let kind = kind_of(&uri)?;
    save(state, viewer, kind, None, form).await
}

/// `POST /personal/{kind}/{id}`: the draft saved.
pub async fn update(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    PathId(id): PathId,
    Sent(viewer, form, _): Sent<EditPlans, PlanningForm>,
) -> Result<Response, Error> {
    let kind = kind_of(&uri)?;
    save(state, viewer, kind, Some(id), form).await
}

async fn save(
    state: AppState,
    viewer: markkartan_app::domain::Viewer,
    kind: PlanningKind,
    id: Option<i64>,
    form: PlanningForm,
) -> Result<Response, Error> {
    let (status, errors) = match planning::save(&state.pool, &viewer, kind, id, &form).await {
        Ok(id) => {
            tracing::info!(?kind, id, account = viewer.account_id, "planning draft saved");
            return Ok(Redirect::to(&format!("{}?sparad=1", kind.staff_path(id))).into_response());
        }
        Err(PlanningRefused::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(PlanningRefused::Conflict(message)) => (
            StatusCode::CONFLICT,
            vec![PlanningError::new("version", message)],
        ),
        Err(PlanningRefused::Forbidden(message)) => return Err(Problem::forbidden(message).into()),
        Err(PlanningRefused::NotFound) => return Err(Problem::not_found().into()),
        Err(PlanningRefused::Database(error)) => return Err(error.into()),
    };
    let rejected = RejectedPlanning { form, errors };
    let path = match id {
        Some(id) => kind.staff_path(id),
        None => format!("/personal/{}/ny", kind.segment()),
    };
    Ok(render_page(&state, &path, status, Some(viewer), move || {
        provide_context(rejected.clone())
    })
    .await)
}

/// `POST /personal/{kind}/{id}/{skicka | godkann | tillbaka | kassera | avpublicera}`.
pub async fn step(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    axum::extract::Path((_, step)): axum::extract::Path<(String, String)>,
    PathId(id): PathId,
    Sent(viewer, form, _): Sent<EditPlans, PlanningStepForm>,
) -> Result<Response, Error> {
    let kind = kind_of(&uri)?;
    let step = Step::from_segment(&step).ok_or_else(|| Error::from(Problem::not_found()))?;
    let now = state.clock.now();
    let outcome = planning::step(
        &state.pool,
        &viewer,
        kind,
        id,
        step,
        &form,
        state.planner_self_approval,
        now,
    )
    .await;
    let (status, message) = match outcome {
        Ok(done) => {
            tracing::info!(?kind, id, ?step, account = viewer.account_id, "planning step taken");
            return Ok(Redirect::to(&format!("{}?klart={}", kind.staff_path(id), done.key()))
                .into_response());
        }
        Err(PlanningRefused::Invalid(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errors
                .into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Err(PlanningRefused::Conflict(message)) => (StatusCode::CONFLICT, message),
        Err(PlanningRefused::Forbidden(message)) => (StatusCode::FORBIDDEN, message),
        Err(PlanningRefused::NotFound) => return Err(Problem::not_found().into()),
        Err(PlanningRefused::Database(error)) => return Err(error.into()),
    };
    let rejected = RejectedStep { message };
    Ok(
        render_page(&state, &kind.staff_path(id), status, Some(viewer), move || {
            provide_context(rejected.clone())
        })
        .await,
    )
}

csrf_forms!(PlanningForm, PlanningStepForm);
