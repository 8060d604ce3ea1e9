//! The JSON API and the health check.

use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::IntoResponse,
};
use serde_json::json;
use sqlx::PgPool;

use super::Error;
use crate::db;

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
pub async fn healthz(State(pool): State<PgPool>) -> impl IntoResponse {
    match db::ping(&pool).await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "ok" })),
        ),
        Err(error) => {
            tracing::warn!(%error, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": "unreachable" })),
            )
        }
    }
}

/// `GET /api/plots`: the published plots as an RFC 7946 GeoJSON FeatureCollection.
pub async fn plots_geojson(State(pool): State<PgPool>) -> Result<impl IntoResponse, Error> {
    let body = crate::catalog::published_geojson(&pool).await?;
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], body))
}
