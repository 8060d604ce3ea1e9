//! The plot editor's forms: saving a plot's facts, and every geometry change (reshape, split,
//! merge, a new plot) through one path.

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use leptos::prelude::provide_context;
use markkartan_app::domain::{
    GeometryForm, GeometryOperation, PlotEditForm, Problem, RejectedGeometry, RejectedPlotEdit,
    Viewer,
};

use crate::geometry;
use crate::http::extract::{EditPlots, PathId, Sent};
use crate::http::{AppState, Error, on_constraint, render_page};
use crate::workspace::{self, SaveRefused};
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

csrf_forms!(PlotEditForm, GeometryForm);
