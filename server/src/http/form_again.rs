//! The one way a refused form answers: its page rendered again at the form's address, with what
//! was typed and why, at the status the refusal's [`Problem`] has (422 a value breaks a rule,
//! 409 someone else got there first, 403, 401 and 429 with `Retry-After`). Every service's
//! refusal converts into the boundary's [`Error`] once (`error.rs`); a refusal that is not the
//! form's to show (nothing at that address, the database down, a bug) is answered as that error.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::Response,
};
use leptos::prelude::provide_context;
use markkartan_app::domain::{Problem, ProblemKind, Viewer};

use super::{AppState, Error, render_page};

/// The page at `path` again, with `rejected(problem)` in its context for the form to show.
pub async fn form_again<T>(
    state: &AppState,
    path: &str,
    viewer: Option<Viewer>,
    refused: impl Into<Error>,
    rejected: impl FnOnce(&Problem) -> T,
) -> Result<Response, Error>
where
    T: Clone + Send + Sync + 'static,
{
    let problem = match refused.into() {
        Error::Problem(problem) if shown_in_form(&problem) => problem,
        other => return Err(other),
    };
    let status = StatusCode::from_u16(problem.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let context = rejected(&problem);
    let mut response = render_page(state, path, status, viewer, move || {
        provide_context(context.clone())
    })
    .await;
    if let ProblemKind::TooManyRequests { retry_after_secs } = problem.kind {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
    }
    Ok(response)
}

/// Whether the form can say it: what the person typed or when they sent it, not a missing page
/// or a fault of the service.
fn shown_in_form(problem: &Problem) -> bool {
    !matches!(
        problem.kind,
        ProblemKind::NotFound | ProblemKind::Unavailable | ProblemKind::Internal
    )
}
