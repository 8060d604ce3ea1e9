//! What the map says of any place in the municipality (`/plats?lat=…&lon=…`): the land use the
//! översiktsplan gives it, the detaljplaner that apply, riksintressen, indicative shore
//! protection, the future area it lies in, the nearest available plots and whom to ask.

use serde::{Deserialize, Serialize};

use super::map_view::MERCATOR_RADIUS;
use super::{
    Contact, LandUse, Lang, PlanStage, PlotStatus, Problem, ProblemKind, SmallMap, ViewBox,
    WrittenText, ground_metres_per_mercator_unit,
};

/// The place a company asked about, in WGS 84 degrees, checked: both finite and within the
/// earth's ranges. Anything else is refused naming the parameter.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlacePoint {
    pub lat: f64,
    pub lon: f64,
}

impl PlacePoint {
    /// `lat` and `lon` as the URL gives them.
    pub fn parse(lat: Option<&str>, lon: Option<&str>) -> Result<PlacePoint, Problem> {
        let lat = coordinate("lat", lat, 90.0)?;
        let lon = coordinate("lon", lon, 180.0)?;
        Ok(PlacePoint { lat, lon })
    }

    /// The place as one URL or form value, `lat,lon` (five decimals: about a metre).
    pub fn param(self) -> String {
        format!("{:.5},{:.5}", self.lat, self.lon)
    }

    /// A `lat,lon` value; `None` unless both are coordinates.
    pub fn from_param(value: &str) -> Option<PlacePoint> {
        let (lat, lon) = value.split_once(',')?;
        PlacePoint::parse(Some(lat), Some(lon)).ok()
    }

    /// A `lat,lon` value as a URL's `plats` gives it, refused naming `plats` when it is not
    /// a place.
    pub fn parse_param(value: &str) -> Result<PlacePoint, Problem> {
        PlacePoint::from_param(value).ok_or_else(|| {
            Problem::field(
                super::ProblemKind::BadRequest,
                "plats",
                "Ange platsen som latitud,longitud i decimala grader.",
            )
            .in_english("Give the place as latitude,longitude in decimal degrees.")
        })
    }

    /// The place's own address (five decimals: about a metre).
    pub fn path(self) -> String {
        format!("/plats?lat={:.5}&lon={:.5}", self.lat, self.lon)
    }

    /// The map around the place with its panel open: what a search for a place answers, and
    /// where its page's "Visa på kartan" leads.
    pub fn on_map(self) -> String {
        format!("/?vy={}&plats={}", self.map_view().to_param(), self.param())
    }

    /// The place drawn at (`x`, `y`) on the map (Web Mercator, `y` downwards as the SVG has it).
    pub fn from_map(x: f64, y: f64) -> PlacePoint {
        PlacePoint {
            lat: (-y / MERCATOR_RADIUS).sinh().atan().to_degrees(),
            lon: (x / MERCATOR_RADIUS).to_degrees(),
        }
    }

    /// Where the map draws the place: the inverse of [`PlacePoint::from_map`].
    pub fn to_map(self) -> (f64, f64) {
        let y = (std::f64::consts::FRAC_PI_4 + self.lat.to_radians() / 2.0)
            .tan()
            .ln();
        (
            self.lon.to_radians() * MERCATOR_RADIUS,
            -y * MERCATOR_RADIUS,
        )
    }

    /// The public map's view around the place, about a kilometre across on the ground.
    pub fn map_view(self) -> ViewBox {
        let (x, y) = self.to_map();
        let width = 1_000.0 / ground_metres_per_mercator_unit(-y);
        ViewBox {
            x: 0.0,
            y: 0.0,
            width,
            height: width * 0.66,
        }
        .centred_on(x, y)
    }
}

fn coordinate(name: &str, value: Option<&str>, limit: f64) -> Result<f64, Problem> {
    let refuse = |sv: String, en: String| {
        Err(Problem::field(ProblemKind::BadRequest, name, sv).in_english(en))
    };
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return refuse(
            format!("Ange {name} i decimala grader (WGS 84)."),
            format!("Give {name} in decimal degrees (WGS 84)."),
        );
    };
    match value.parse::<f64>() {
        Ok(number) if number.is_finite() && number.abs() <= limit => Ok(number),
        _ => refuse(
            format!("{name} ska vara ett tal mellan −{limit} och {limit} (decimala grader)."),
            format!("{name} must be a number between −{limit} and {limit} (decimal degrees)."),
        ),
    }
}

/// The översiktsplan's designations (mark- och vattenanvändning).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "land_use_category", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum LandUseCategory {
    Bebyggelse,
    Verksamheter,
    Landsbygd,
    JordOchSkogsbruk,
    NaturOchFriluftsliv,
    Infrastruktur,
    Vatten,
}

impl LandUseCategory {
    pub const ALL: [LandUseCategory; 7] = [
        LandUseCategory::Bebyggelse,
        LandUseCategory::Verksamheter,
        LandUseCategory::Landsbygd,
        LandUseCategory::JordOchSkogsbruk,
        LandUseCategory::NaturOchFriluftsliv,
        LandUseCategory::Infrastruktur,
        LandUseCategory::Vatten,
    ];

    /// The stable identifier: the database's enum value, CSS classes.
    pub fn key(self) -> &'static str {
        use LandUseCategory::*;
        match self {
            Bebyggelse => "bebyggelse",
            Verksamheter => "verksamheter",
            Landsbygd => "landsbygd",
            JordOchSkogsbruk => "jord_och_skogsbruk",
            NaturOchFriluftsliv => "natur_och_friluftsliv",
            Infrastruktur => "infrastruktur",
            Vatten => "vatten",
        }
    }

    pub fn from_key(key: &str) -> Option<LandUseCategory> {
        LandUseCategory::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        use LandUseCategory::*;
        match (self, lang) {
            (Bebyggelse, Lang::Sv) => "Bebyggelse (tätort)",
            (Verksamheter, Lang::Sv) => "Verksamheter",
            (Landsbygd, Lang::Sv) => "Landsbygd",
            (JordOchSkogsbruk, Lang::Sv) => "Jord- och skogsbruk",
            (NaturOchFriluftsliv, Lang::Sv) => "Natur och friluftsliv",
            (Infrastruktur, Lang::Sv) => "Transport och teknisk infrastruktur",
            (Vatten, Lang::Sv) => "Vatten",
            (Bebyggelse, Lang::En) => "Built-up area",
            (Verksamheter, Lang::En) => "Business area",
            (Landsbygd, Lang::En) => "Countryside",
            (JordOchSkogsbruk, Lang::En) => "Agriculture and forestry",
            (NaturOchFriluftsliv, Lang::En) => "Nature and recreation",
            (Infrastruktur, Lang::En) => "Transport and technical infrastructure",
            (Vatten, Lang::En) => "Water",
        }
    }

    /// The colour the map and its legend draw it in.
    pub fn colour(self) -> &'static str {
        use LandUseCategory::*;
        match self {
            Bebyggelse => "#e8a36b",
            Verksamheter => "#b04a7a",
            Landsbygd => "#e6d98a",
            JordOchSkogsbruk => "#b9d49a",
            NaturOchFriluftsliv => "#5f9e6e",
            Infrastruktur => "#8c8c8c",
            Vatten => "#8fbfe0",
        }
    }
}

/// Riksintressen by the interest they protect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "national_interest_kind", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum NationalInterestKind {
    Naturvard,
    Friluftsliv,
    Kulturmiljovard,
    KustOchSkargard,
    Sjofart,
    Vagar,
}

impl NationalInterestKind {
    pub fn label(self, lang: Lang) -> &'static str {
        use NationalInterestKind::*;
        match (self, lang) {
            (Naturvard, Lang::Sv) => "Riksintresse för naturvården (3 kap. 6 § miljöbalken)",
            (Friluftsliv, Lang::Sv) => "Riksintresse för friluftslivet (3 kap. 6 § miljöbalken)",
            (Kulturmiljovard, Lang::Sv) => {
                "Riksintresse för kulturmiljövården (3 kap. 6 § miljöbalken)"
            }
            (KustOchSkargard, Lang::Sv) => {
                "Riksintresse för kust och skärgård (4 kap. 1–4 §§ miljöbalken)"
            }
            (Sjofart, Lang::Sv) => "Riksintresse för sjöfart (3 kap. 8 § miljöbalken)",
            (Vagar, Lang::Sv) => "Riksintresse för vägar (3 kap. 8 § miljöbalken)",
            (Naturvard, Lang::En) => "National interest: nature conservation",
            (Friluftsliv, Lang::En) => "National interest: outdoor recreation",
            (Kulturmiljovard, Lang::En) => "National interest: cultural heritage",
            (KustOchSkargard, Lang::En) => "National interest: coast and archipelago",
            (Sjofart, Lang::En) => "National interest: shipping",
            (Vagar, Lang::En) => "National interest: roads",
        }
    }
}

/// The land use the översiktsplan gives the place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LandUseHere {
    /// Its page: `/markanvandning/{id}`.
    pub id: i64,
    pub name: String,
    pub category: LandUseCategory,
    pub description: WrittenText,
    pub documents_url: String,
}

/// A published detaljplan that covers the place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanHere {
    pub id: i64,
    pub plan_id: String,
    pub name: String,
    pub stage: PlanStage,
    pub permitted_uses: Vec<LandUse>,
    pub building_rights: WrittenText,
    pub shore_protection_lifted: bool,
}

impl PlanHere {
    /// A plan that governs building here today (in force); the others are on their way or
    /// repealed.
    pub fn in_force(&self) -> bool {
        self.stage == PlanStage::LagaKraft
    }

    /// A plan still being made (planbesked to antagen): it proposes, it does not yet decide.
    pub fn on_its_way(&self) -> bool {
        self.stage.next().is_some()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NationalInterestHere {
    pub name: String,
    pub kind: NationalInterestKind,
    pub description: WrittenText,
    pub documents_url: String,
}

/// Indicative shore protection: the place is within the protected distance of a shore.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShoreProtectionHere {
    /// Straight-line distance to the nearest shore, metres.
    pub distance_m: f64,
    pub lake: bool,
    /// The protected distance here: 100 m, or more where it is extended.
    pub zone_m: i32,
    /// The decision that extends it, where it is.
    pub extension: Option<String>,
    /// The plan in force that lifts it here, or the plan on its way that proposes to.
    pub lifted_by: Option<String>,
    pub proposed_lift_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FutureAreaHere {
    pub id: i64,
    pub name: String,
    pub intended_use: WrittenText,
    pub horizon_from_year: i16,
    pub horizon_to_year: i16,
}

/// An available plot near the place, with its straight-line distance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct NearbyPlot {
    pub id: i64,
    pub designation: String,
    pub business_area: String,
    pub status: PlotStatus,
    pub area_m2: f64,
    pub distance_m: f64,
}

/// Everything the map says of one place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceReport {
    pub point: PlacePoint,
    /// Within the municipality's border (water included). Outside it, the rest is empty.
    pub in_municipality: bool,
    /// The locality nearest the place, for its heading ("Nära Rimbo").
    pub near_locality: Option<String>,
    pub land_use: Option<LandUseHere>,
    /// Published detaljplaner here, the one in force first.
    pub plans: Vec<PlanHere>,
    pub national_interests: Vec<NationalInterestHere>,
    pub shore_protection: Option<ShoreProtectionHere>,
    pub future_area: Option<FutureAreaHere>,
    pub nearest_plots: Vec<NearbyPlot>,
    /// Whom to ask: the plan's contact where a plan applies, else the planning unit's.
    pub contact: Option<Contact>,
    /// The place on a small map with the plots, roads and streets around it (in the
    /// municipality).
    pub map: Option<SmallMap>,
}

impl PlaceReport {
    pub fn plan_in_force(&self) -> Option<&PlanHere> {
        self.plans.iter().find(|p| p.in_force())
    }
}

/// How many available plots the answer lists, nearest first.
pub const NEAREST_PLOTS: i64 = 3;
