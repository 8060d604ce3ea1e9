//! Shapefile: a zip holding one .shp with its .dbf, .shx and .prj.

use std::io::{Cursor, Read};

use markkartan_app::domain::{
    Crs, ImportFormat, ImportProblem, MAX_IMPORT_ATTRIBUTES, MAX_IMPORT_BYTES, MAX_IMPORT_FEATURES,
};

use super::{ImportFile, SourceFeature, UNREADABLE_GEOMETRY, broken, text, unreadable};

/// Reads the one Shapefile in a zip.
pub(super) fn read(bytes: &[u8]) -> Result<ImportFile, ImportProblem> {
    let format = ImportFormat::Shapefile;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| broken(format, "zip-filen går inte att öppna", e))?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .collect();
    let shps: Vec<&String> = names
        .iter()
        .filter(|n| n.to_lowercase().ends_with(".shp"))
        .collect();
    let shp_name = match &shps[..] {
        [] => return Err(unreadable(format, "zip-filen innehåller ingen .shp-fil")),
        [one] => one.to_string(),
        many => {
            let list: Vec<&str> = many.iter().map(|n| n.as_str()).collect();
            return Err(unreadable(
                format,
                format!(
                    "zip-filen innehåller flera Shapefiler ({}); zippa en i taget",
                    list.join(", ")
                ),
            ));
        }
    };
    let base = &shp_name[..shp_name.len() - 4];
    // What the parts may inflate to, together: a small zip must not become gigabytes.
    let mut budget = 2 * MAX_IMPORT_BYTES as u64;
    let mut part = |extension: &str| -> Result<Option<Vec<u8>>, ImportProblem> {
        let Some(name) = names.iter().find(|n| {
            n.len() == base.len() + 4
                && n.starts_with(base)
                && n.to_lowercase().ends_with(extension)
        }) else {
            return Ok(None);
        };
        let entry = zip
            .by_name(name)
            .map_err(|e| broken(format, "en fil i zip-filen går inte att packa upp", e))?;
        // The size the zip states, and never more than the budget is read whatever it says.
        if entry.size() > budget {
            return Err(ImportProblem::TooLarge);
        }
        let mut out = Vec::with_capacity(entry.size() as usize);
        entry
            .take(budget + 1)
            .read_to_end(&mut out)
            .map_err(|e| broken(format, "en fil i zip-filen går inte att packa upp", e))?;
        budget = budget
            .checked_sub(out.len() as u64)
            .ok_or(ImportProblem::TooLarge)?;
        Ok(Some(out))
    };
    let shp = part(".shp")?.unwrap_or_default();
    let dbf = part(".dbf")?
        .ok_or_else(|| unreadable(format, "zip-filen saknar .dbf-filen med attributen"))?;
    let prj = part(".prj")?;
    // The attributes' character set as the .cpg names it ("UTF-8", "ISO-8859-1", "1252"...);
    // without one, the code page the .dbf header marks.
    let encoding = part(".cpg")?.and_then(|cpg| {
        shapefile::dbase::encoding::DynEncoding::from_name(&String::from_utf8_lossy(&cpg))
    });
    let crs = match prj {
        None => None,
        Some(prj) => {
            let wkt = String::from_utf8_lossy(&prj).trim().to_string();
            let name = wkt.split('"').nth(1).unwrap_or(&wkt).to_string();
            Some(Crs::from_name(&wkt).ok_or(ImportProblem::UnsupportedCrs(name))?)
        }
    };
    use shapefile::dbase::encoding::{DynEncoding, Unicode};
    let (attributes, features) = match encoding {
        Some(encoding) => shapefile_features(&shp, &dbf, encoding)?,
        // Without a .cpg: UTF-8 if the text is UTF-8, else Windows-1252 (Latin-1 and a little
        // more), what Swedish exports without one mostly are.
        None => shapefile_features(&shp, &dbf, DynEncoding::from(Unicode)).or_else(|utf8| {
            match DynEncoding::from_name("1252") {
                Some(windows_1252) => shapefile_features(&shp, &dbf, windows_1252),
                None => Err(utf8),
            }
        })?,
    };
    Ok(ImportFile {
        format,
        crs,
        attributes,
        features,
    })
}

/// A Shapefile's attribute names and features, its text read in `encoding`.
fn shapefile_features(
    shp: &[u8],
    dbf: &[u8],
    encoding: shapefile::dbase::encoding::DynEncoding,
) -> Result<(Vec<String>, Vec<SourceFeature>), ImportProblem> {
    use geozero::ToJson;
    let format = ImportFormat::Shapefile;
    let shapes = shapefile::ShapeReader::new(Cursor::new(shp))
        .map_err(|e| broken(format, ".shp-filen går inte att läsa", e))?;
    let records = shapefile::dbase::ReaderBuilder::new()
        .with_encoding(encoding)
        .build(Cursor::new(dbf))
        .map_err(|e| broken(format, ".dbf-filen går inte att läsa", e))?;
    let attributes: Vec<String> = records
        .fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    if attributes.len() > MAX_IMPORT_ATTRIBUTES {
        return Err(ImportProblem::TooManyAttributes(attributes.len()));
    }
    if records.header().num_records as usize > MAX_IMPORT_FEATURES {
        return Err(ImportProblem::TooManyFeatures(
            records.header().num_records as usize,
        ));
    }
    let mut reader = shapefile::Reader::new(shapes, records);
    let mut features = Vec::new();
    for item in reader.iter_shapes_and_records() {
        let (shape, record) =
            item.map_err(|e| broken(format, "ett objekt i Shapefilen går inte att läsa", e))?;
        let geometry = match shape {
            shapefile::Shape::NullShape => None,
            shape => {
                let geometry = geo_types::Geometry::<f64>::try_from(shape)
                    .map_err(|e| broken(format, UNREADABLE_GEOMETRY, e))?;
                let json = geometry
                    .to_json()
                    .map_err(|e| broken(format, UNREADABLE_GEOMETRY, e))?;
                Some(
                    serde_json::from_str(&json)
                        .map_err(|e| broken(format, UNREADABLE_GEOMETRY, e))?,
                )
            }
        };
        let properties = record
            .into_iter()
            .map(|(name, value)| (text(&name), text(&dbase_text(value))))
            .collect();
        features.push(SourceFeature {
            geometry,
            properties,
        });
    }
    Ok((attributes, features))
}

fn dbase_text(value: shapefile::dbase::FieldValue) -> String {
    use shapefile::dbase::FieldValue as V;
    let number = |n: f64| {
        if n.fract() == 0.0 && n.abs() < 1e15 {
            format!("{}", n as i64)
        } else {
            n.to_string()
        }
    };
    match value {
        V::Character(s) => s.unwrap_or_default(),
        V::Numeric(n) => n.map(number).unwrap_or_default(),
        V::Float(n) => n.map(|n| number(n as f64)).unwrap_or_default(),
        V::Logical(b) => b
            .map(|b| if b { "ja" } else { "nej" }.to_string())
            .unwrap_or_default(),
        V::Date(d) => d
            .map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
            .unwrap_or_default(),
        V::Integer(i) => i.to_string(),
        V::Currency(n) | V::Double(n) => number(n),
        V::Memo(s) => s,
        V::DateTime(d) => {
            let date = d.date();
            format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
        }
    }
}
