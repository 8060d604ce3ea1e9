//! Domain types of Markkartan, compiled for both the server and the browser.
//!
//! Enums that live in the database as Postgres enums derive `sqlx::Type` on the server only, so the
//! Rust and SQL vocabularies cannot drift apart silently: a value the database does not know is a
//! decoding error, not a string that falls through to a default.

use serde::{Deserialize, Serialize};

mod fact_sheet;
mod filter;
mod import;
mod inbox;
mod interest;
mod layers;
mod outline;
mod plans;
mod problem;
mod search;
mod sites;
mod staff;
mod text;
pub use fact_sheet::*;
pub use filter::*;
pub use import::*;
pub use inbox::*;
pub use interest::*;
pub use layers::*;
pub use outline::*;
pub use plans::*;
pub use problem::{Problem, ProblemKind};
pub use search::*;
pub use sites::*;
pub use staff::*;
pub use text::{
    DESIGNATION_MAX_CHARS, EMAIL_MAX_CHARS, LONG_TEXT_MAX_CHARS, NAME_MAX_CHARS,
    PASSWORD_MAX_CHARS, PHONE_MAX_CHARS, SEARCH_MAX_CHARS, TextProblem, check_text, limit_hint,
};

/// The language a page is shown in. Swedish is the default (see PRODUCT.md).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }
}

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

/// Stage of a detaljplan in the planning process (plan- och bygglagen).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "plan_stage", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum PlanStage {
    Planbesked,
    Samrad,
    Granskning,
    Antagen,
    LagaKraft,
    Upphavd,
}

impl PlanStage {
    pub const ALL: [PlanStage; 6] = [
        PlanStage::Planbesked,
        PlanStage::Samrad,
        PlanStage::Granskning,
        PlanStage::Antagen,
        PlanStage::LagaKraft,
        PlanStage::Upphavd,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PlanStage::Planbesked, Lang::Sv) => "planbesked",
            (PlanStage::Samrad, Lang::Sv) => "samråd",
            (PlanStage::Granskning, Lang::Sv) => "granskning",
            (PlanStage::Antagen, Lang::Sv) => "antagen",
            (PlanStage::LagaKraft, Lang::Sv) => "laga kraft",
            (PlanStage::Upphavd, Lang::Sv) => "upphävd",
            (PlanStage::Planbesked, Lang::En) => "planning decision",
            (PlanStage::Samrad, Lang::En) => "consultation",
            (PlanStage::Granskning, Lang::En) => "review",
            (PlanStage::Antagen, Lang::En) => "adopted",
            (PlanStage::LagaKraft, Lang::En) => "in force",
            (PlanStage::Upphavd, Lang::En) => "cancelled",
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
}

/// A context layer line (a road) or outline (the municipality) as an SVG path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct NamedPath {
    pub name: String,
    pub svg_path: String,
}

/// A business area and the part of the map its published plots cover.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BusinessAreaView {
    pub id: i64,
    pub name: String,
    pub locality: String,
    pub extent: ViewBox,
}

/// A point (a locality centre) in map coordinates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct NamedPoint {
    pub name: String,
    pub x: f64,
    pub y: f64,
}

/// Everything the public map draws. Coordinates are Web Mercator metres (EPSG:3857) with the
/// y axis pointing down, the way PostGIS's `ST_AsSVG` writes them, so the raster tiles of a
/// configured base map line up with the plots without any reprojection in the browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapData {
    pub plots: Vec<MapPlot>,
    pub business_areas: Vec<BusinessAreaView>,
    pub municipality: Vec<NamedPath>,
    pub roads: Vec<NamedPath>,
    pub localities: Vec<NamedPoint>,
    pub plans: Vec<PlanView>,
    pub future_areas: Vec<FutureAreaView>,
    pub extent: ViewBox,
    pub basemap: Option<BaseMap>,
}

/// A configured raster base map (XYZ tiles in Web Mercator).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseMap {
    /// A URL template with `{z}`, `{x}` and `{y}`, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`.
    pub url_template: String,
    /// Shown on the map, as the tile provider's licence requires.
    pub attribution: String,
}

/// The visible part of the map, in map coordinates (Web Mercator metres, y down).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl ViewBox {
    pub fn to_attr(self) -> String {
        format!(
            "{:.0} {:.0} {:.0} {:.0}",
            self.x, self.y, self.width, self.height
        )
    }

    /// The box as a URL parameter value, `x,y,width,height` in whole metres.
    pub fn to_param(self) -> String {
        format!(
            "{:.0},{:.0},{:.0},{:.0}",
            self.x, self.y, self.width, self.height
        )
    }

    /// Reads [`ViewBox::to_param`]'s form; anything else (or a box outside the zoom range) is
    /// `None`, and the map falls back to its usual view.
    pub fn from_param(text: &str) -> Option<ViewBox> {
        let numbers: Vec<f64> = text
            .split(',')
            .map(|n| n.trim().parse::<f64>().ok().filter(|n| n.is_finite()))
            .collect::<Option<_>>()?;
        let [x, y, width, height] = numbers[..] else {
            return None;
        };
        let in_range = (MIN_VIEW_WIDTH..=MAX_VIEW_WIDTH).contains(&width)
            && height > 0.0
            && height <= MAX_VIEW_WIDTH;
        in_range.then_some(ViewBox {
            x,
            y,
            width,
            height,
        })
    }

    /// Grows the box by `factor` (0.1 = 10 % on every side); used to leave a margin around data.
    pub fn padded(self, factor: f64) -> ViewBox {
        let dx = self.width * factor;
        let dy = self.height * factor;
        ViewBox {
            x: self.x - dx,
            y: self.y - dy,
            width: self.width + 2.0 * dx,
            height: self.height + 2.0 * dy,
        }
    }

    /// Zooms by `factor` (< 1 zooms in) keeping the map point (`cx`, `cy`) where it is on screen.
    pub fn zoomed(self, factor: f64, cx: f64, cy: f64) -> ViewBox {
        let width = (self.width * factor).clamp(MIN_VIEW_WIDTH, MAX_VIEW_WIDTH);
        let factor = width / self.width;
        ViewBox {
            x: cx - (cx - self.x) * factor,
            y: cy - (cy - self.y) * factor,
            width,
            height: self.height * factor,
        }
    }

    pub fn panned(self, dx: f64, dy: f64) -> ViewBox {
        ViewBox {
            x: self.x + dx,
            y: self.y + dy,
            ..self
        }
    }

    pub fn center(self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    /// The smallest box around all of `boxes`; `None` for none.
    pub fn covering(boxes: &[ViewBox]) -> Option<ViewBox> {
        let first = boxes.first()?;
        let (mut x0, mut y0) = (first.x, first.y);
        let (mut x1, mut y1) = (first.x + first.width, first.y + first.height);
        for b in &boxes[1..] {
            x0 = x0.min(b.x);
            y0 = y0.min(b.y);
            x1 = x1.max(b.x + b.width);
            y1 = y1.max(b.y + b.height);
        }
        Some(ViewBox {
            x: x0,
            y: y0,
            width: x1 - x0,
            height: y1 - y0,
        })
    }

    /// The same size of box, centred on (`cx`, `cy`).
    /// The smallest box around this one, on the same centre, whose width / height is `aspect`.
    pub fn fitted_to(self, aspect: f64) -> ViewBox {
        let (cx, cy) = (self.x + self.width / 2.0, self.y + self.height / 2.0);
        let (width, height) = if self.width / self.height < aspect {
            (self.height * aspect, self.height)
        } else {
            (self.width, self.width / aspect)
        };
        ViewBox {
            width,
            height,
            ..self
        }
        .centred_on(cx, cy)
    }

    pub fn centred_on(self, cx: f64, cy: f64) -> ViewBox {
        ViewBox {
            x: cx - self.width / 2.0,
            y: cy - self.height / 2.0,
            ..self
        }
    }
}

/// Closest zoom: about 50 m across. Farthest: the whole of Sweden.
pub const MIN_VIEW_WIDTH: f64 = 50.0;
pub const MAX_VIEW_WIDTH: f64 = 2_000_000.0;

/// Half the width of the Web Mercator world, in metres.
const MERCATOR_HALF_WORLD: f64 = 20_037_508.342_789_244;

/// One raster tile of the base map placed in map coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedTile {
    pub url: String,
    pub x: f64,
    pub y: f64,
    pub size: f64,
}

/// The XYZ tiles that cover `view` when it is drawn `width_px` pixels wide, at the zoom level
/// whose tiles are closest to 256 screen pixels.
pub fn tiles_for_view(view: ViewBox, width_px: f64, url_template: &str) -> Vec<PlacedTile> {
    let metres_per_px = view.width / width_px.max(1.0);
    let zoom = ((2.0 * MERCATOR_HALF_WORLD) / (256.0 * metres_per_px))
        .log2()
        .round()
        .clamp(0.0, 19.0) as u32;
    let tiles_across = 1u32 << zoom;
    let size = 2.0 * MERCATOR_HALF_WORLD / f64::from(tiles_across);
    let to_index = |v: f64| ((v + MERCATOR_HALF_WORLD) / size).floor();
    let max_index = f64::from(tiles_across - 1);
    let x0 = to_index(view.x).clamp(0.0, max_index) as u32;
    let x1 = to_index(view.x + view.width).clamp(0.0, max_index) as u32;
    let y0 = to_index(view.y).clamp(0.0, max_index) as u32;
    let y1 = to_index(view.y + view.height).clamp(0.0, max_index) as u32;
    let mut tiles = Vec::new();
    for ty in y0..=y1 {
        for tx in x0..=x1 {
            tiles.push(PlacedTile {
                url: url_template
                    .replace("{z}", &zoom.to_string())
                    .replace("{x}", &tx.to_string())
                    .replace("{y}", &ty.to_string()),
                x: -MERCATOR_HALF_WORLD + f64::from(tx) * size,
                y: -MERCATOR_HALF_WORLD + f64::from(ty) * size,
                size,
            });
        }
    }
    tiles
}

/// Reads a whole number as people write it, digits grouped by spaces or not: "12 000",
/// "12\u{202F}000" (the narrow no-break space [`format_integer`] writes) or "12000".
pub fn parse_whole_number<N: std::str::FromStr>(typed: &str) -> Option<N> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    digits.parse().ok()
}

/// A Swedish count with its noun in the right number: "1 tomt", "2 tomter", "2 000 tomter".
pub fn count_of(n: usize, one: &str, many: &str) -> String {
    let noun = if n == 1 { one } else { many };
    format!("{} {noun}", format_integer(n as i64, Lang::Sv))
}

/// Groups digits in threes with the language's separator: "12 500" in Swedish (a narrow
/// no-break space, as Språkrådet recommends), "12,500" in English.
pub fn format_integer(value: i64, lang: Lang) -> String {
    let separator = match lang {
        Lang::Sv => '\u{202F}',
        Lang::En => ',',
    };
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(ch);
    }
    if value < 0 {
        out.insert(0, '-');
    }
    out
}

pub fn format_area_m2(area_m2: f64, lang: Lang) -> String {
    format!("{} m²", format_integer(area_m2.round() as i64, lang))
}

pub fn format_hectares(area_m2: f64, lang: Lang) -> String {
    let ha = area_m2 / 10_000.0;
    let text = format!("{ha:.2}");
    match lang {
        Lang::Sv => format!("{} ha", text.replace('.', ",")),
        Lang::En => format!("{text} ha"),
    }
}

pub fn format_sek(value: i64, lang: Lang) -> String {
    match lang {
        Lang::Sv => format!("{} kr", format_integer(value, lang)),
        Lang::En => format!("SEK {}", format_integer(value, lang)),
    }
}

/// Why an organisationsnummer was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OrgNumberError {
    #[error("an organisationsnummer has 10 digits, written NNNNNN-NNNN")]
    Format,
    #[error("the check digit does not match")]
    CheckDigit,
}

/// A Swedish organisationsnummer (company id), normalised to `NNNNNN-NNNN`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgNumber(String);

impl OrgNumber {
    /// Accepts `NNNNNN-NNNN` or ten digits without the hyphen; the last digit is a Luhn check digit.
    pub fn parse(input: &str) -> Result<OrgNumber, OrgNumberError> {
        let trimmed = input.trim();
        let digits: String = match trimmed.len() {
            11 if trimmed.as_bytes()[6] == b'-' => {
                format!("{}{}", &trimmed[..6], &trimmed[7..])
            }
            10 => trimmed.to_string(),
            _ => return Err(OrgNumberError::Format),
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(OrgNumberError::Format);
        }
        if !luhn_valid(&digits) {
            return Err(OrgNumberError::CheckDigit);
        }
        Ok(OrgNumber(format!("{}-{}", &digits[..6], &digits[6..])))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_fitted_to_an_aspect_grows_about_its_centre() {
        let tall = ViewBox {
            x: 0.0,
            y: 0.0,
            width: 100.0,
            height: 200.0,
        };
        assert_eq!(
            tall.fitted_to(2.0),
            ViewBox {
                x: -150.0,
                y: 0.0,
                width: 400.0,
                height: 200.0
            }
        );
        let wide = ViewBox {
            x: 0.0,
            y: 0.0,
            width: 400.0,
            height: 100.0,
        };
        assert_eq!(
            wide.fitted_to(2.0),
            ViewBox {
                x: 0.0,
                y: -50.0,
                width: 400.0,
                height: 200.0
            }
        );
    }

    #[test]
    fn whole_numbers_are_read_as_people_write_them() {
        assert_eq!(parse_whole_number::<u32>("12 000"), Some(12_000));
        assert_eq!(parse_whole_number::<u32>(" 12\u{202F}000 "), Some(12_000));
        assert_eq!(
            parse_whole_number::<u32>(&format_integer(20_000, Lang::Sv)),
            Some(20_000)
        );
        assert_eq!(parse_whole_number::<u32>("12,5"), None);
        assert_eq!(parse_whole_number::<u32>("-3"), None);
        assert_eq!(parse_whole_number::<i32>("-3"), Some(-3));
        assert_eq!(parse_whole_number::<u32>("mycket"), None);
    }

    #[test]
    fn swedish_and_english_number_formats_differ() {
        assert_eq!(format_area_m2(12_499.6, Lang::Sv), "12\u{202F}500 m²");
        assert_eq!(format_area_m2(12_499.6, Lang::En), "12,500 m²");
        assert_eq!(format_integer(999, Lang::En), "999");
        assert_eq!(format_integer(1_000_000, Lang::En), "1,000,000");
        assert_eq!(format_integer(-4_500, Lang::Sv), "-4\u{202F}500");
        assert_eq!(format_hectares(12_500.0, Lang::Sv), "1,25 ha");
        assert_eq!(format_sek(450, Lang::Sv), "450 kr");
        assert_eq!(format_sek(5_625_000, Lang::En), "SEK 5,625,000");
    }

    #[test]
    fn accessible_name_says_designation_status_and_area() {
        let plot = MapPlot {
            id: 1,
            designation: "Görla 9:41".into(),
            business_area: "Görla".into(),
            status: PlotStatus::Available,
            area_m2: 12_500.2,
            price_sek_per_m2: Some(450),
            svg_path: String::new(),
        };
        assert_eq!(
            plot.accessible_name(Lang::Sv),
            "Görla 9:41, tillgänglig, 12\u{202F}500 m²"
        );
        assert_eq!(plot.total_price_sek(), Some(5_625_000));
    }

    #[test]
    fn every_status_and_stage_has_distinct_labels_in_both_languages() {
        for lang in [Lang::Sv, Lang::En] {
            let mut labels: Vec<_> = PlotStatus::ALL.iter().map(|s| s.label(lang)).collect();
            labels.sort();
            labels.dedup();
            assert_eq!(labels.len(), PlotStatus::ALL.len());
            let mut stages: Vec<_> = PlanStage::ALL.iter().map(|s| s.label(lang)).collect();
            stages.sort();
            stages.dedup();
            assert_eq!(stages.len(), PlanStage::ALL.len());
        }
    }

    #[test]
    fn land_use_codes_round_trip() {
        for u in LandUse::ALL {
            assert_eq!(LandUse::from_code(u.code()), Some(u));
        }
        assert_eq!(LandUse::from_code("X"), None);
    }

    #[test]
    fn organisationsnummer_checks_format_and_check_digit() {
        // Skatteverket's own organisationsnummer.
        assert_eq!(
            OrgNumber::parse("202100-5448").unwrap().as_str(),
            "202100-5448"
        );
        assert_eq!(
            OrgNumber::parse("2021005448").unwrap().as_str(),
            "202100-5448"
        );
        assert_eq!(
            OrgNumber::parse("202100-5449"),
            Err(OrgNumberError::CheckDigit)
        );
        assert_eq!(OrgNumber::parse("20210-05448"), Err(OrgNumberError::Format));
        assert_eq!(OrgNumber::parse("2021OO-5448"), Err(OrgNumberError::Format));
        assert_eq!(OrgNumber::parse(""), Err(OrgNumberError::Format));
    }

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let view = ViewBox {
            x: 0.0,
            y: 0.0,
            width: 1000.0,
            height: 500.0,
        };
        let zoomed = view.zoomed(0.5, 250.0, 100.0);
        assert_eq!(
            zoomed,
            ViewBox {
                x: 125.0,
                y: 50.0,
                width: 500.0,
                height: 250.0
            }
        );
        // The cursor point keeps its relative position in the box.
        assert!(((250.0 - zoomed.x) / zoomed.width - 0.25).abs() < 1e-12);
        // Zoom is bounded so the map can never collapse to nothing.
        let tiny = view.zoomed(1e-9, 0.0, 0.0);
        assert_eq!(tiny.width, MIN_VIEW_WIDTH);
    }

    #[test]
    fn a_view_survives_the_url() {
        let view = ViewBox {
            x: 2_077_301.0,
            y: -8_349_517.0,
            width: 961.0,
            height: 956.0,
        };
        assert_eq!(view.to_param(), "2077301,-8349517,961,956");
        assert_eq!(ViewBox::from_param(&view.to_param()), Some(view));
        assert_eq!(ViewBox::from_param("1,2,3"), None);
        assert_eq!(ViewBox::from_param("1,2,nan,4"), None);
        assert_eq!(
            ViewBox::from_param("0,0,1,1"),
            None,
            "closer than the zoom allows"
        );
    }

    #[test]
    fn a_covering_box_holds_every_box() {
        let a = ViewBox {
            x: 0.0,
            y: 0.0,
            width: 10.0,
            height: 10.0,
        };
        let b = ViewBox {
            x: 20.0,
            y: -5.0,
            width: 5.0,
            height: 5.0,
        };
        assert_eq!(
            ViewBox::covering(&[a, b]),
            Some(ViewBox {
                x: 0.0,
                y: -5.0,
                width: 25.0,
                height: 15.0
            })
        );
        assert_eq!(ViewBox::covering(&[]), None);
    }

    #[test]
    fn centring_keeps_the_size() {
        let view = ViewBox {
            x: 10.0,
            y: 20.0,
            width: 100.0,
            height: 60.0,
        };
        let centred = view.centred_on(0.0, 0.0);
        assert_eq!(centred.center(), (0.0, 0.0));
        assert_eq!((centred.width, centred.height), (100.0, 60.0));
    }

    #[test]
    fn base_map_tiles_cover_the_view_at_a_sensible_zoom() {
        // Norrtälje town, about 10 km across drawn 1000 px wide: ~10 m/px is zoom 14.
        let view = ViewBox {
            x: 2_077_000.0,
            y: -8_349_000.0,
            width: 10_000.0,
            height: 6_000.0,
        };
        let tiles = tiles_for_view(view, 1000.0, "https://t/{z}/{x}/{y}.png");
        assert!(!tiles.is_empty());
        assert!(tiles[0].url.starts_with("https://t/14/"));
        // Norrtälje lies in tile x = 9043, y = 4779 at zoom 14 (lon 18.705 E, lat 59.758 N).
        assert!(
            tiles.iter().any(|t| t.url == "https://t/14/9043/4779.png"),
            "{tiles:?}"
        );
        // Together the tiles cover the whole view.
        let min_x = tiles.iter().map(|t| t.x).fold(f64::INFINITY, f64::min);
        let max_x = tiles
            .iter()
            .map(|t| t.x + t.size)
            .fold(f64::NEG_INFINITY, f64::max);
        let min_y = tiles.iter().map(|t| t.y).fold(f64::INFINITY, f64::min);
        let max_y = tiles
            .iter()
            .map(|t| t.y + t.size)
            .fold(f64::NEG_INFINITY, f64::max);
        assert!(min_x <= view.x && max_x >= view.x + view.width);
        assert!(min_y <= view.y && max_y >= view.y + view.height);
    }
}
