//! Plots as staff keep them: the sales process's transitions, what the overview and the
//! editor show, and a plot's history.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{EditError, FieldChange, Neighbour, PlotChoice, PlotEditForm, Viewer};
use crate::domain::{LocalLand, LocalPlace, PlotOutline, PlotStatus, WaterSewage};

impl PlotStatus {
    /// The status changes that make sense: available → reserved (with holder and end date) →
    /// sold; back from reserved or negotiation to available; any status → not for sale, and
    /// from there back on the market. Keeping the status is always allowed.
    pub fn may_become(self, next: PlotStatus) -> bool {
        use PlotStatus::*;
        self == next
            || next == NotForSale
            || matches!(
                (self, next),
                (Available, Reserved | UnderNegotiation)
                    | (UnderNegotiation, Available | Reserved)
                    | (Reserved, Available | Sold | UnderNegotiation)
                    | (NotForSale, Available)
            )
    }
}

/// A plot as staff see it: the public facts, who holds a reservation, and internal notes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct StaffPlot {
    pub id: i64,
    pub designation: String,
    pub business_area: String,
    pub locality: String,
    pub area_m2: f64,
    pub status: PlotStatus,
    pub reserved_until: Option<NaiveDate>,
    pub reserved_for: Option<String>,
    pub price_sek_per_m2: Option<i32>,
    pub permitted_uses: Vec<String>,
    pub water_sewage: WaterSewage,
    pub electrical_capacity_kw: Option<i32>,
    pub district_heating: bool,
    pub fiber: bool,
    pub public_description: String,
    pub public_description_en: String,
    pub internal_notes: String,
    pub contact_person_id: Option<i64>,
    pub published: bool,
    pub version: i32,
    /// Swedish time, as every staff page shows times.
    pub updated_at: NaiveDateTime,
}

impl StaffPlot {
    /// A reservation whose end date has passed: someone must extend it, sell or release.
    pub fn reservation_expired(&self, today: NaiveDate) -> bool {
        self.status == PlotStatus::Reserved && self.reserved_until.is_some_and(|d| d < today)
    }

    /// Whether the overview's filter lets the plot through: `text` in its designation or
    /// business area (any case), and its status when one is chosen.
    pub fn matches(&self, text: &str, status: Option<PlotStatus>) -> bool {
        let text = text.trim().to_lowercase();
        let named = text.is_empty()
            || self.designation.to_lowercase().contains(&text)
            || self.business_area.to_lowercase().contains(&text);
        named && status.is_none_or(|s| self.status == s)
    }
}

/// A contact person staff can assign to a plot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ContactChoice {
    pub id: i64,
    pub name: String,
}

/// One recorded change to a plot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The plot's version this change produced.
    pub version: i32,
    /// Swedish time.
    pub changed_at: NaiveDateTime,
    /// Who made it; `None` for imports and the sample data.
    pub changed_by: Option<String>,
    pub changes: Vec<FieldChange>,
}

/// A plot edit the server turned down: the form as typed, the reasons, and when someone else
/// saved first, what they changed meanwhile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedPlotEdit {
    pub form: PlotEditForm,
    pub errors: Vec<EditError>,
    pub meanwhile: Vec<HistoryEntry>,
}

/// What the plot editor page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlotEditor {
    pub viewer: Viewer,
    pub plot: StaffPlot,
    pub contacts: Vec<ContactChoice>,
    pub history: Vec<HistoryEntry>,
    /// The outline as GeoJSON in SWEREF 99 18 00 (EPSG:3011), to edit.
    pub outline_geojson: String,
    /// Plots that share a boundary with this one (within half a metre): merge candidates.
    pub neighbours: Vec<Neighbour>,
    /// The outlines of the plots around it, drawn for context on the editor's map.
    pub nearby: Vec<PlotOutline>,
    /// The land around it (the sea is the map's background).
    pub land: LocalLand,
}

/// A plot merged into another: retired, never erased. Its page keeps its history readable and
/// says where its land went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RetiredPlot {
    pub viewer: Viewer,
    pub designation: String,
    /// Swedish time.
    pub retired_at: NaiveDateTime,
    /// The plot it was merged into.
    pub merged_into: Option<PlotChoice>,
    pub history: Vec<HistoryEntry>,
}

/// What `/personal/tomt/{id}` shows: the plot to edit, or the record of a retired one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PlotPage {
    Current(Box<PlotEditor>),
    Retired(RetiredPlot),
}

/// The workspace's start page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceOverview {
    pub viewer: Viewer,
    /// For the "new plot" form.
    pub business_areas: Vec<PlotChoice>,
    /// Every plot, published or not, when the viewer may edit plots (else empty).
    pub plots: Vec<StaffPlot>,
    /// Their outlines, to draw a new plot among them.
    pub plot_outlines: Vec<PlotOutline>,
    /// The land around each business area's plots, by business area id, under the new plot's
    /// map.
    pub land_by_business_area: Vec<(i64, LocalLand)>,
    /// The land around every plot, under the overview's map (and the new plot's before a
    /// business area is chosen).
    pub land: LocalLand,
    /// The localities, named on the overview's map.
    pub places: Vec<LocalPlace>,
    pub today: NaiveDate,
}
