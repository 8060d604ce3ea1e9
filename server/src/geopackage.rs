//! Writes the plots' open data as a GeoPackage (OGC 12-128r18, version 1.3): an SQLite file
//! with the standard's tables, one feature layer `tomter` in SWEREF 99 TM (EPSG:3006). The SQL
//! here is the GeoPackage standard's tables in the file being written, not Markkartan's
//! database (whose SQL is all in `db`).

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};

use crate::db::downloads::OpenPlot;

/// The layer's name in the file.
pub const LAYER: &str = "tomter";

/// The GeoPackage's bytes: the plots as features, every fact a column (names as the CSV's).
pub async fn plots(
    plots: &[OpenPlot],
    sweref99_tm_wkt: &str,
    origin: &str,
) -> Result<Vec<u8>, sqlx::Error> {
    // At most two files written at once, however many ask: each takes a thread and a file.
    static WRITING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
    let _turn = WRITING
        .acquire()
        .await
        .map_err(|_| sqlx::Error::PoolClosed)?;
    // SQLite writes files: a private temporary one, removed when done. No journal and no
    // syncing: a file that fails half-way is thrown away, never read.
    let path = std::env::temp_dir().join(format!(
        "markkartan-download-{}.gpkg",
        crate::auth::new_token()
    ));
    struct Remove<'a>(&'a std::path::Path);
    impl Drop for Remove<'_> {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(self.0);
            let _ = std::fs::remove_file(self.0.with_extension("gpkg-journal"));
        }
    }
    let _remove = Remove(&path);
    let mut conn: SqliteConnection = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Off)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Off)
        .connect()
        .await?;
    write(&mut conn, plots, sweref99_tm_wkt, origin).await?;
    conn.close().await?;
    std::fs::read(&path).map_err(sqlx::Error::Io)
}

async fn write(
    conn: &mut SqliteConnection,
    plots: &[OpenPlot],
    sweref99_tm_wkt: &str,
    origin: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = conn.begin().await?;
    for statement in [
        // "GPKG" and version 1.3.0, as the standard asks of the file's header.
        "PRAGMA application_id = 1196444487",
        "PRAGMA user_version = 10300",
        "CREATE TABLE gpkg_spatial_ref_sys (
            srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
            organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)",
        "CREATE TABLE gpkg_contents (
            table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
            description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT
            (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE,
            max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id)
            REFERENCES gpkg_spatial_ref_sys(srs_id))",
        "CREATE TABLE gpkg_geometry_columns (
            table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
            srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
            CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
            CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
            CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))",
        "INSERT INTO gpkg_spatial_ref_sys VALUES
            ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL),
            ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL)",
        "CREATE TABLE tomter (
            fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POLYGON,
            id INTEGER NOT NULL, designation TEXT NOT NULL, municipality_code TEXT NOT NULL,
            business_area TEXT, locality TEXT, status TEXT, area_m2 REAL, price_sek_per_m2 INTEGER,
            permitted_uses TEXT, water_sewage TEXT, electrical_capacity_kw INTEGER,
            district_heating BOOLEAN, fiber BOOLEAN, max_building_height_m REAL,
            max_site_coverage_percent INTEGER, description TEXT, description_en TEXT,
            updated DATETIME, latitude REAL, longitude REAL, url TEXT)",
    ] {
        sqlx::query(statement).execute(&mut *tx).await?;
    }
    sqlx::query(
        "INSERT INTO gpkg_spatial_ref_sys VALUES ('SWEREF99 TM', 3006, 'EPSG', 3006, $1, NULL)",
    )
    .bind(sweref99_tm_wkt)
    .execute(&mut *tx)
    .await?;
    let extent = plots.iter().fold(None::<[f64; 4]>, |acc, p| {
        let e = &p.envelope_3006;
        Some(match acc {
            None => [e[0], e[1], e[2], e[3]],
            Some(a) => [
                a[0].min(e[0]),
                a[1].max(e[1]),
                a[2].min(e[2]),
                a[3].max(e[3]),
            ],
        })
    });
    sqlx::query(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, max_x,
                                    min_y, max_y, srs_id)
         VALUES ('tomter', 'features', 'Lediga tomter, Norrtälje kommun',
                 'Tomter för verksamheter (Markkartan)', $1, $2, $3, $4, 3006)",
    )
    .bind(extent.map(|e| e[0]))
    .bind(extent.map(|e| e[1]))
    .bind(extent.map(|e| e[2]))
    .bind(extent.map(|e| e[3]))
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO gpkg_geometry_columns VALUES ('tomter', 'geom', 'POLYGON', 3006, 0, 0)",
    )
    .execute(&mut *tx)
    .await?;
    for plot in plots {
        sqlx::query(
            "INSERT INTO tomter (geom, id, designation, municipality_code, business_area,
                                 locality, status, area_m2, price_sek_per_m2, permitted_uses,
                                 water_sewage, electrical_capacity_kw, district_heating, fiber,
                                 max_building_height_m, max_site_coverage_percent, description,
                                 description_en, updated, latitude, longitude, url)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                     $18, $19, $20, $21, $22)",
        )
        .bind(geometry(plot))
        .bind(plot.id)
        .bind(&plot.designation)
        .bind(&plot.municipality_code)
        .bind(&plot.business_area)
        .bind(&plot.locality)
        .bind(&plot.status)
        .bind(plot.area_m2)
        .bind(plot.price_sek_per_m2)
        .bind(plot.permitted_uses.join(";"))
        .bind(&plot.water_sewage)
        .bind(plot.electrical_capacity_kw)
        .bind(plot.district_heating)
        .bind(plot.fiber)
        .bind(plot.max_building_height_m)
        .bind(plot.max_site_coverage_percent)
        .bind(&plot.description)
        .bind(&plot.description_en)
        .bind(
            plot.updated_at
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        )
        .bind(plot.latitude)
        .bind(plot.longitude)
        .bind(format!("{origin}/tomt/{}", plot.id))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// A GeoPackage geometry: the standard's header (magic `GP`, version 0, flags: little-endian
/// with an xy envelope; the SRS id) and then the WKB.
fn geometry(plot: &OpenPlot) -> Vec<u8> {
    let mut blob = Vec::with_capacity(8 + 32 + plot.wkb_3006.len());
    blob.extend_from_slice(b"GP");
    blob.push(0);
    // Bit 0: little-endian header; bits 1–3 = 1: an envelope of [minx, maxx, miny, maxy].
    blob.push(0b0000_0011);
    blob.extend_from_slice(&3006i32.to_le_bytes());
    for value in &plot.envelope_3006 {
        blob.extend_from_slice(&value.to_le_bytes());
    }
    blob.extend_from_slice(&plot.wkb_3006);
    blob
}
