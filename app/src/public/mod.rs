//! The public pages: the map, the list, the fact sheet, plans, contiguous sites (the finder),
//! search, the interest form and the accessibility statement, with `catalog`, the server
//! functions they read through.

pub(crate) mod accessibility;
pub mod catalog;
pub(crate) mod fact_sheet;
pub(crate) mod interest;
pub(crate) mod map;
mod map_gesture;
mod map_hint;
pub(crate) mod planning_page;
pub(crate) mod plans;
pub(crate) mod plot_list;
pub(crate) mod plot_panel;
pub(crate) mod search;
pub(crate) mod sites;
