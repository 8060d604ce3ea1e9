//! The staff workspace (`/personal`), one file per feature, each with the server functions its
//! pages read through beside its components: sign-in, the overview, the plot editor (its
//! fields, its shape, its history), a new plot, accounts, the import, the interest inbox and
//! the planners' plans and future areas. What their pages share is in files of its own: the
//! bar at the top, what shows instead of a refused page, the map the editors draw on, and, on
//! the server only, the source of the workspace's data (`service`).
//!
//! Every form in the workspace is a plain HTML POST to the server (server/src/http/staff/), so
//! it works without JavaScript and the server checks the session, the role and the CSRF token
//! on each. The data comes from server functions that check the role too: hiding a link is
//! never the protection. The workspace is in Swedish: its users are the municipality's staff.

pub(crate) mod accounts;
pub(crate) mod contacts;
mod draw_outline;
mod edit_map;
mod history;
pub(crate) mod import;
pub(crate) mod inbox;
/// The insights page is rendered on the server only (`crate::is_server_page`).
#[cfg(feature = "ssr")]
pub(crate) mod insights;
#[cfg(not(feature = "ssr"))]
pub(crate) mod insights {
    use leptos::prelude::*;

    #[component]
    pub fn InsightsPageView() -> impl IntoView {
        crate::public::load_from_server();
    }
}
pub(crate) mod meetings;
mod new_plot;
pub(crate) mod overview;
pub(crate) mod planning;
mod planning_draft;
mod planning_map;
pub(crate) mod planning_overview;
pub(crate) mod plot_editor;
mod plot_geometry;
/// A proposal's page is rendered on the server only (`crate::is_server_page`): the staff bundle
/// does not carry it, and a link there loads it from the server.
#[cfg(feature = "ssr")]
pub(crate) mod proposal;
#[cfg(not(feature = "ssr"))]
pub(crate) mod proposal {
    use leptos::prelude::*;

    #[component]
    pub fn ProposalEditorPage() -> impl IntoView {
        #[cfg(feature = "hydrate")]
        {
            let location = window().location();
            let _ = location.assign(&location.pathname().unwrap_or_default());
        }
    }
}
mod refused;
#[cfg(feature = "ssr")]
pub mod service;
pub(crate) mod sign_in;
pub(crate) mod texts;
mod vertex_handles;
mod workspace_bar;
