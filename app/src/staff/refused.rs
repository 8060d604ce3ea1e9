//! What a workspace page shows instead of what its URL names, when the viewer may not see it
//! (401, 403) or there is no such thing (404): why, and the way back.

use leptos::prelude::*;

use crate::PageTitle;
use crate::domain::{Problem, ProblemKind};
use crate::staff::texts::{self, SV as T};

/// Shown instead of a workspace page the viewer may not see.
#[component]
pub(crate) fn Refused(problem: Problem) -> impl IntoView {
    // Someone signed in and refused (403) needs the way back, not a sign-in form.
    let way_on = if problem.kind == ProblemKind::NotSignedIn {
        view! { <a class="button" href="/personal/logga-in">{T.sign_in}</a> }.into_any()
    } else {
        view! { <a class="button" href="/personal">{T.to_workspace}</a> }.into_any()
    };
    view! {
        <p role="alert" class="workspace-refused">{error_message(&problem)}</p>
        <p>{way_on}</p>
    }
}

/// A workspace page's words for when the thing its URL names is missing or refused.
pub(crate) struct Missing {
    /// The page's heading when the viewer may not see it.
    pub page: &'static str,
    /// Heading (and title) when there is no such thing, e.g. "Tomten finns inte".
    pub not_found: &'static str,
    pub back_href: &'static str,
    pub back_text: &'static str,
}

/// One thing loaded for a workspace page: shown by `found`, or "not found" (404) with the way
/// back, or why the viewer may not see it (401/403, set by the server function).
pub(crate) fn found_or_refused<T>(
    loaded: Result<Option<T>, Problem>,
    missing: Missing,
    found: impl FnOnce(T) -> AnyView,
) -> AnyView {
    match loaded {
        Ok(Some(thing)) => found(thing),
        Ok(None) => {
            crate::set_status_not_found();
            view! {
                <PageTitle text=texts::page_title(missing.not_found) />
                <h1 class="page-title">{missing.not_found}</h1>
                <p><a href=missing.back_href>{missing.back_text}</a></p>
            }
            .into_any()
        }
        Err(error) => view! {
            <PageTitle text=T.staff_title />
            <h1 class="page-title">{missing.page}</h1>
            <Refused problem=error />
        }
        .into_any(),
    }
}

/// What a refusal says: the server's own words, except for a failure inside it, which the
/// server has logged and the viewer cannot act on.
fn error_message(problem: &Problem) -> String {
    match problem.kind {
        ProblemKind::Unavailable | ProblemKind::Internal => T.unavailable.to_string(),
        _ => problem.message.clone(),
    }
}
