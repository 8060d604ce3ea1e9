//! The published plots as open data (`/tomter.geojson`, `.csv`, `.gpkg`): every public fact of
//! the plots the list page's filter keeps, in its order, with the outline in the forms each
//! format wants.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// A plot as the downloads give it.
#[derive(sqlx::FromRow)]
pub struct OpenPlot {
    pub id: i64,
    pub designation: String,
    /// The municipality's four-digit code (kommunkod), 0188 for Norrtälje.
    pub municipality_code: String,
    pub business_area: String,
    pub locality: String,
    pub status: String,
    pub area_m2: f64,
    pub price_sek_per_m2: Option<i32>,
    pub permitted_uses: Vec<String>,
    pub water_sewage: String,
    pub electrical_capacity_kw: Option<i32>,
    pub district_heating: bool,
    pub fiber: bool,
    pub max_building_height_m: Option<f64>,
    pub max_site_coverage_percent: Option<i16>,
    pub description: String,
    pub description_en: String,
    pub updated_at: DateTime<Utc>,
    /// A point inside the plot, WGS 84.
    pub latitude: f64,
    pub longitude: f64,
    /// The outline in CRS84: as GeoJSON, and as WKT (the CSV's).
    pub geojson: String,
    pub wkt: String,
    /// The outline in SWEREF 99 TM as little-endian WKB (the GeoPackage's), and its envelope.
    pub wkb_3006: Vec<u8>,
    pub envelope_3006: Vec<f64>,
}

/// The published plots with these ids, in the order given.
pub async fn plots(pool: &PgPool, ids: &[i64]) -> Result<Vec<OpenPlot>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.designation, (SELECT min(code) FROM municipality) AS municipality_code,
                a.name AS business_area, l.name AS locality,
                p.status::text AS status, round(p.area_m2::numeric, 1)::float8 AS area_m2,
                p.price_sek_per_m2, p.permitted_uses, p.water_sewage::text AS water_sewage,
                p.electrical_capacity_kw, p.district_heating, p.fiber,
                p.max_building_height_m::float8 AS max_building_height_m,
                p.max_site_coverage_percent,
                p.public_description AS description, p.public_description_en AS description_en,
                p.updated_at, ST_Y(c) AS latitude, ST_X(c) AS longitude,
                ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(p.geom, 4326)), 7) AS geojson,
                ST_AsText(ST_Transform(p.geom, 4326), 7) AS wkt,
                ST_AsBinary(ST_Transform(p.geom, 3006), 'NDR') AS wkb_3006,
                ARRAY[ST_XMin(t), ST_XMax(t), ST_YMin(t), ST_YMax(t)] AS envelope_3006
           FROM plots p
           JOIN business_areas a ON a.id = p.business_area_id
           JOIN localities l ON l.id = a.locality_id,
                ST_Transform(ST_PointOnSurface(p.geom), 4326) c,
                ST_Transform(p.geom, 3006) t
          WHERE p.published AND p.id = ANY($1)
          ORDER BY array_position($1, p.id)",
    )
    .bind(ids)
    .fetch_all(pool)
    .await
}

/// SWEREF 99 TM's definition as OGC WKT, for the GeoPackage's reference systems.
pub async fn sweref99_tm_wkt(pool: &PgPool) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT srtext FROM spatial_ref_sys WHERE srid = 3006")
        .fetch_one(pool)
        .await
}
