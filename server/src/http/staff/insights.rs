//! `GET /personal/insikter.csv?del=…`: one table of the insights page for a spreadsheet, the
//! same cells the page shows (`InsightSection::table`), in the page's language (`lang`).

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use markkartan_app::domain::{InsightSection, Lang, Problem};

use crate::http::extract::{ReadInsights, Staff};
use crate::http::{AppState, Error};

pub async fn insights_export(
    State(state): State<AppState>,
    // A download, not a change: no CSRF token, but the role is checked like everywhere.
    Staff(viewer, _): Staff<ReadInsights>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Response, Error> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or_default()).unwrap_or_default();
    let param = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let section = param("del")
        .and_then(InsightSection::from_key)
        .ok_or_else(|| {
            Problem::bad_value(
                "del",
                "vilken tabell, t.ex. utbud-ort",
                "which table, e.g. utbud-ort",
            )
        })?;
    let lang = param("lang").and_then(Lang::from_code).unwrap_or_default();
    let account = viewer.account_id;
    let page = state.workspace.insights(viewer, lang).await?;
    let table = section.table(&page.insights, lang);
    let headers: Vec<&str> = table.headers.iter().map(String::as_str).collect();
    let csv = crate::http::spreadsheet::csv_text(&headers, table.rows)
        .map_err(|error| Error::Internal(format!("writing insights as CSV: {error}")))?;
    tracing::info!(account, section = section.key(), "insights exported");
    let disposition = format!("attachment; filename=\"insikter-{}.csv\"", section.key());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        csv,
    )
        .into_response())
}
