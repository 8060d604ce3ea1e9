//! Plot import: reading a GeoJSON, GeoPackage or zipped Shapefile into features (a geometry
//! and attributes as text) with the coordinate system the file names; keeping it as a draft
//! staff preview on the map; and writing it, all or nothing.
//!
//! Reprojection and every geometry check happen in PostGIS (db::import), in one query for
//! the preview and again inside the commit's transaction.

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

use markkartan_app::domain::{
    Crs, ImportFormat, ImportMapping, ImportPreview, ImportProblem, ImportedPlot,
    MAX_FILE_NAME_CHARS, MAX_IMPORT_BYTES, MAX_IMPORT_FEATURES, PreviewFeature, Viewer, check_text,
};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

use crate::db;

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

fn unreadable(format: ImportFormat, detail: impl ToString) -> ImportProblem {
    ImportProblem::Unreadable {
        format,
        detail: detail.to_string(),
    }
}

const UNREADABLE_GEOMETRY: &str = "en geometri går inte att läsa";

/// What failed, in Swedish, with the library's own (English) words after it for whoever
/// helps staff with a broken file.
fn broken(format: ImportFormat, what: &str, error: impl std::fmt::Display) -> ImportProblem {
    unreadable(format, format!("{what} (teknisk orsak: {error})"))
}

/// Reads an uploaded file, recognised by its first bytes (and name): a zip holds a Shapefile,
/// SQLite is a GeoPackage, anything else must be GeoJSON.
pub async fn read_file(file_name: &str, bytes: &[u8]) -> Result<ImportFile, ImportProblem> {
    if bytes.is_empty() {
        return Err(ImportProblem::NoFile);
    }
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportProblem::TooLarge);
    }
    let lower = file_name.to_lowercase();
    let file = if bytes.starts_with(b"PK\x03\x04") {
        read_zipped_shapefile(bytes)?
    } else if bytes.starts_with(b"SQLite format 3\0") {
        tokio::time::timeout(std::time::Duration::from_secs(30), read_geopackage(bytes))
            .await
            .map_err(|_| unreadable(ImportFormat::GeoPackage, "den tog för lång tid att läsa"))??
    } else if lower.ends_with(".geojson")
        || lower.ends_with(".json")
        || bytes.trim_ascii_start().starts_with(b"{")
        || bytes.starts_with("\u{feff}".as_bytes())
    {
        read_geojson(bytes)?
    } else {
        return Err(ImportProblem::UnknownFormat(file_name.to_string()));
    };
    if file.features.is_empty() {
        return Err(ImportProblem::NoFeatures);
    }
    if file.features.len() > MAX_IMPORT_FEATURES {
        return Err(ImportProblem::TooManyFeatures(file.features.len()));
    }
    Ok(file)
}

fn attribute_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => text(s),
        other => other.to_string(),
    }
}

/// Text as PostgreSQL can store it: without NUL characters, which some exports pad with.
fn text(raw: &str) -> String {
    raw.replace('\0', "")
}

/// A GeoJSON geometry with only what makes it a geometry: a "crs" or other member inside it
/// would be read by PostGIS on its own terms.
fn bare_geometry(mut geometry: serde_json::Value) -> serde_json::Value {
    if let Some(members) = geometry.as_object_mut() {
        members.retain(|name, _| matches!(name.as_str(), "type" | "coordinates" | "geometries"));
    }
    geometry
}

fn read_geojson(bytes: &[u8]) -> Result<ImportFile, ImportProblem> {
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
    let mut attributes: Vec<String> = Vec::new();
    let features: Vec<SourceFeature> = features
        .into_iter()
        .map(|f| {
            let properties: BTreeMap<String, String> = f
                .properties
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| {
                    if !attributes.contains(&text(&k)) {
                        attributes.push(text(&k));
                    }
                    (text(&k), attribute_text(&v))
                })
                .collect();
            SourceFeature {
                geometry: f
                    .geometry
                    .map(|g| bare_geometry(serde_json::to_value(g).unwrap_or_default())),
                properties,
            }
        })
        .collect();
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

/// A GeoPackage feature table: name, geometry column, and its coordinate system's
/// organisation, code and WKT definition.
type GpkgLayer = (String, String, Option<String>, Option<i64>, Option<String>);

/// Reads a GeoPackage's one feature table. The SQL here is the GeoPackage standard's tables in
/// the uploaded file, not Markkartan's database (whose SQL is all in `db`).
async fn read_geopackage(bytes: &[u8]) -> Result<ImportFile, ImportProblem> {
    use geozero::ToJson;
    use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
    use sqlx::{Column, ConnectOptions, Row};

    let format = ImportFormat::GeoPackage;
    // SQLite reads files, not memory: a private temporary copy, removed when done.
    let path = std::env::temp_dir().join(format!(
        "markkartan-import-{}.gpkg",
        crate::auth::new_token()
    ));
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .and_then(|mut file| file.write_all(bytes))
            .map_err(|e| {
                broken(
                    format,
                    "den kunde inte sparas tillfälligt för läsning; försök igen",
                    e,
                )
            })?;
    }
    struct Remove<'a>(&'a std::path::Path);
    impl Drop for Remove<'_> {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(self.0);
        }
    }
    let _remove = Remove(&path);
    let mut conn: SqliteConnection = SqliteConnectOptions::new()
        .filename(&path)
        .read_only(true)
        .immutable(true)
        .connect()
        .await
        .map_err(|e| broken(format, "den är ingen läsbar SQLite-databas", e))?;
    let layers: Vec<GpkgLayer> = sqlx::query_as(
        "SELECT c.table_name, g.column_name, s.organization, s.organization_coordsys_id, s.definition
           FROM gpkg_contents c
           JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
           LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
          WHERE c.data_type = 'features'
            -- A table, not a view: a view's query could be made to run for ever.
            AND c.table_name IN (SELECT name FROM sqlite_master WHERE type = 'table')
          ORDER BY c.table_name",
    )
    .fetch_all(&mut conn)
    .await
    .map_err(|_| unreadable(format, "den saknar GeoPackage-tabellerna (gpkg_contents)"))?;
    let (table, geometry_column, organization, code, definition) = match &layers[..] {
        [] => return Err(ImportProblem::NoFeatures),
        [layer] => layer.clone(),
        many => {
            let names: Vec<&str> = many.iter().map(|l| l.0.as_str()).collect();
            return Err(unreadable(
                format,
                format!(
                    "den har flera lager ({}); spara det som ska importeras i en egen fil",
                    names.join(", ")
                ),
            ));
        }
    };
    let crs = match (organization.as_deref(), code) {
        (Some(org), Some(code)) if org.eq_ignore_ascii_case("EPSG") => Some(
            Crs::from_srid(code as i32)
                .ok_or_else(|| ImportProblem::UnsupportedCrs(format!("EPSG:{code}")))?,
        ),
        // Undefined systems (srs_id 0 and -1) say nothing; others by their WKT.
        _ => definition.as_deref().and_then(Crs::from_name),
    };
    let count: i64 = sqlx::query_scalar(&format!(
        "SELECT count(*) FROM \"{}\"",
        table.replace('"', "\"\"")
    ))
    .fetch_one(&mut conn)
    .await
    .map_err(|e| broken(format, "objekttabellen går inte att läsa", e))?;
    if count as usize > MAX_IMPORT_FEATURES {
        return Err(ImportProblem::TooManyFeatures(count as usize));
    }
    let rows = sqlx::query(&format!("SELECT * FROM \"{}\"", table.replace('"', "\"\"")))
        .fetch_all(&mut conn)
        .await
        .map_err(|e| broken(format, "objekttabellen går inte att läsa", e))?;
    let attributes: Vec<String> = rows
        .first()
        .map(|row| {
            row.columns()
                .iter()
                .map(|c| c.name().to_string())
                .filter(|name| *name != geometry_column)
                .collect()
        })
        .unwrap_or_default();
    let mut features = Vec::with_capacity(rows.len());
    for row in &rows {
        let blob: Option<Vec<u8>> = row
            .try_get(geometry_column.as_str())
            .map_err(|e| broken(format, "ett objekt går inte att läsa", e))?;
        let geometry = match blob {
            None => None,
            Some(blob) => {
                let json = geozero::wkb::GpkgWkb(blob)
                    .to_json()
                    .map_err(|e| broken(format, UNREADABLE_GEOMETRY, e))?;
                Some(
                    serde_json::from_str(&json)
                        .map_err(|e| broken(format, UNREADABLE_GEOMETRY, e))?,
                )
            }
        };
        let properties = attributes
            .iter()
            .map(|name| {
                let name = name.as_str();
                let value = row
                    .try_get::<Option<i64>, _>(name)
                    .map(|v| v.map(|v| v.to_string()))
                    .or_else(|_| {
                        row.try_get::<Option<f64>, _>(name)
                            .map(|v| v.map(|v| v.to_string()))
                    })
                    .or_else(|_| row.try_get::<Option<String>, _>(name))
                    .unwrap_or_default()
                    .unwrap_or_default();
                (text(name), text(&value))
            })
            .collect();
        features.push(SourceFeature {
            geometry,
            properties,
        });
    }
    Ok(ImportFile {
        format,
        crs,
        attributes,
        features,
    })
}

fn read_zipped_shapefile(bytes: &[u8]) -> Result<ImportFile, ImportProblem> {
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
        None => shapefile_features(&shp, &dbf, DynEncoding::from(Unicode)).or_else(|_| {
            let windows_1252 = DynEncoding::from_name("1252").expect("encoding_rs knows 1252");
            shapefile_features(&shp, &dbf, windows_1252)
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

/// Reads the file and keeps it as the viewer's draft: `chosen` is the coordinate system staff
/// picked, used when the file names none. Returns the draft's id; a file that cannot be read
/// stores nothing.
pub async fn upload(
    pool: &PgPool,
    viewer: &Viewer,
    file_name: &str,
    bytes: &[u8],
    chosen: Option<Crs>,
    business_area: Option<i64>,
) -> Result<i64, ImportProblem> {
    if check_text(file_name, MAX_FILE_NAME_CHARS).is_err() {
        return Err(ImportProblem::UnreadableFileName);
    }
    let file = read_file(file_name, bytes).await?;
    let crs = file.crs.or(chosen).ok_or(ImportProblem::MissingCrs)?;
    let mapping = ImportMapping::guess(&file.attributes);
    db::import::insert_draft(
        pool,
        viewer.account_id,
        file_name,
        &file,
        crs,
        business_area,
        &mapping,
    )
    .await
    .map_err(|error| {
        tracing::error!(%error, "storing an import draft failed");
        unreadable(
            file.format,
            "den kunde inte sparas för granskning; försök igen",
        )
    })
}

/// The draft as staff review it: every feature with what stops it, the map. `None` when the
/// draft does not exist or belongs to someone else.
pub async fn preview(
    pool: &PgPool,
    viewer: &Viewer,
    id: i64,
) -> Result<Option<ImportPreview>, sqlx::Error> {
    let Some(draft) = db::import::draft(pool, viewer.account_id, id, false).await? else {
        return Ok(None);
    };
    // The transaction only holds the staged features; it writes nothing.
    let mut tx = pool.begin().await?;
    let checked = check(&mut tx, &draft).await?;
    let (view, existing_svg_paths) = db::import::map_around(&mut tx).await?;
    tx.rollback().await?;
    Ok(Some(ImportPreview {
        viewer: viewer.clone(),
        id,
        file_name: draft.file_name,
        format: draft.format,
        crs_from_file: draft.crs_from_file,
        crs: draft.crs,
        business_area: draft.business_area,
        business_areas: db::geometry::business_areas(pool).await?,
        attributes: draft.attributes,
        mapping: draft.mapping,
        features: checked.into_iter().map(|(feature, _)| feature).collect(),
        existing_svg_paths,
        view,
    }))
}

/// Every feature checked as a plot: its attributes through the mapping, its geometry in
/// PostGIS (type, validity, in Sweden, in the municipality, overlaps with plots and with the
/// file's other features), its designation against existing plots and the file's others.
async fn check(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    draft: &db::import::Draft,
) -> Result<Vec<(PreviewFeature, Option<ImportedPlot>)>, sqlx::Error> {
    db::import::stage_features(tx, &draft.features, draft.crs).await?;
    let geometry = db::import::check_geometries(tx, draft.crs).await?;
    let plots: Vec<Result<ImportedPlot, Vec<String>>> = draft
        .features
        .iter()
        .map(|f| ImportedPlot::from_attributes(&f.properties, &draft.mapping))
        .collect();
    let designations: Vec<String> = plots
        .iter()
        .filter_map(|p| p.as_ref().ok().map(|p| p.designation.clone()))
        .collect();
    let taken = db::import::designations_taken(tx, &designations).await?;
    let mut repeated: HashMap<&str, usize> = HashMap::new();
    for designation in &designations {
        *repeated.entry(designation).or_default() += 1;
    }
    Ok(plots
        .into_iter()
        .zip(geometry)
        .enumerate()
        .map(|(i, (plot, geometry))| {
            let mut problems = geometry.problems;
            let (designation, status, plot) = match plot {
                Ok(plot) => {
                    if taken.contains(&plot.designation) {
                        problems.push(format!(
                            "Det finns redan en tomt som heter {}.",
                            plot.designation
                        ));
                    }
                    let twin = repeated[plot.designation.as_str()];
                    if twin > 1 {
                        problems.push(format!(
                            "Beteckningen {} finns {twin} gånger i filen.",
                            plot.designation
                        ));
                    }
                    (plot.designation.clone(), Some(plot.status), Some(plot))
                }
                Err(attribute_problems) => {
                    problems.extend(attribute_problems);
                    (String::new(), None, None)
                }
            };
            let plot = plot.filter(|_| problems.is_empty());
            (
                PreviewFeature {
                    number: i + 1,
                    designation,
                    status,
                    area_m2: geometry.area_m2,
                    svg_path: geometry.svg_path,
                    problems,
                },
                plot,
            )
        })
        .collect())
}

#[derive(Debug, thiserror::Error)]
pub enum ReviewRefused {
    /// The business area chosen does not exist.
    #[error("no such business area")]
    UnknownBusinessArea,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// The preview form: coordinate system, business area and mapping. A file's own coordinate
/// system cannot be overridden. Returns false when the viewer has no such draft.
pub async fn update(
    pool: &PgPool,
    viewer: &Viewer,
    id: i64,
    crs: Option<Crs>,
    business_area: Option<i64>,
    mapping_fields: &[(String, String)],
) -> Result<bool, ReviewRefused> {
    let Some(draft) = db::import::draft(pool, viewer.account_id, id, false).await? else {
        return Ok(false);
    };
    if let Some(area) = business_area {
        let mut conn = pool.acquire().await?;
        if !db::geometry::business_area_exists(&mut conn, area).await? {
            return Err(ReviewRefused::UnknownBusinessArea);
        }
    }
    // A form without the mapping's fields leaves the mapping as it is.
    let mapping = if mapping_fields.iter().any(|(k, _)| k.starts_with("falt_")) {
        ImportMapping::from_form(
            mapping_fields.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            &draft.attributes,
        )
    } else {
        draft.mapping
    };
    let crs = draft.crs_from_file.or(crs).unwrap_or(draft.crs);
    db::import::update_draft(pool, viewer.account_id, id, crs, business_area, &mapping).await?;
    Ok(true)
}

#[derive(Debug, thiserror::Error)]
pub enum CommitRefused {
    #[error("no such draft")]
    NotFound,
    /// What stops the import, as the preview says it.
    #[error("import refused: {0:?}")]
    Blocked(Vec<String>),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// Writes every feature of the draft as a new plot, with its history, in one transaction, and
/// removes the draft; if any feature fails its checks nothing is written. Returns how many
/// plots were created.
pub async fn commit(pool: &PgPool, viewer: &Viewer, id: i64) -> Result<usize, CommitRefused> {
    let mut tx = pool.begin().await?;
    let draft = db::import::draft(&mut *tx, viewer.account_id, id, true)
        .await?
        .ok_or(CommitRefused::NotFound)?;
    // Plots are checked against each other and the rest inside the transaction; a lock on
    // the table keeps another writer from placing a plot in between.
    db::import::lock_plots(&mut tx).await.map_err(|error| {
        if error
            .as_database_error()
            .and_then(|e| e.code())
            .is_some_and(|code| code == "55P03")
        {
            CommitRefused::Blocked(vec![
                "Tomter sparas just nu av någon annan. Försök igen om en stund.".to_string(),
            ])
        } else {
            error.into()
        }
    })?;
    let checked = check(&mut tx, &draft).await?;
    let Some(area) = draft.business_area else {
        return Err(CommitRefused::Blocked(vec![
            "Välj vilket verksamhetsområde tomterna hör till.".to_string(),
        ]));
    };
    let problems: Vec<String> = checked
        .iter()
        .filter(|(f, _)| !f.problems.is_empty())
        .map(|(f, _)| format!("Objekt {}: {}", f.number, f.problems.join(" ")))
        .collect();
    if !problems.is_empty() {
        return Err(CommitRefused::Blocked(problems));
    }
    let plots: Vec<db::import::NewPlot> = checked
        .iter()
        .enumerate()
        .map(|(i, (_, plot))| db::import::NewPlot {
            n: i + 1,
            plot: plot
                .as_ref()
                .expect("checked features without problems are plots"),
        })
        .collect();
    let origin = format!("importerad från {}", draft.file_name);
    db::import::insert_plots(&mut tx, &plots, area, viewer.account_id, &origin).await?;
    db::import::delete_draft(&mut *tx, viewer.account_id, id).await?;
    tx.commit().await?;
    Ok(checked.len())
}

/// Drops the viewer's draft.
pub async fn cancel(pool: &PgPool, viewer: &Viewer, id: i64) -> Result<(), sqlx::Error> {
    db::import::delete_draft(pool, viewer.account_id, id).await
}
