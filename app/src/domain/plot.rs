//! What a plot is: its status in the sales process, water and sewage, permitted uses, and
//! how it is drawn on the map.

use serde::{Deserialize, Serialize};

use super::{Lang, format_area_m2};

/// Where a plot stands in the sales process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "plot_status", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum PlotStatus {
    /// Tillgänglig: a company can buy or lease it now.
    Available,
    /// Reserverad under a markreservationsavtal, with a holder and an end date.
    Reserved,
    /// Under förhandling.
    UnderNegotiation,
    /// Såld.
    Sold,
    /// Ej till salu.
    NotForSale,
}

impl PlotStatus {
    pub const ALL: [PlotStatus; 5] = [
        PlotStatus::Available,
        PlotStatus::Reserved,
        PlotStatus::UnderNegotiation,
        PlotStatus::Sold,
        PlotStatus::NotForSale,
    ];

    /// The stable identifier used in URLs, CSS classes and GeoJSON properties.
    /// The status's colour on the map, where no style sheet reaches (preview pictures); the
    /// style sheet's `--available` and the others are the same.
    pub fn map_colour(self) -> &'static str {
        match self {
            PlotStatus::Available => "#2e7d32",
            PlotStatus::Reserved => "#b26a00",
            PlotStatus::UnderNegotiation => "#6a4fb3",
            PlotStatus::Sold => "#6b7280",
            PlotStatus::NotForSale => "#9aa3ad",
        }
    }

    /// The status a [`PlotStatus::key`] names.
    pub fn from_key(key: &str) -> Option<PlotStatus> {
        PlotStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn key(self) -> &'static str {
        match self {
            PlotStatus::Available => "available",
            PlotStatus::Reserved => "reserved",
            PlotStatus::UnderNegotiation => "under_negotiation",
            PlotStatus::Sold => "sold",
            PlotStatus::NotForSale => "not_for_sale",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PlotStatus::Available, Lang::Sv) => "tillgänglig",
            (PlotStatus::Reserved, Lang::Sv) => "reserverad",
            (PlotStatus::UnderNegotiation, Lang::Sv) => "under förhandling",
            (PlotStatus::Sold, Lang::Sv) => "såld",
            (PlotStatus::NotForSale, Lang::Sv) => "ej till salu",
            (PlotStatus::Available, Lang::En) => "available",
            (PlotStatus::Reserved, Lang::En) => "reserved",
            (PlotStatus::UnderNegotiation, Lang::En) => "under negotiation",
            (PlotStatus::Sold, Lang::En) => "sold",
            (PlotStatus::NotForSale, Lang::En) => "not for sale",
        }
    }
}

/// How far the municipal water and sewage network (VA) reaches a plot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "water_sewage", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum WaterSewage {
    /// Anslutningspunkt finns vid tomtgräns.
    Connected,
    /// Planerad utbyggnad.
    Planned,
    /// Egen lösning krävs.
    None,
}

impl WaterSewage {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (WaterSewage::Connected, Lang::Sv) => "anslutning vid tomtgräns",
            (WaterSewage::Planned, Lang::Sv) => "utbyggnad planerad",
            (WaterSewage::None, Lang::Sv) => "egen lösning krävs",
            (WaterSewage::Connected, Lang::En) => "connection at the plot boundary",
            (WaterSewage::Planned, Lang::En) => "extension planned",
            (WaterSewage::None, Lang::En) => "own solution needed",
        }
    }
}

/// Permitted use (användning) in a detaljplan, coded as in Boverket's BFS 2020:5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LandUse {
    /// J — industri.
    Industry,
    /// K — kontor.
    Office,
    /// H — detaljhandel.
    Retail,
    /// Z — verksamheter.
    Business,
    /// E — teknisk anläggning.
    Utility,
    /// T — trafik.
    Transport,
    /// U — lager (used in older plans for storage; BFS 2020:5 puts it under Z).
    Storage,
}

impl LandUse {
    pub const ALL: [LandUse; 7] = [
        LandUse::Industry,
        LandUse::Office,
        LandUse::Retail,
        LandUse::Business,
        LandUse::Utility,
        LandUse::Transport,
        LandUse::Storage,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LandUse::Industry => "J",
            LandUse::Office => "K",
            LandUse::Retail => "H",
            LandUse::Business => "Z",
            LandUse::Utility => "E",
            LandUse::Transport => "T",
            LandUse::Storage => "U",
        }
    }

    pub fn from_code(code: &str) -> Option<LandUse> {
        LandUse::ALL.into_iter().find(|u| u.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (LandUse::Industry, Lang::Sv) => "industri",
            (LandUse::Office, Lang::Sv) => "kontor",
            (LandUse::Retail, Lang::Sv) => "detaljhandel",
            (LandUse::Business, Lang::Sv) => "verksamheter",
            (LandUse::Utility, Lang::Sv) => "teknisk anläggning",
            (LandUse::Transport, Lang::Sv) => "trafik",
            (LandUse::Storage, Lang::Sv) => "lager",
            (LandUse::Industry, Lang::En) => "industry",
            (LandUse::Office, Lang::En) => "offices",
            (LandUse::Retail, Lang::En) => "retail",
            (LandUse::Business, Lang::En) => "business premises",
            (LandUse::Utility, Lang::En) => "utilities",
            (LandUse::Transport, Lang::En) => "transport",
            (LandUse::Storage, Lang::En) => "storage",
        }
    }

    /// "J industri, Z verksamheter": the plan codes with their meaning.
    pub fn describe_all(uses: &[LandUse], lang: Lang) -> String {
        uses.iter()
            .map(|u| format!("{} {}", u.code(), u.label(lang)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A published plot as the public map needs it: identity, the facts in the panel, and its
/// outline as an SVG path in the map's coordinate space (see [`MapView`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MapPlot {
    pub id: i64,
    pub designation: String,
    pub business_area: String,
    pub status: PlotStatus,
    /// Computed by PostGIS from the stored geometry in SWEREF 99 18 00; never typed in.
    pub area_m2: f64,
    pub price_sek_per_m2: Option<i32>,
    pub svg_path: String,
    /// Where the plot's name goes, in map coordinates, and the room there (map units) that
    /// the name must fit in to be written.
    pub label_x: f64,
    pub label_y: f64,
    pub label_width: f64,
    pub label_height: f64,
}

impl MapPlot {
    /// The name a screen reader announces for the plot on the map, e.g.
    /// "Görla 9:41, tillgänglig, 12 500 m²".
    pub fn accessible_name(&self, lang: Lang) -> String {
        format!(
            "{}, {}, {}",
            self.designation,
            self.status.label(lang),
            format_area_m2(self.area_m2, lang)
        )
    }

    /// Total asking price, when the plot has a price per m².
    pub fn total_price_sek(&self) -> Option<i64> {
        self.price_sek_per_m2
            .map(|p| (self.area_m2.round() as i64) * i64::from(p))
    }

    /// What the map's tooltip says of the plot under the pointer or the focus: its designation,
    /// then "tillgänglig · 12 500 m² · 450 kr/m²".
    pub fn hint(&self, lang: Lang) -> (String, String) {
        let price = match self.price_sek_per_m2 {
            Some(price) => format!("{}/m²", super::format_sek(i64::from(price), lang)),
            None => lang_on_request(lang).to_string(),
        };
        (
            self.designation.clone(),
            format!(
                "{} · {} · {price}",
                self.status.label(lang),
                format_area_m2(self.area_m2, lang)
            ),
        )
    }

    /// The plot's size on the map (the side of the room its name has), in map units.
    pub fn size_m(&self) -> f64 {
        self.label_width.max(self.label_height)
    }
}

fn lang_on_request(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => "pris på förfrågan",
        Lang::En => "price on request",
    }
}
