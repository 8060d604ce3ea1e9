//! An outage that says so. While the database cannot be reached (`db/health.rs` keeps the flag),
//! every request that needs it is answered 503 at once, as a page or as JSON like every other
//! problem, instead of each waiting for a connection that will not come; the static files are
//! served as ever and `/healthz` answers for itself. Every 503, whichever path it came from (a
//! page, a server function, the API, a feed, a tile, or this), tells clients when to come back
//! and caches not to keep it; one from below also asks the probe to look at once.

use axum::{
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    response::Response,
};
use markkartan_app::domain::Problem;

use super::{AppState, error, security};

/// Seconds a client is asked to wait before it tries again.
const RETRY_AFTER_SECS: u32 = 5;

/// A request that needs the database while it cannot be reached: refused at once (`answer`).
pub struct Refusal {
    json: bool,
    page: String,
}

impl Refusal {
    pub fn of(state: &AppState, request: &Request) -> Option<Self> {
        let path = request.uri().path();
        let needs_database = !(security::is_static_file(path) || path == "/healthz");
        if !needs_database || state.database.is_reachable() {
            return None;
        }
        Some(Refusal {
            json: error::wants_json(request),
            page: error::page_of(request.uri()),
        })
    }

    /// The 503, as a page or as JSON like every other problem.
    pub async fn answer(self, state: &AppState) -> Response {
        let response =
            error::present(state, Problem::unavailable(), self.json, &self.page, None).await;
        come_back_later(response)
    }
}

/// A 503 from below: when to come back, and the probe looks at the database at once.
pub fn after(state: &AppState, response: Response) -> Response {
    if response.status() != StatusCode::SERVICE_UNAVAILABLE {
        return response;
    }
    state.database.check_soon();
    come_back_later(response)
}

fn come_back_later(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
