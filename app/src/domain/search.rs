//! Search by plot designation, business area, locality or road.

use serde::{Deserialize, Serialize};

use super::ViewBox;

/// A road or street whose name matched, with the part of the map that shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoadHit {
    pub name: String,
    pub view: ViewBox,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchHits {
    /// (id, designation, business area), at most [`MAX_PLOT_HITS`].
    pub plots: Vec<(i64, String, String)>,
    /// (business area, locality).
    pub business_areas: Vec<(String, String)>,
    pub localities: Vec<String>,
    pub roads: Vec<RoadHit>,
    /// The published plot whose designation the text is (any case, with or without å, ä, ö):
    /// the search opens it at once.
    pub exact_plot: Option<i64>,
}

impl SearchHits {
    pub fn is_empty(&self) -> bool {
        self.plots.is_empty()
            && self.business_areas.is_empty()
            && self.localities.is_empty()
            && self.roads.is_empty()
    }
}

pub const MAX_PLOT_HITS: i64 = 50;
