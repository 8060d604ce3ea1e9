//! Search by plot designation, business area, locality or road.

use serde::{Deserialize, Serialize};

use super::{PlacePoint, ViewBox};

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
    /// Localities, roads and streets by name, each with a place to ask what applies (a
    /// locality's centre, the middle of a road's longest stretch).
    pub places: Vec<(String, PlacePoint)>,
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
            && self.places.is_empty()
    }

    /// The one place the search names and nothing else (a locality without plots): the search
    /// answers with what applies there. A road is shown on the map, with its place beside it.
    pub fn only_place(&self) -> Option<PlacePoint> {
        match &self.places[..] {
            [(_, point)]
                if self.plots.is_empty()
                    && self.business_areas.is_empty()
                    && self.localities.is_empty()
                    && self.roads.is_empty() =>
            {
                Some(*point)
            }
            _ => None,
        }
    }
}

pub const MAX_PLOT_HITS: i64 = 50;
