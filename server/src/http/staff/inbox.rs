//! The interest inbox's forms: handling an interest, and the export for a spreadsheet.

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use markkartan_app::domain::{InboxFilter, InterestUpdateForm, inbox_csv};

use crate::http::extract::{HandleInterests, PathId, Sent, Staff};
use crate::http::{AppState, Error};
use crate::workspace::{self};
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

csrf_forms!(InterestUpdateForm);
