//! The staff workspace: sign-in, the overview, the plot editor with its geometry editor,
//! accounts (`workspace`), the import and the interest inbox.

pub(crate) mod geometry_editor;
pub(crate) mod import;
pub(crate) mod inbox;
pub(crate) mod overview;
pub(crate) mod planning;
pub(crate) mod texts;
pub mod workspace;
