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
    PlanningError, PlanningForm, PlanningKind, PlanningStep, PlanningStepForm, Problem,
    RejectedPlanning, RejectedStep,
};

use crate::http::extract::{EditPlans, PathId, Sent, Staff};
use crate::http::staff::import::read_upload;
use crate::http::{AppState, Error, form_again, render_page};
use crate::planning::{self, PlanningRefused};

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
    match planning::save(&state.pool, &viewer, kind, id, &form).await {
        Ok(id) => {
            tracing::info!(
                ?kind,
                id,
                account = viewer.account_id,
                "planning draft saved"
            );
            Ok(Redirect::to(&format!("{}?sparad=1", kind.staff_path(id))).into_response())
        }
        Err(refused) => {
            let errors = refused.field_errors();
            let path = match id {
                Some(id) => kind.staff_path(id),
                None => format!("/personal/{}/ny", kind.segment()),
            };
            form_again(&state, &path, Some(viewer), refused, |problem| {
                RejectedPlanning {
                    form,
                    errors: errors_or(errors, problem),
                    notice: None,
                }
            })
            .await
        }
    }
}

/// The refusal's errors by field, or the one problem as the error of its field.
fn errors_or(errors: Vec<PlanningError>, problem: &Problem) -> Vec<PlanningError> {
    if errors.is_empty() {
        vec![PlanningError::new(
            problem.field.as_deref().unwrap_or("version"),
            problem.message.clone(),
        )]
    } else {
        errors
    }
}

/// `POST /personal/{kind}/{id}/{step}`: a step of the workflow, by its segment in
/// [`markkartan_app::domain::PLANNING_STEPS`].
pub async fn step(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    axum::extract::Path((_, step)): axum::extract::Path<(String, String)>,
    PathId(id): PathId,
    Sent(viewer, form, _): Sent<EditPlans, PlanningStepForm>,
) -> Result<Response, Error> {
    let kind = kind_of(&uri)?;
    let step =
        PlanningStep::from_segment(&step).ok_or_else(|| Error::from(Problem::not_found()))?;
    let now = state.clock.now();
    let outcome = planning::step(
        &state.pool,
        &viewer,
        (kind, id),
        step,
        &form,
        state.planner_self_approval,
        now,
    )
    .await;
    match outcome {
        Ok(done) => {
            tracing::info!(
                ?kind,
                id,
                ?step,
                account = viewer.account_id,
                "planning step taken"
            );
            Ok(
                Redirect::to(&format!("{}?klart={}", kind.staff_path(id), done.done))
                    .into_response(),
            )
        }
        Err(refused) => {
            form_again(
                &state,
                &kind.staff_path(id),
                Some(viewer),
                refused,
                |problem| RejectedStep {
                    message: problem.message.clone(),
                },
            )
            .await
        }
    }
}

csrf_forms!(PlanningForm, PlanningStepForm);

/// `POST /personal/{kind}/{ny | id}/ytterkant`: an outline from a file, shown in the draft's
/// form on the page (nothing is stored until the draft is saved), or why the file was refused.
pub async fn outline_from_file(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    staff: Staff<EditPlans>,
    multipart: axum::extract::Multipart,
) -> Result<Response, Error> {
    let kind = kind_of(&uri)?;
    // `ny`: a new plan or area; else its id.
    let id = match uri.path().split('/').nth(3) {
        Some("ny") => None,
        Some(id) => Some(
            id.parse::<i64>()
                .map_err(|_| Error::from(Problem::not_found()))?,
        ),
        None => return Err(Problem::not_found().into()),
    };
    let upload = read_upload(multipart).await;
    // A file too large to read whole may have cut the form short; nothing is stored for it,
    // so only the role is checked.
    let viewer = match &upload {
        Ok(upload) => staff.sending(&upload.csrf)?,
        Err(_) => staff.0,
    };
    let read = match upload {
        Ok(upload) => {
            planning::outline_from_file(&state.pool, &upload.file_name, upload.bytes, upload.crs)
                .await
        }
        Err(problem) => Err(PlanningRefused::Invalid(vec![PlanningError::new(
            "fil",
            problem.message(),
        )])),
    };
    let mut form = match id {
        Some(id) => planning::form_for(&state.pool, kind, id)
            .await?
            .ok_or_else(|| Error::from(Problem::not_found()))?,
        None => PlanningForm::default(),
    };
    let path = match id {
        Some(id) => kind.staff_path(id),
        None => format!("/personal/{}/ny", kind.segment()),
    };
    match read {
        Ok((geojson, notice)) => {
            form.geometry = geojson;
            let filled = RejectedPlanning {
                form,
                errors: Vec::new(),
                notice: Some(notice),
            };
            Ok(
                render_page(&state, &path, StatusCode::OK, Some(viewer), move || {
                    provide_context(filled.clone())
                })
                .await,
            )
        }
        Err(refused) => {
            let errors = refused.field_errors();
            form_again(&state, &path, Some(viewer), refused, |problem| {
                RejectedPlanning {
                    form,
                    errors: errors_or(errors, problem),
                    notice: None,
                }
            })
            .await
        }
    }
}
