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
use crate::db::{self, health::Reachability};

/// `GET /healthz`: 200 when the database answers, 503 when it does not (at once while the
/// probe knows it cannot be reached).
pub async fn healthz(
    State(pool): State<PgPool>,
    State(database): State<Reachability>,
) -> impl IntoResponse {
    let answer = if database.is_reachable() {
        db::ping(&pool).await
    } else {
        Err(sqlx::Error::PoolTimedOut)
    };
    match answer {
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
