//! The plot editor's forms: saving a plot's facts, and every geometry change (reshape, split,
//! merge, a new plot) through one path.

use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use markkartan_app::domain::{
    GeometryForm, GeometryOperation, PlotEditForm, Problem, RejectedGeometry, RejectedPlotEdit,
    Viewer,
};

use crate::geometry;
use crate::http::extract::{EditPlots, PathId, Sent};
use crate::http::{AppState, Error, form_again};
use crate::workspace::{self, SaveRefused};
pub async fn save_plot(
    State(state): State<AppState>,
    PathId(id): PathId,
    Sent(viewer, form, _): Sent<EditPlots, PlotEditForm>,
) -> Result<Response, Error> {
    let path = format!("/personal/tomt/{id}");
    match workspace::save_plot(&state.pool, &viewer, id, &form).await {
        Ok(version) => {
            tracing::info!(
                plot = id,
                version,
                account = viewer.account_id,
                "plot saved"
            );
            Ok(Redirect::to(&format!("{path}?sparad=1")).into_response())
        }
        Err(refused) => {
            let (errors, meanwhile) = refused.shown_with_form();
            // After a conflict the form keeps what the editor typed, now based on the version
            // they have seen the changes of: saving again is a deliberate choice.
            let form = match refused.current_version() {
                Some(version) => PlotEditForm {
                    version: version.to_string(),
                    ..form
                },
                None => form,
            };
            form_again(&state, &path, Some(viewer), refused, |_| RejectedPlotEdit {
                form,
                errors,
                meanwhile,
            })
            .await
        }
    }
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
    match done {
        Ok(plot) => {
            tracing::info!(
                plot,
                ?operation,
                account = viewer.account_id,
                "plot geometry saved"
            );
            Ok(Redirect::to(&format!("/personal/tomt/{plot}?sparad=1")).into_response())
        }
        Err(refused) => {
            let (_, meanwhile) = refused.shown_with_form();
            let path = match id {
                Some(id) => format!("/personal/tomt/{id}"),
                None => "/personal".to_string(),
            };
            form_again(&state, &path, Some(viewer), refused, |problem| {
                RejectedGeometry {
                    operation,
                    meanwhile,
                    geometry: form.geometry,
                    designation: form.designation,
                    message: problem.message.clone(),
                }
            })
            .await
        }
    }
}

csrf_forms!(PlotEditForm, GeometryForm);
