//! GeoPackage: the one feature table of an SQLite file, read with the GeoPackage standard's tables.

use markkartan_app::domain::{Crs, ImportFormat, ImportProblem, MAX_IMPORT_FEATURES};

use super::{ImportFile, SourceFeature, UNREADABLE_GEOMETRY, broken, text, unreadable};

/// A GeoPackage feature table: name, geometry column, and its coordinate system's
/// organisation, code and WKT definition.
type GpkgLayer = (String, String, Option<String>, Option<i64>, Option<String>);

/// Reads a GeoPackage's one feature table. The SQL here is the GeoPackage standard's tables in
/// the uploaded file, not Markkartan's database (whose SQL is all in `db`).
pub(super) async fn read(bytes: &[u8]) -> Result<ImportFile, ImportProblem> {
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
