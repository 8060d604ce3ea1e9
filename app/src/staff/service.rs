//! What the workspace's server functions stand on, on the server only: the source of its data
//! (`Workspace`, which the server implements over the database as `DbWorkspace`), and the role
//! check every one of them makes first.

use leptos::prelude::*;

use crate::domain::{
    AccountsPage, Denied, ImportPreview, ImportStart, Inbox, InboxFilter, InterestCase, Permission,
    PlanningEditor, PlanningKind, PlanningOverview, PlotPage, Problem, ProblemKind, Viewer,
    WorkspaceOverview,
};
use crate::service::ServiceUnavailable;
use crate::staff::texts::SV as T;

/// The server-side source of the workspace's data. Every method gets the viewer the server
/// function has already authorised.
#[async_trait::async_trait]
pub trait Workspace: Send + Sync + 'static {
    async fn overview(&self, viewer: Viewer) -> Result<WorkspaceOverview, ServiceUnavailable>;

    /// The plot to edit, or a retired plot's record.
    async fn plot_page(
        &self,
        viewer: Viewer,
        id: i64,
    ) -> Result<Option<PlotPage>, ServiceUnavailable>;

    async fn inbox(&self, viewer: Viewer, filter: InboxFilter)
    -> Result<Inbox, ServiceUnavailable>;

    async fn interest_case(
        &self,
        viewer: Viewer,
        id: i64,
    ) -> Result<Option<InterestCase>, ServiceUnavailable>;

    async fn accounts(&self, viewer: Viewer) -> Result<AccountsPage, ServiceUnavailable>;

    /// The contact persons and who answers what.
    async fn contacts(
        &self,
        viewer: Viewer,
    ) -> Result<crate::domain::ContactsPage, ServiceUnavailable>;

    /// The coming meeting times and their bookings, and whom times can be published for.
    async fn meetings(
        &self,
        viewer: Viewer,
    ) -> Result<crate::domain::MeetingsPage, ServiceUnavailable>;

    /// The insights page's figures, labelled in `lang`.
    async fn insights(
        &self,
        viewer: Viewer,
        lang: crate::domain::Lang,
    ) -> Result<crate::domain::InsightsPage, ServiceUnavailable>;

    /// A proposal for a company, as its guide edits it.
    async fn proposal_editor(
        &self,
        viewer: Viewer,
        id: i64,
    ) -> Result<Option<crate::domain::ProposalEditor>, ServiceUnavailable>;

    async fn import_start(&self, viewer: Viewer) -> Result<ImportStart, ServiceUnavailable>;

    async fn import_preview(
        &self,
        viewer: Viewer,
        id: i64,
    ) -> Result<Option<ImportPreview>, ServiceUnavailable>;

    async fn planning_overview(
        &self,
        viewer: Viewer,
    ) -> Result<PlanningOverview, ServiceUnavailable>;

    /// A plan's or area's page (`id` None: a new one); `None` when there is no such one.
    async fn planning_editor(
        &self,
        viewer: Viewer,
        kind: PlanningKind,
        id: Option<i64>,
    ) -> Result<Option<PlanningEditor>, ServiceUnavailable>;
}

pub type SharedWorkspace = std::sync::Arc<dyn Workspace>;

/// The signed-in viewer, if the role allows `permission` (any signed-in viewer for `None`).
/// A refusal answers 401 or 403.
pub(crate) fn authorise(permission: Option<Permission>) -> Result<Viewer, Problem> {
    let viewer = use_context::<Viewer>();
    let result = match permission {
        Some(permission) => Viewer::require(viewer, permission),
        None => viewer.ok_or(Denied::NotSignedIn),
    };
    result.map_err(|denied| {
        let problem = Problem::from(denied);
        // A page rendered on the server calls this directly: it answers with the status too.
        crate::set_status(problem.status());
        problem
    })
}

/// The workspace's data could not be loaded; the server has logged why.
pub(crate) fn unavailable(_: ServiceUnavailable) -> Problem {
    Problem::new(ProblemKind::Unavailable, T.unavailable)
}
