//! Changing a plot's shape: the forms, and why a geometry was refused.

use serde::{Deserialize, Serialize};

use super::HistoryEntry;

/// Another plot, by name: a neighbour to merge with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PlotChoice {
    pub id: i64,
    pub designation: String,
}

/// A plot that shares a boundary with the one edited: a candidate to merge with, at the version
/// the editor loaded (a merge is refused if either plot changed since).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Neighbour {
    pub id: i64,
    pub designation: String,
    pub version: i32,
}

impl Neighbour {
    /// Its value in the merge form's choice: `ID:VERSION` ([`GeometryForm::merge_target`]).
    pub fn choice_value(&self) -> String {
        format!("{}:{}", self.id, self.version)
    }
}

/// What staff can do to a plot's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GeometryOperation {
    /// New outline (vertices moved or redrawn).
    Reshape,
    /// Split along a line into this plot and a new one.
    Split,
    /// Merge an adjacent plot into this one.
    Merge,
    /// Draw a new plot.
    Create,
}

/// Why a geometry was not accepted. Nothing is stored when there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GeometryProblem {
    /// The field is empty.
    Missing,
    NotGeoJson(String),
    WrongType {
        expected: &'static str,
        found: String,
    },
    Invalid(String),
    OutsideMunicipality,
    Overlaps(Vec<String>),
    SplitNotInTwo(usize),
    NotAdjacent,
    MissingDesignation,
    /// The designation cannot be stored (a control character, too long): why.
    UnreadableDesignation(String),
    DesignationTaken(String),
    /// More corners than a plot may have ([`crate::domain::MAX_PLOT_CORNERS`]): how many.
    TooManyCorners(usize),
    /// The neighbour to merge with changed after the editor loaded it: its designation.
    NeighbourChanged(String),
    UnknownBusinessArea,
    /// The form names no version of the plot, so a save could overwrite a newer one.
    MissingVersion,
}

impl GeometryProblem {
    /// The form field the problem is about.
    pub fn field(&self) -> &'static str {
        match self {
            GeometryProblem::MissingDesignation
            | GeometryProblem::UnreadableDesignation(_)
            | GeometryProblem::DesignationTaken(_) => "beteckning",
            GeometryProblem::NotAdjacent | GeometryProblem::NeighbourChanged(_) => "med",
            GeometryProblem::UnknownBusinessArea => "omrade",
            GeometryProblem::MissingVersion => "version",
            _ => "geometri",
        }
    }

    /// It contradicts what is stored (another plot there, a name taken): 409, not 422.
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            GeometryProblem::Overlaps(_)
                | GeometryProblem::DesignationTaken(_)
                | GeometryProblem::NeighbourChanged(_)
        )
    }

    pub fn message(&self) -> String {
        match self {
            GeometryProblem::Missing => {
                "Ingen yta: rita den på kartan eller klistra in den som GeoJSON.".to_string()
            }
            GeometryProblem::NotGeoJson(detail) => {
                format!("Geometrin går inte att läsa som GeoJSON ({detail}).")
            }
            GeometryProblem::WrongType { expected, found } => {
                format!("Geometrin ska vara en {expected}, inte {found}.")
            }
            GeometryProblem::Invalid(reason) if reason.starts_with("Self-intersection") => {
                format!("Ytterkanten korsar sig själv ({reason}).")
            }
            GeometryProblem::Invalid(reason) => format!("Geometrin är ogiltig: {reason}."),
            GeometryProblem::OutsideMunicipality => {
                "Tomten måste ligga helt inom Norrtälje kommun.".to_string()
            }
            GeometryProblem::Overlaps(plots) => {
                format!("Tomten överlappar {}.", plots.join(", "))
            }
            GeometryProblem::SplitNotInTwo(parts) => format!(
                "Linjen måste dela tomten i exakt två delar (den gav {parts}). Dra den tvärs över hela tomten."
            ),
            GeometryProblem::NotAdjacent => {
                "Tomterna gränsar inte till varandra; bara angränsande tomter kan slås ihop."
                    .to_string()
            }
            GeometryProblem::MissingDesignation => "Skriv en beteckning för tomten.".to_string(),
            GeometryProblem::UnreadableDesignation(why) => format!("Beteckningen: {why}"),
            GeometryProblem::MissingVersion => {
                "Formuläret saknar tomtens version. Ladda om sidan och gör ändringen igen."
                    .to_string()
            }
            GeometryProblem::DesignationTaken(name) => {
                format!("Det finns redan en tomt som heter {name}.")
            }
            GeometryProblem::TooManyCorners(corners) => format!(
                "Ytan har {} hörn; en tomt får ha högst {}. Förenkla ytterkanten.",
                crate::domain::format_integer(*corners as i64, crate::domain::Lang::Sv),
                crate::domain::format_integer(
                    crate::domain::MAX_PLOT_CORNERS as i64,
                    crate::domain::Lang::Sv
                )
            ),
            GeometryProblem::NeighbourChanged(name) => format!(
                "{name} har ändrats sedan du öppnade sidan (någon annan sparade den). Inget är sammanslaget; ladda om sidan och se ändringen innan du slår ihop."
            ),
            GeometryProblem::UnknownBusinessArea => "Välj ett verksamhetsområde.".to_string(),
        }
    }
}

/// A refused geometry form, with what was typed and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedGeometry {
    pub operation: GeometryOperation,
    /// Changes saved by someone else since the editor loaded the plot (a conflict).
    pub meanwhile: Vec<HistoryEntry>,
    /// The GeoJSON (outline or line) as typed.
    pub geometry: String,
    pub designation: String,
    pub message: String,
}

/// The geometry forms' fields (each form sends the ones it has).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeometryForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub version: String,
    /// GeoJSON in SWEREF 99 18 00 (EPSG:3011): the outline, or the line to split along.
    #[serde(rename = "geometri", default)]
    pub geometry: String,
    /// The new plot's designation (split, create).
    #[serde(rename = "beteckning", default)]
    pub designation: String,
    /// The plot to merge with, at the version the editor loaded: `ID:VERSION`.
    #[serde(rename = "med", default)]
    pub merge_with: String,
    /// The business area of a new plot.
    #[serde(rename = "omrade", default)]
    pub business_area: String,
}

impl GeometryForm {
    /// The neighbour to merge with and the version its editor saw: `None` when the form names
    /// no plot, a version of `None` when it names none.
    pub fn merge_target(&self) -> Option<(i64, Option<i32>)> {
        let (id, version) = match self.merge_with.trim().split_once(':') {
            Some((id, version)) => (id, Some(version)),
            None => (self.merge_with.trim(), None),
        };
        let id = id.trim().parse::<i64>().ok()?;
        Some((id, version.and_then(|v| v.trim().parse::<i32>().ok())))
    }
}
