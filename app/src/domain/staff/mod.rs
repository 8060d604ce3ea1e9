//! The staff workspace's domain: who may do what, plots as staff keep them, the plot editor's
//! form, geometry changes, and accounts.

mod access;
mod accounts;
mod geometry;
mod plot_edit;
mod plots;
#[cfg(test)]
mod tests;

pub use access::{
    Denied, Permission, RejectedSignIn, Role, SIGN_IN_FAILED, Viewer, sign_in_limited,
};
pub use accounts::{AccountView, AccountsPage, RejectedAccount};
pub use geometry::{
    GeometryForm, GeometryOperation, GeometryProblem, PlotChoice, RejectedGeometry,
};
pub use plot_edit::{
    DESCRIPTION_MAX_CHARS, EditError, FieldChange, PlotEdit, PlotEditForm, PlotField,
    water_sewage_key,
};
pub use plots::{
    ContactChoice, HistoryEntry, PlotEditor, RejectedPlotEdit, StaffPlot, WorkspaceOverview,
};
