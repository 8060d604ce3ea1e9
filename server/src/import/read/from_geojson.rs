//! GeoJSON: a FeatureCollection (or one Feature), its "crs" member or else WGS 84.

use std::collections::{BTreeMap, HashSet};

use markkartan_app::domain::{Crs, ImportFormat, ImportProblem, MAX_IMPORT_ATTRIBUTES};

use super::{ImportFile, SourceFeature, attribute_text, bare_geometry, broken, text, unreadable};

pub(super) fn read(bytes: &[u8]) -> Result<ImportFile, ImportProblem> {
    let format = ImportFormat::GeoJson;
    let json = std::str::from_utf8(bytes).map_err(|_| unreadable(format, "den är inte UTF-8"))?;
    // Windows programs often begin UTF-8 with a byte-order mark; JSON does not allow one.
    let geojson: geojson::GeoJson = json
        .trim_start_matches('\u{feff}')
        .parse()
        .map_err(|e| broken(format, "den är inte giltig GeoJSON", e))?;
    let (features, foreign) = match geojson {
        geojson::GeoJson::FeatureCollection(fc) => (fc.features, fc.foreign_members),
        geojson::GeoJson::Feature(f) => (vec![f], None),
        geojson::GeoJson::Geometry(g) => (vec![geojson::Feature::from(g)], None),
    };
    // The attribute names in the order the file first has them, each once: a set beside the
    // list keeps this linear in the number of values read.
    let mut attributes: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut read = Vec::with_capacity(features.len());
    for feature in features {
        let properties = feature.properties.unwrap_or_default();
        if properties.len() > MAX_IMPORT_ATTRIBUTES {
            return Err(ImportProblem::TooManyAttributes(properties.len()));
        }
        let properties: BTreeMap<String, String> = properties
            .into_iter()
            .map(|(k, v)| {
                let name = text(&k);
                if !seen.contains(&name) {
                    seen.insert(name.clone());
                    attributes.push(name.clone());
                }
                (name, attribute_text(&v))
            })
            .collect();
        if attributes.len() > MAX_IMPORT_ATTRIBUTES {
            return Err(ImportProblem::TooManyAttributes(attributes.len()));
        }
        read.push(SourceFeature {
            geometry: feature
                .geometry
                .map(|g| bare_geometry(serde_json::to_value(g).unwrap_or_default())),
            properties,
        });
    }
    let features = read;
    // The 2008 GeoJSON "crs" member as GDAL and QGIS still write it for projected data;
    // without it RFC 7946 says WGS 84, which the coordinates must then look like.
    let named = foreign
        .as_ref()
        .and_then(|m| m.get("crs"))
        .and_then(|crs| crs.pointer("/properties/name"))
        .and_then(|name| name.as_str());
    let crs = match named {
        Some(name) => Some(
            Crs::from_name(name).ok_or_else(|| ImportProblem::UnsupportedCrs(name.to_string()))?,
        ),
        None => {
            let bounds = features
                .iter()
                .filter_map(|f| f.geometry.as_ref())
                .fold(None, |acc, g| widen(acc, g.get("coordinates")));
            bounds
                .filter(|(x0, y0, x1, y1)| {
                    *x0 >= -180.0 && *x1 <= 180.0 && *y0 >= -90.0 && *y1 <= 90.0
                })
                .map(|_| Crs::Wgs84)
        }
    };
    Ok(ImportFile {
        format,
        crs,
        attributes,
        features,
    })
}

type Bounds = Option<(f64, f64, f64, f64)>;

/// The bounding box of GeoJSON coordinates (nested arrays of positions).
fn widen(acc: Bounds, coordinates: Option<&serde_json::Value>) -> Bounds {
    let Some(serde_json::Value::Array(items)) = coordinates else {
        return acc;
    };
    match (
        items.first().and_then(|v| v.as_f64()),
        items.get(1).and_then(|v| v.as_f64()),
    ) {
        (Some(x), Some(y)) => Some(match acc {
            None => (x, y, x, y),
            Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
        }),
        _ => items.iter().fold(acc, |acc, item| widen(acc, Some(item))),
    }
}
