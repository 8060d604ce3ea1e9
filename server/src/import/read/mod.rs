//! The file readers: a GeoJSON, GeoPackage or zipped Shapefile read into features (a geometry
//! and attributes as text) with the coordinate system the file names. Nothing here touches
//! Markkartan's database.

mod from_geojson;
mod from_geopackage;
mod from_shapefile;

use std::collections::BTreeMap;

use markkartan_app::domain::{
    Crs, ImportFormat, ImportProblem, MAX_IMPORT_ATTRIBUTES, MAX_IMPORT_BYTES, MAX_IMPORT_FEATURES,
};
use serde::{Deserialize, Serialize};

/// One feature as read from a file: its geometry (GeoJSON, in the file's coordinate system)
/// and its attributes as text (empty for a missing value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceFeature {
    pub geometry: Option<serde_json::Value>,
    pub properties: BTreeMap<String, String>,
}

/// A file's content: what it is, what coordinate system it names, its attribute names in file
/// order and its features.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportFile {
    pub format: ImportFormat,
    pub crs: Option<Crs>,
    pub attributes: Vec<String>,
    pub features: Vec<SourceFeature>,
}

pub(crate) fn unreadable(format: ImportFormat, detail: impl ToString) -> ImportProblem {
    ImportProblem::Unreadable {
        format,
        detail: detail.to_string(),
    }
}

pub(super) const UNREADABLE_GEOMETRY: &str = "en geometri går inte att läsa";

/// What failed, in Swedish, with the library's own (English) words after it for whoever
/// helps staff with a broken file.
pub(super) fn broken(
    format: ImportFormat,
    what: &str,
    error: impl std::fmt::Display,
) -> ImportProblem {
    unreadable(format, format!("{what} (teknisk orsak: {error})"))
}

/// Reads an uploaded file, recognised by its first bytes (and name): a zip holds a Shapefile,
/// SQLite is a GeoPackage, anything else must be GeoJSON. The reading (parsing, decoding every
/// geometry) runs on a blocking thread, so a large or hostile file never holds up the threads
/// that answer other requests.
pub async fn read_file(file_name: String, bytes: Vec<u8>) -> Result<ImportFile, ImportProblem> {
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || runtime.block_on(read_here(&file_name, &bytes)))
        .await
        .unwrap_or_else(|error| {
            tracing::error!(%error, "reading an import file failed");
            Err(unreadable(
                ImportFormat::GeoJson,
                "den gick inte att läsa; försök igen",
            ))
        })
}

async fn read_here(file_name: &str, bytes: &[u8]) -> Result<ImportFile, ImportProblem> {
    if bytes.is_empty() {
        return Err(ImportProblem::NoFile);
    }
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportProblem::TooLarge);
    }
    let lower = file_name.to_lowercase();
    let file = if bytes.starts_with(b"PK\x03\x04") {
        from_shapefile::read(bytes)?
    } else if bytes.starts_with(b"SQLite format 3\0") {
        tokio::time::timeout(
            std::time::Duration::from_secs(30),
            from_geopackage::read(bytes),
        )
        .await
        .map_err(|_| unreadable(ImportFormat::GeoPackage, "den tog för lång tid att läsa"))??
    } else if lower.ends_with(".geojson")
        || lower.ends_with(".json")
        || bytes.trim_ascii_start().starts_with(b"{")
        || bytes.starts_with("\u{feff}".as_bytes())
    {
        from_geojson::read(bytes)?
    } else {
        return Err(ImportProblem::UnknownFormat(file_name.to_string()));
    };
    if file.features.is_empty() {
        return Err(ImportProblem::NoFeatures);
    }
    if file.features.len() > MAX_IMPORT_FEATURES {
        return Err(ImportProblem::TooManyFeatures(file.features.len()));
    }
    if file.attributes.len() > MAX_IMPORT_ATTRIBUTES {
        return Err(ImportProblem::TooManyAttributes(file.attributes.len()));
    }
    Ok(file)
}

pub(super) fn attribute_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => text(s),
        other => other.to_string(),
    }
}

/// Text as PostgreSQL can store it: without NUL characters, which some exports pad with.
pub(super) fn text(raw: &str) -> String {
    raw.replace('\0', "")
}

/// A GeoJSON geometry with only what makes it a geometry: a "crs" or other member inside it
/// would be read by PostGIS on its own terms.
pub(super) fn bare_geometry(mut geometry: serde_json::Value) -> serde_json::Value {
    if let Some(members) = geometry.as_object_mut() {
        members.retain(|name, _| matches!(name.as_str(), "type" | "coordinates" | "geometries"));
    }
    geometry
}
