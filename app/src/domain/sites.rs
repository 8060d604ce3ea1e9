//! Larger sites made of adjacent available plots, for companies that need more land than one
//! plot offers.

use serde::{Deserialize, Serialize};

use super::SmallMap;

/// Available plots next to each other (at most a local street apart) that together reach the
/// area a company needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContiguousSite {
    pub business_area: String,
    pub locality: String,
    pub total_area_m2: f64,
    /// (id, designation) of each plot, by designation.
    pub plots: Vec<(i64, String)>,
    /// The combined outline (as the "plot") with each plot's own outline (as "neighbours").
    pub map: SmallMap,
}

/// Plots this close (in metres) count as adjacent: across a local street at most.
pub const ADJACENT_WITHIN_M: f64 = 30.0;
