//! The staff workspace's domain: who may do what, plots as staff keep them, the plot editor's
//! form, geometry changes, and accounts.

mod access;
mod accounts;
mod geometry;
mod planning;
mod plot_edit;
mod plots;
#[cfg(test)]
mod tests;
mod workflow;

pub use access::{
    Denied, Permission, RejectedSignIn, Role, SIGN_IN_FAILED, Viewer, sign_in_limited,
};
pub use accounts::{
    API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS, AccountView, AccountsPage, ApiTokenAnswer,
    ApiTokenView, RejectedAccount,
};
pub use geometry::{
    GeometryForm, GeometryOperation, GeometryProblem, Neighbour, PlotChoice, RejectedGeometry,
};
pub use planning::{
    AreaFacts, AreaUse, DemandSummary, KindFacts, LandUseFacts, PLAN_ID_MAX_CHARS,
    PLAN_TEXT_MAX_CHARS, PlanFacts, PlanningAction, PlanningContent, PlanningEditor, PlanningError,
    PlanningEvent, PlanningForm, PlanningItem, PlanningKind, PlanningOverview, PlanningStepForm,
    RejectedPlanning, RejectedStep, Revision, RevisionState, URL_MAX_CHARS,
};
pub use plot_edit::{
    DESCRIPTION_MAX_CHARS, EditError, FieldChange, PlotEdit, PlotEditForm, PlotField,
    water_sewage_key,
};
pub use plots::{
    ContactChoice, HistoryEntry, PlotEditor, PlotPage, RejectedPlotEdit, RetiredPlot, StaffPlot,
    WorkspaceOverview,
};
pub use workflow::{PLANNING_STEPS, PlanningStep, SCHEDULED, StepRule, may_approve};
