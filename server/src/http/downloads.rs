//! The published plots as open data, for the list page's download links: `/tomter.geojson`,
//! `/tomter.csv` and `/tomter.gpkg`, each keeping the plots the list's filter keeps (the same
//! query parameters), in its order. One set of fields for all three (README, "Open data"):
//! the names of the "Lediga tomter" specification where this project could match them, and
//! Markkartan's own, documented, where it could not.

use axum::{
    extract::{Query, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use markkartan_app::domain::{Lang, PlotFilter, Problem, ProblemKind};
use serde_json::{Value, json};

use super::{AppState, Error};
use crate::db::{self, downloads::OpenPlot};

/// The fields of every download, in order (the GeoPackage's columns are the same).
pub const FIELDS: [&str; 23] = [
    "id",
    "designation",
    "municipality_code",
    "business_area",
    "locality",
    "status",
    "area_m2",
    "price_sek_per_m2",
    "permitted_uses",
    "water_sewage",
    "electrical_capacity_kw",
    "district_heating",
    "fiber",
    "max_building_height_m",
    "max_site_coverage_percent",
    "description",
    "description_en",
    "updated",
    "latitude",
    "longitude",
    "url",
    "wkt",
    "geometry",
];

/// The plots the list page's filter keeps, in its order; a parameter it cannot read is a 400
/// naming it.
async fn chosen(state: &AppState, pairs: &[(String, String)]) -> Result<Vec<OpenPlot>, Error> {
    let (filter, errors) =
        PlotFilter::from_params(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if let Some(error) = errors.first() {
        return Err(Problem::field(
            ProblemKind::BadRequest,
            error.field,
            error.problem.message(Lang::Sv),
        )
        .in_english(error.problem.message(Lang::En))
        .into());
    }
    let ids = db::search::plot_ids(&state.pool, &filter).await?;
    Ok(db::downloads::plots(&state.pool, &ids).await?)
}

fn attachment(content_type: &str, extension: &str, body: impl IntoResponse) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"lediga-tomter-norrtalje.{extension}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// A plot's facts as the downloads name them (without the outline).
fn facts(plot: &OpenPlot, origin: &str) -> Vec<(&'static str, Value)> {
    vec![
        ("id", json!(plot.id)),
        ("designation", json!(plot.designation)),
        ("municipality_code", json!(plot.municipality_code)),
        ("business_area", json!(plot.business_area)),
        ("locality", json!(plot.locality)),
        ("status", json!(plot.status)),
        ("area_m2", json!(plot.area_m2)),
        ("price_sek_per_m2", json!(plot.price_sek_per_m2)),
        ("permitted_uses", json!(plot.permitted_uses)),
        ("water_sewage", json!(plot.water_sewage)),
        ("electrical_capacity_kw", json!(plot.electrical_capacity_kw)),
        ("district_heating", json!(plot.district_heating)),
        ("fiber", json!(plot.fiber)),
        ("max_building_height_m", json!(plot.max_building_height_m)),
        (
            "max_site_coverage_percent",
            json!(plot.max_site_coverage_percent),
        ),
        ("description", json!(plot.description)),
        ("description_en", json!(plot.description_en)),
        (
            "updated",
            json!(
                plot.updated_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ),
        ),
        ("latitude", json!(plot.latitude)),
        ("longitude", json!(plot.longitude)),
        ("url", json!(format!("{origin}/tomt/{}", plot.id))),
    ]
}

pub async fn geojson(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, Error> {
    let origin = state.site.origin(&headers);
    let plots = chosen(&state, &pairs).await?;
    let features: Vec<Value> = plots
        .iter()
        .map(|plot| {
            let properties: serde_json::Map<String, Value> = facts(plot, &origin)
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
            json!({
                "type": "Feature",
                "id": plot.id,
                "geometry": serde_json::from_str::<Value>(&plot.geojson).unwrap_or(Value::Null),
                "properties": properties,
            })
        })
        .collect();
    let body = json!({ "type": "FeatureCollection", "features": features }).to_string();
    Ok(attachment("application/geo+json", "geojson", body))
}

pub async fn csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, Error> {
    let origin = state.site.origin(&headers);
    let plots = chosen(&state, &pairs).await?;
    let rows = plots.iter().map(|plot| {
        let mut row: Vec<String> = facts(plot, &origin)
            .into_iter()
            .map(|(_, value)| match value {
                Value::String(text) => text,
                Value::Null => String::new(),
                Value::Array(items) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.to_string(),
            })
            .collect();
        row.push(plot.wkt.clone());
        row
    });
    let text = super::spreadsheet::csv_text(&FIELDS[..FIELDS.len() - 1], rows)
        .map_err(|e| Error::Internal(format!("writing the plots' CSV: {e}")))?;
    Ok(attachment("text/csv; charset=utf-8", "csv", text))
}

pub async fn geopackage(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, Error> {
    let origin = state.site.origin(&headers);
    let plots = chosen(&state, &pairs).await?;
    let wkt = db::downloads::sweref99_tm_wkt(&state.pool).await?;
    let file = crate::geopackage::plots(&plots, &wkt, &origin)
        .await
        .map_err(|e| Error::Internal(format!("writing the plots' GeoPackage: {e}")))?;
    Ok(attachment("application/geopackage+sqlite3", "gpkg", file))
}
