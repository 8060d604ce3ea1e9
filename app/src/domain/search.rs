//! Search by plot designation, business area or locality.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHits {
    /// (id, designation, business area), at most [`MAX_PLOT_HITS`].
    pub plots: Vec<(i64, String, String)>,
    /// (business area, locality).
    pub business_areas: Vec<(String, String)>,
    pub localities: Vec<String>,
}

impl SearchHits {
    pub fn is_empty(&self) -> bool {
        self.plots.is_empty() && self.business_areas.is_empty() && self.localities.is_empty()
    }
}

pub const MAX_PLOT_HITS: i64 = 50;
