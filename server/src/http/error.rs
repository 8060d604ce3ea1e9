//! The one error type of the JSON API, mapped once to status codes and bodies.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The database could not be reached or failed; details go to the log, not the client.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A fault of our own (a bug); logged, and the client gets a plain 500.
    #[error("internal error: {0}")]
    Internal(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Database(error) => {
                tracing::error!(%error, "database error");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    Json(json!({ "error": "Tjänsten är tillfälligt otillgänglig. Försök igen om en stund." })),
                )
                    .into_response()
            }
            ApiError::Internal(error) => {
                tracing::error!(%error, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Json(json!({ "error": "Ett fel uppstod i tjänsten." })),
                )
                    .into_response()
            }
        }
    }
}
