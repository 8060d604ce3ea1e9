//! Importing plots from a GIS file: the formats and coordinate systems accepted, the limits,
//! and what can be wrong with a file. A file is read into a draft, previewed with every
//! feature's checks (`import_mapping` says how its attributes fill a plot's fields), and only
//! then written, all or nothing.

use serde::{Deserialize, Serialize};

use super::{
    ImportMapping, Lang, PlotChoice, PlotStatus, ViewBox, Viewer, count_of, format_integer,
};

/// The largest file accepted, in bytes (20 MiB: tens of thousands of plot outlines).
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;

/// The most features one import may hold; larger sets are split into several imports.
pub const MAX_IMPORT_FEATURES: usize = 2_000;

/// The most attributes (columns) a file's features may have: each is a row of the mapping, and
/// a file with thousands is no plot register.
pub const MAX_IMPORT_ATTRIBUTES: usize = 200;

/// The most corners a plot's outline may have. A plot is drawn on every map page that shows
/// it; surveyed plots have tens of corners, and a few hundred follow the most winding shore.
pub const MAX_PLOT_CORNERS: usize = 1_000;

/// The coordinate systems a file may be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Crs {
    /// SWEREF 99 TM, the national projection (Lantmäteriet's data).
    Sweref99Tm,
    /// SWEREF 99 18 00, the local projection Stockholm county's municipalities use; storage.
    Sweref991800,
    /// WGS 84 longitude/latitude, as GPS and web maps give it (and RFC 7946 GeoJSON).
    Wgs84,
}

impl Crs {
    pub const ALL: [Crs; 3] = [Crs::Sweref99Tm, Crs::Sweref991800, Crs::Wgs84];

    pub fn srid(self) -> i32 {
        match self {
            Crs::Sweref99Tm => 3006,
            Crs::Sweref991800 => 3011,
            Crs::Wgs84 => 4326,
        }
    }

    pub fn from_srid(srid: i32) -> Option<Crs> {
        Crs::ALL.into_iter().find(|c| c.srid() == srid)
    }

    pub fn label(self) -> &'static str {
        match self {
            Crs::Sweref99Tm => "SWEREF 99 TM (EPSG:3006)",
            Crs::Sweref991800 => "SWEREF 99 18 00 (EPSG:3011)",
            Crs::Wgs84 => "WGS 84, longitud och latitud (EPSG:4326)",
        }
    }

    /// A box around Sweden in this system's coordinates (x min, y min, x max, y max): a
    /// coordinate outside it is not in Sweden, or the file is in another system than stated.
    pub fn sweden_bounds(self) -> (f64, f64, f64, f64) {
        match self {
            Crs::Sweref99Tm => (180_000.0, 6_100_000.0, 1_000_000.0, 7_700_000.0),
            Crs::Sweref991800 => (-450_000.0, 6_100_000.0, 650_000.0, 7_700_000.0),
            Crs::Wgs84 => (10.0, 55.0, 24.5, 69.5),
        }
    }

    /// Reads a coordinate system's name as files write it: "EPSG:3006",
    /// "urn:ogc:def:crs:EPSG::3011", "urn:ogc:def:crs:OGC:1.3:CRS84", or the WKT of a .prj
    /// ("SWEREF99_TM", `AUTHORITY["EPSG","3006"]`). `None` for one this import does not take.
    pub fn from_name(name: &str) -> Option<Crs> {
        let upper = name.to_uppercase();
        let squeezed: String = upper
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        // A WKT's outermost name comes first; its datum (GEOGCS inside a PROJCS) later.
        let projected = upper.trim_start().starts_with("PROJCS") || upper.contains("PROJCRS");
        if squeezed.contains("SWEREF99TM") || upper.ends_with(":3006") || upper.ends_with("::3006")
        {
            return Some(Crs::Sweref99Tm);
        }
        if squeezed.contains("SWEREF991800")
            || upper.ends_with(":3011")
            || upper.ends_with("::3011")
        {
            return Some(Crs::Sweref991800);
        }
        if projected {
            return [Crs::Sweref99Tm, Crs::Sweref991800]
                .into_iter()
                .find(|c| upper.contains(&format!("\"EPSG\",\"{}\"]]", c.srid())));
        }
        if upper.ends_with(":4326")
            || upper.ends_with("CRS84")
            || squeezed.contains("GCSWGS1984")
            || squeezed.starts_with("GEOGCSWGS84")
        {
            return Some(Crs::Wgs84);
        }
        None
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportFormat {
    GeoJson,
    GeoPackage,
    Shapefile,
}

impl ImportFormat {
    pub fn key(self) -> &'static str {
        match self {
            ImportFormat::GeoJson => "geojson",
            ImportFormat::GeoPackage => "gpkg",
            ImportFormat::Shapefile => "shapefile",
        }
    }

    pub fn from_key(key: &str) -> Option<ImportFormat> {
        [
            ImportFormat::GeoJson,
            ImportFormat::GeoPackage,
            ImportFormat::Shapefile,
        ]
        .into_iter()
        .find(|f| f.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            ImportFormat::GeoJson => "GeoJSON",
            ImportFormat::GeoPackage => "GeoPackage",
            ImportFormat::Shapefile => "Shapefile (zip)",
        }
    }
}

/// Why a file was not read at all. Nothing is stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportProblem {
    NoFile,
    TooLarge,
    TooManyFeatures(usize),
    /// More distinct attributes than [`MAX_IMPORT_ATTRIBUTES`]: how many were found (at least).
    TooManyAttributes(usize),
    UnknownFormat(String),
    Unreadable {
        format: ImportFormat,
        detail: String,
    },
    NoFeatures,
    /// The file does not say its coordinate system and none was chosen.
    MissingCrs,
    /// The file names a coordinate system this import does not take.
    UnsupportedCrs(String),
    /// The file's name holds control characters or is longer than [`MAX_FILE_NAME_CHARS`].
    UnreadableFileName,
    /// The upload itself cannot be read as a form (a part's headers are malformed).
    BrokenUpload,
}

/// The longest file name an upload may have.
pub const MAX_FILE_NAME_CHARS: usize = 255;

impl ImportProblem {
    pub fn message(&self) -> String {
        match self {
            ImportProblem::NoFile => "Välj en fil att importera.".to_string(),
            ImportProblem::TooLarge => format!(
                "Filen är för stor: högst {} MB går att importera. Dela upp den i flera filer.",
                MAX_IMPORT_BYTES / (1024 * 1024)
            ),
            ImportProblem::TooManyFeatures(found) => format!(
                "Filen har {}; högst {} går att importera åt gången. Dela upp den i flera filer.",
                count_of(*found, "objekt", "objekt"),
                format_integer(MAX_IMPORT_FEATURES as i64, Lang::Sv)
            ),
            ImportProblem::TooManyAttributes(found) => format!(
                "Filens objekt har minst {} olika attribut; högst {} går att importera. Spara bara de kolumner som beskriver tomterna.",
                format_integer(*found as i64, Lang::Sv),
                format_integer(MAX_IMPORT_ATTRIBUTES as i64, Lang::Sv)
            ),
            ImportProblem::UnknownFormat(name) => format!(
                "{name} är varken GeoJSON, GeoPackage eller en zippad Shapefile."
            ),
            ImportProblem::Unreadable { format, detail } => {
                format!("Filen går inte att läsa som {}: {detail}.", format.label())
            }
            ImportProblem::NoFeatures => "Filen innehåller inga objekt.".to_string(),
            ImportProblem::MissingCrs => "Filen anger inget koordinatsystem. Välj vilket den är i (SWEREF 99 TM, SWEREF 99 18 00 eller WGS 84) och ladda upp den igen.".to_string(),
            ImportProblem::BrokenUpload => "Uppladdningen gick inte att läsa (formuläret eller filens namn är trasigt). Ladda om sidan och försök igen.".to_string(),
            ImportProblem::UnreadableFileName => format!(
                "Filens namn går inte att spara (ett kontrolltecken, eller längre än {MAX_FILE_NAME_CHARS} tecken). Byt namn på filen och ladda upp den igen."
            ),
            ImportProblem::UnsupportedCrs(name) => format!(
                "Filen är i koordinatsystemet {name}. Importen tar SWEREF 99 TM, SWEREF 99 18 00 och WGS 84; gör om filen till något av dem."
            ),
        }
    }
}

/// One feature of a draft as the preview shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviewFeature {
    /// 1-based, in file order.
    pub number: usize,
    pub designation: String,
    pub status: Option<PlotStatus>,
    pub area_m2: Option<f64>,
    /// The outline on the preview map (SVG path, EPSG:3857), empty when it cannot be drawn.
    pub svg_path: String,
    /// Where its number is written on the preview map (a point inside it, EPSG:3857, y down).
    pub label_at: Option<(f64, f64)>,
    /// What stops this feature from becoming a plot; empty when it can.
    pub problems: Vec<String>,
}

/// A draft import as staff review it before anything is written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub viewer: Viewer,
    pub id: i64,
    pub file_name: String,
    pub format: ImportFormat,
    /// What the file says it is in (None: it says nothing, and staff chose `crs`).
    pub crs_from_file: Option<Crs>,
    pub crs: Crs,
    pub business_area: Option<i64>,
    pub business_areas: Vec<PlotChoice>,
    pub attributes: Vec<String>,
    pub mapping: ImportMapping,
    pub features: Vec<PreviewFeature>,
    /// Existing plots around the features, for the map (SVG paths, EPSG:3857).
    pub existing_svg_paths: Vec<String>,
    /// The land under the map (SVG path, EPSG:3857).
    pub land_svg_path: String,
    /// The preview map's frame (EPSG:3857).
    pub view: ViewBox,
}

impl ImportPreview {
    pub fn features_with_problems(&self) -> usize {
        self.features
            .iter()
            .filter(|f| !f.problems.is_empty())
            .count()
    }

    /// What stops the whole import, each a sentence; empty when it can be written.
    pub fn blocking(&self) -> Vec<String> {
        self.blocking_with(self.business_area.is_some())
    }

    /// The same, once a business area is chosen in the form (or not) but not yet stored.
    pub fn blocking_with(&self, business_area_chosen: bool) -> Vec<String> {
        let mut blocking = Vec::new();
        if !business_area_chosen {
            blocking.push("Välj vilket verksamhetsområde tomterna hör till.".to_string());
        }
        match self.features_with_problems() {
            0 => {}
            1 => blocking.push("1 objekt har fel (se tabellen). Rätta filen och ladda upp den igen, eller ändra attributens koppling.".to_string()),
            n => blocking.push(format!("{n} objekt har fel (se tabellen). Rätta filen och ladda upp den igen, eller ändra attributens koppling.")),
        }
        blocking
    }
}

/// The import page after a refused upload or commit: what was wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedImport {
    pub message: String,
}

/// The upload page: who is signed in and where plots can go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportStart {
    pub viewer: Viewer,
    pub business_areas: Vec<PlotChoice>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinate_systems_are_read_from_the_names_files_use() {
        assert_eq!(
            Crs::from_name("urn:ogc:def:crs:EPSG::3006"),
            Some(Crs::Sweref99Tm)
        );
        assert_eq!(Crs::from_name("EPSG:3011"), Some(Crs::Sweref991800));
        assert_eq!(
            Crs::from_name("urn:ogc:def:crs:OGC:1.3:CRS84"),
            Some(Crs::Wgs84)
        );
        assert_eq!(
            Crs::from_name(r#"PROJCS["SWEREF99_TM",GEOGCS["GCS_SWEREF99",DATUM["D_SWEREF99"]]]"#),
            Some(Crs::Sweref99Tm)
        );
        assert_eq!(
            Crs::from_name(r#"PROJCS["SWEREF99 18 00",GEOGCS["SWEREF99"]]"#),
            Some(Crs::Sweref991800)
        );
        assert_eq!(
            Crs::from_name(r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]"#),
            Some(Crs::Wgs84)
        );
        assert_eq!(
            Crs::from_name(r#"PROJCS["WGS_1984_UTM_Zone_33N",GEOGCS["GCS_WGS_1984"]]"#),
            None
        );
        assert_eq!(Crs::from_name("EPSG:3857"), None);
    }
}
