//! Everything the public may know about one plot: the fact sheet on the map and at /tomt/{id}.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{
    LAND_COLOUR, LandUse, Lang, PlanStage, PlotStatus, SEA_COLOUR, StreetView, ViewBox,
    WaterSewage, WrittenText, format_area_m2, format_integer,
};

/// A published plot's public facts. Internal notes and the holder of a reservation are never
/// part of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FactSheet {
    pub id: i64,
    pub designation: String,
    /// The fastighetsbeteckning, when the plot is (part of) a registered property.
    pub property_designation: Option<String>,
    pub business_area: String,
    pub locality: String,
    pub area_m2: f64,
    pub status: PlotStatus,
    pub reserved_until: Option<NaiveDate>,
    pub price_sek_per_m2: Option<i32>,
    /// Uses the municipality offers the plot for (its own marking, within the plan).
    pub suitable_uses: Vec<LandUse>,
    /// The detaljplan that covers (most of) the plot, if one is published.
    pub plan: Option<PlanSummary>,
    /// The översiktsplan's future area the plot lies in (most of it), if one is published:
    /// (its id, its name).
    pub future_area: Option<(i64, String)>,
    pub max_site_coverage_percent: Option<i16>,
    pub max_building_height_m: Option<f32>,
    pub water_sewage: WaterSewage,
    pub electrical_capacity_kw: Option<i32>,
    pub district_heating: bool,
    pub fiber: bool,
    pub description: WrittenText,
    pub distances: Distances,
    pub contact: Option<Contact>,
    pub updated_at: DateTime<Utc>,
    /// The plot and its neighbours, for the small map.
    pub outline: SmallMap,
}

impl FactSheet {
    pub fn total_price_sek(&self) -> Option<i64> {
        self.price_sek_per_m2
            .map(|p| (self.area_m2.round() as i64) * i64::from(p))
    }

    /// One line for link previews and search results, e.g.
    /// "Tillgänglig tomt om 12 500 m² i Görla verksamhetsområde, Norrtälje. 450 kr/m²."
    pub fn summary(&self, lang: Lang) -> String {
        let status = self.status.label(lang);
        let mut status = status.to_string();
        if let Some(first) = status.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        let area = format_area_m2(self.area_m2, lang);
        let price = self
            .price_sek_per_m2
            .map(|p| match lang {
                Lang::Sv => format!(" {} kr/m².", format_integer(i64::from(p), lang)),
                Lang::En => format!(" SEK {}/m².", format_integer(i64::from(p), lang)),
            })
            .unwrap_or_default();
        match lang {
            Lang::Sv => format!(
                "{status} tomt om {area} i {}, {}.{price}",
                self.business_area, self.locality
            ),
            Lang::En => format!(
                "{status} plot of {area} in {}, {}.{price}",
                self.business_area, self.locality
            ),
        }
    }
}

/// The detaljplan that governs a plot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    /// Its page: `/plan/{id}`.
    pub id: i64,
    pub plan_id: String,
    pub name: String,
    pub stage: PlanStage,
    pub permitted_uses: Vec<LandUse>,
    /// When the plan is expected to come into force (laga kraft), if that date is still ahead.
    pub in_force_expected: Option<NaiveDate>,
}

impl PlanSummary {
    /// Whether the plan governs building now: in force (laga kraft). Before that the land
    /// cannot be built on as the plan says.
    pub fn in_force(&self) -> bool {
        self.stage == PlanStage::LagaKraft
    }
}

/// Straight-line distances from the plot's boundary, computed by PostGIS in SWEREF 99 18 00.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Distances {
    pub e18_m: Option<f64>,
    pub nearest_locality: Option<(String, f64)>,
    pub nearest_port: Option<(String, f64)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub title: WrittenText,
    pub phone: String,
    pub email: String,
}

/// A small map around one plot: its outline, its neighbours', the land under them (the rest
/// is sea) and the box that frames them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SmallMap {
    pub plot_svg_path: String,
    /// The plots around it, coloured by status as on the big map.
    pub neighbours: Vec<NeighbourPlot>,
    pub land_svg_path: String,
    /// The main roads and streets in view, each named at the middle of its longest stretch.
    pub lines: Vec<StreetView>,
    pub view: ViewBox,
}

/// A plot beside the one a small map is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct NeighbourPlot {
    pub status: PlotStatus,
    pub svg_path: String,
}

/// The fact sheet's preview picture for link previews (og:image): the small map, drawn by the
/// server at the size chat and social media show.
pub fn preview_image_path(plot_id: i64) -> String {
    format!("/tomt/{plot_id}/bild.png")
}
pub const PREVIEW_WIDTH_PX: u32 = 1200;
pub const PREVIEW_HEIGHT_PX: u32 = 630;

impl SmallMap {
    /// The small map as a standalone SVG document of the preview's size, styled inline (no
    /// stylesheet reaches a rasteriser). Colours as on the page.
    pub fn preview_svg(&self) -> String {
        let (w, h) = (f64::from(PREVIEW_WIDTH_PX), f64::from(PREVIEW_HEIGHT_PX));
        let view = self.view.fitted_to(w / h);
        // Strokes in pixels of the picture, whatever the plot's size.
        let px = view.width / w;
        let neighbours: String = self
            .neighbours
            .iter()
            .map(|n| {
                format!(
                    r##"<path d="{}" fill="{}" fill-opacity="0.55" stroke="#1b1f23" stroke-width="{:.3}"/>"##,
                    n.svg_path,
                    n.status.map_colour(),
                    px * 1.5
                )
            })
            .collect();
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="{vb}"><rect x="{x}" y="{y}" width="{vw}" height="{vh}" fill="{SEA_COLOUR}"/><path d="{land}" fill="{LAND_COLOUR}"/>{neighbours}<path d="{plot}" fill="#0b57d0" fill-opacity="0.35" stroke="#0b57d0" stroke-width="{stroke:.3}"/></svg>"##,
            vb = view.to_attr(),
            x = view.x,
            y = view.y,
            vw = view.width,
            vh = view.height,
            land = self.land_svg_path,
            plot = self.plot_svg_path,
            stroke = px * 6.0,
        )
    }
}

/// "850 m" or "12,4 km" ("12.4 km" in English).
pub fn format_distance(metres: f64, lang: Lang) -> String {
    if metres < 1_000.0 {
        // Tens of metres below a kilometre: the distance is straight-line, not a route.
        let rounded = ((metres / 10.0).round() * 10.0) as i64;
        return format!("{} m", format_integer(rounded, lang));
    }
    let km = format!("{:.1}", metres / 1_000.0);
    match lang {
        Lang::Sv => format!("{} km", km.replace('.', ",")),
        Lang::En => format!("{km} km"),
    }
}

/// The months' names, January first.
pub(super) const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
pub(super) const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "31 mars 2027" / "31 March 2027".
pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    let month = date.month0() as usize;
    let name = match lang {
        Lang::Sv => MONTHS_SV[month],
        Lang::En => MONTHS_EN[month],
    };
    format!("{} {name} {}", date.day(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_read_naturally() {
        assert_eq!(format_distance(847.0, Lang::Sv), "850 m");
        assert_eq!(format_distance(12_449.0, Lang::Sv), "12,4 km");
        assert_eq!(format_distance(12_449.0, Lang::En), "12.4 km");
        assert_eq!(format_distance(0.0, Lang::En), "0 m");
    }

    #[test]
    fn dates_are_written_out() {
        let date = NaiveDate::from_ymd_opt(2027, 3, 31).unwrap();
        assert_eq!(format_date(date, Lang::Sv), "31 mars 2027");
        assert_eq!(format_date(date, Lang::En), "31 March 2027");
    }
}
