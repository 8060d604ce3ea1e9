//! Importing plots from a GIS file: the formats and coordinate systems accepted, the limits,
//! how a file's attributes fill a plot's fields, and what can be wrong with a file or with one
//! of its features. A file is read into a draft, previewed with every feature's checks, and
//! only then written, all or nothing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    LandUse, Lang, PlotChoice, PlotStatus, ViewBox, Viewer, count_of, format_integer,
    parse_whole_number,
};

/// The largest file accepted, in bytes (20 MiB: tens of thousands of plot outlines).
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
/// The most features one import may hold; larger sets are split into several imports.
pub const MAX_IMPORT_FEATURES: usize = 2_000;

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

/// The plot fields a file's attributes can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ImportField {
    Designation,
    PropertyDesignation,
    Status,
    Price,
    Uses,
    Description,
}

impl ImportField {
    pub const ALL: [ImportField; 6] = [
        ImportField::Designation,
        ImportField::PropertyDesignation,
        ImportField::Status,
        ImportField::Price,
        ImportField::Uses,
        ImportField::Description,
    ];

    /// The form field's name: `falt_<key>`.
    pub fn key(self) -> &'static str {
        self.table().0
    }

    pub fn label(self) -> &'static str {
        self.table().1
    }

    /// Attribute names (lower case, without separators) that fill this field unless staff
    /// choose otherwise.
    fn usual_names(self) -> &'static [&'static str] {
        self.table().2
    }

    fn table(self) -> (&'static str, &'static str, &'static [&'static str]) {
        match self {
            ImportField::Designation => (
                "beteckning",
                "Beteckning (krävs)",
                &["beteckning", "designation", "namn", "name", "tomt"],
            ),
            ImportField::PropertyDesignation => (
                "fastighet",
                "Fastighetsbeteckning",
                &[
                    "fastighet",
                    "fastighetsbeteckning",
                    "fastbet",
                    "propertydesignation",
                ],
            ),
            ImportField::Status => ("status", "Status", &["status"]),
            ImportField::Price => (
                "pris",
                "Pris (kr/m²)",
                &["pris", "price", "prissekperm2", "krm2"],
            ),
            ImportField::Uses => (
                "anvandning",
                "Användning (plankoder)",
                &["anvandning", "användning", "permitteduses", "uses"],
            ),
            ImportField::Description => (
                "beskrivning",
                "Beskrivning",
                &[
                    "beskrivning",
                    "beskrivnin",
                    "description",
                    "publicdescription",
                ],
            ),
        }
    }
}

/// Which attribute fills which field; a field without one keeps its default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportMapping(pub BTreeMap<ImportField, String>);

impl ImportMapping {
    /// The usual attribute names, recognised whatever their case or separators.
    pub fn guess(attributes: &[String]) -> ImportMapping {
        let squeeze = |name: &str| -> String {
            name.to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect()
        };
        ImportMapping(
            ImportField::ALL
                .into_iter()
                .filter_map(|field| {
                    attributes
                        .iter()
                        .find(|a| field.usual_names().contains(&squeeze(a).as_str()))
                        .map(|a| (field, a.clone()))
                })
                .collect(),
        )
    }

    pub fn attribute(&self, field: ImportField) -> Option<&str> {
        self.0.get(&field).map(String::as_str)
    }

    /// From the preview form's `falt_<key>` fields; only attributes the file has count.
    pub fn from_form<'a>(
        fields: impl IntoIterator<Item = (&'a str, &'a str)>,
        attributes: &[String],
    ) -> ImportMapping {
        let fields: Vec<(&str, &str)> = fields.into_iter().collect();
        ImportMapping(
            ImportField::ALL
                .into_iter()
                .filter_map(|field| {
                    let name = format!("falt_{}", field.key());
                    fields
                        .iter()
                        .find(|(k, _)| *k == name)
                        .map(|(_, v)| *v)
                        .filter(|v| attributes.iter().any(|a| a == v))
                        .map(|v| (field, v.to_string()))
                })
                .collect(),
        )
    }
}

/// A plot as one feature's attributes describe it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedPlot {
    pub designation: String,
    pub property_designation: Option<String>,
    pub status: PlotStatus,
    pub price_sek_per_m2: Option<i32>,
    pub permitted_uses: Vec<String>,
    pub public_description: String,
}

impl ImportedPlot {
    /// The plot one feature's attributes (as text) describe, or what is wrong with them, each
    /// naming the field. Unmapped fields keep the defaults of a drawn plot: not for sale, no
    /// price, no uses, no description.
    pub fn from_attributes(
        attributes: &BTreeMap<String, String>,
        mapping: &ImportMapping,
    ) -> Result<ImportedPlot, Vec<String>> {
        let value = |field: ImportField| -> &str {
            mapping
                .attribute(field)
                .and_then(|a| attributes.get(a))
                .map_or("", |v| v.trim())
        };
        let mut problems = Vec::new();
        let designation = value(ImportField::Designation).to_string();
        if designation.is_empty() {
            problems.push(match mapping.attribute(ImportField::Designation) {
                Some(a) => format!("Beteckning saknas (attributet {a} är tomt)."),
                None => "Beteckning saknas: välj vilket attribut som är beteckningen.".to_string(),
            });
        }
        let status = match parse_status(value(ImportField::Status)) {
            Ok(PlotStatus::Reserved) => {
                problems.push("Status: en reserverad tomt behöver innehavare och slutdatum; importera den som ej till salu och reservera den i redigeraren.".to_string());
                PlotStatus::NotForSale
            }
            Ok(status) => status,
            Err(typed) => {
                problems.push(format!("Status: ”{typed}” är ingen status (tillgänglig, under förhandling, såld, ej till salu)."));
                PlotStatus::NotForSale
            }
        };
        let price = value(ImportField::Price);
        let price_sek_per_m2 = if price.is_empty() {
            None
        } else {
            let whole = price
                .strip_suffix(".0")
                .or_else(|| price.strip_suffix(",0"))
                .unwrap_or(price);
            match parse_whole_number::<i32>(whole).filter(|p| *p >= 0) {
                Some(p) => Some(p),
                None => {
                    problems.push(format!(
                        "Pris: ”{price}” är inget helt antal kronor per m²."
                    ));
                    None
                }
            }
        };
        let mut permitted_uses = Vec::new();
        for code in value(ImportField::Uses)
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|c| !c.is_empty())
        {
            match LandUse::from_code(&code.to_uppercase()) {
                Some(u) if !permitted_uses.iter().any(|c| c == u.code()) => {
                    permitted_uses.push(u.code().to_string())
                }
                Some(_) => {}
                None => problems.push(format!(
                    "Användning: ”{code}” är ingen plankod (J, K, H, Z, E, T, U)."
                )),
            }
        }
        let property = value(ImportField::PropertyDesignation);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(ImportedPlot {
            designation,
            property_designation: (!property.is_empty()).then(|| property.to_string()),
            status,
            price_sek_per_m2,
            permitted_uses,
            public_description: value(ImportField::Description).to_string(),
        })
    }
}

/// A status as a file may write it: the key, the Swedish or English word, "till salu";
/// empty means not for sale.
fn parse_status(typed: &str) -> Result<PlotStatus, String> {
    let typed_lower = typed.to_lowercase().replace('_', " ");
    if typed_lower.is_empty() {
        return Ok(PlotStatus::NotForSale);
    }
    if typed_lower == "till salu" {
        return Ok(PlotStatus::Available);
    }
    PlotStatus::ALL
        .into_iter()
        .find(|s| {
            s.key().replace('_', " ") == typed_lower
                || s.label(Lang::Sv) == typed_lower
                || s.label(Lang::En) == typed_lower
        })
        .ok_or_else(|| typed.to_string())
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
        let mut blocking = Vec::new();
        if self.business_area.is_none() {
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

    fn attributes(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

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

    #[test]
    fn usual_attribute_names_are_mapped_whatever_their_case() {
        let mapping = ImportMapping::guess(&[
            "OBJECTID".into(),
            "Beteckning".into(),
            "STATUS".into(),
            "beskrivnin".into(),
        ]);
        assert_eq!(
            mapping.attribute(ImportField::Designation),
            Some("Beteckning")
        );
        assert_eq!(mapping.attribute(ImportField::Status), Some("STATUS"));
        assert_eq!(
            mapping.attribute(ImportField::Description),
            Some("beskrivnin")
        );
        assert_eq!(mapping.attribute(ImportField::Price), None);
    }

    #[test]
    fn a_feature_becomes_a_plot_or_names_every_wrong_field() {
        let mapping = ImportMapping::guess(&[
            "beteckning".into(),
            "status".into(),
            "pris".into(),
            "anvandning".into(),
        ]);
        let plot = ImportedPlot::from_attributes(
            &attributes(&[
                ("beteckning", " Rimbo Östra 1 "),
                ("status", "till salu"),
                ("pris", "1 250"),
                ("anvandning", "j, K"),
            ]),
            &mapping,
        )
        .unwrap();
        assert_eq!(plot.designation, "Rimbo Östra 1");
        assert_eq!(plot.status, PlotStatus::Available);
        assert_eq!(plot.price_sek_per_m2, Some(1250));
        assert_eq!(plot.permitted_uses, vec!["J", "K"]);

        let problems = ImportedPlot::from_attributes(
            &attributes(&[
                ("beteckning", ""),
                ("status", "reserverad"),
                ("pris", "dyr"),
                ("anvandning", "J X"),
            ]),
            &mapping,
        )
        .unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].starts_with("Beteckning saknas"));
        assert!(problems[1].starts_with("Status: en reserverad tomt"));
        assert!(problems[2].contains("”dyr”"));
        assert!(problems[3].contains("”X”"));
    }

    #[test]
    fn the_mapping_form_only_takes_attributes_the_file_has() {
        let attributes = vec!["namn".to_string(), "pris".to_string()];
        let mapping = ImportMapping::from_form(
            [
                ("falt_beteckning", "namn"),
                ("falt_pris", "kostnad"),
                ("falt_status", ""),
            ],
            &attributes,
        );
        assert_eq!(mapping.attribute(ImportField::Designation), Some("namn"));
        assert_eq!(mapping.attribute(ImportField::Price), None);
        assert_eq!(mapping.attribute(ImportField::Status), None);
    }
}
