//! Context layers (municipality, roads, localities) and the map's extent.

use markkartan_app::domain::{BusinessAreaView, NamedPath, NamedPoint, ViewBox};
use sqlx::PgPool;

/// Outlines are simplified to this many metres: finer detail is invisible at municipality scale.
const OUTLINE_TOLERANCE_M: f64 = 25.0;

pub async fn municipality_outline(pool: &PgPool) -> Result<Vec<NamedPath>, sqlx::Error> {
    sqlx::query_as(
        "SELECT name, ST_AsSVG(ST_Transform(ST_SimplifyPreserveTopology(geom, $1), 3857), 0, 0) AS svg_path
           FROM municipality ORDER BY code",
    )
    .bind(OUTLINE_TOLERANCE_M)
    .fetch_all(pool)
    .await
}

pub async fn roads(pool: &PgPool) -> Result<Vec<NamedPath>, sqlx::Error> {
    sqlx::query_as(
        "SELECT road_number AS name, ST_AsSVG(ST_Transform(ST_Simplify(geom, $1), 3857), 0, 0) AS svg_path
           FROM roads ORDER BY road_number",
    )
    .bind(OUTLINE_TOLERANCE_M)
    .fetch_all(pool)
    .await
}

pub async fn localities(pool: &PgPool) -> Result<Vec<NamedPoint>, sqlx::Error> {
    sqlx::query_as(
        "SELECT name, ST_X(ST_Transform(geom, 3857)) AS x, -ST_Y(ST_Transform(geom, 3857)) AS y
           FROM localities ORDER BY name",
    )
    .fetch_all(pool)
    .await
}

/// Business areas with published plots, each with the box around those plots.
pub async fn business_area_views(pool: &PgPool) -> Result<Vec<BusinessAreaView>, sqlx::Error> {
    let rows: Vec<(i64, String, String, f64, f64, f64, f64)> = sqlx::query_as(
        "WITH extents AS (
             SELECT p.business_area_id AS id, ST_Extent(ST_Transform(p.geom, 3857)) AS box
               FROM plots p WHERE p.published GROUP BY p.business_area_id
         )
         SELECT a.id, a.name, l.name, ST_XMin(e.box), ST_YMin(e.box), ST_XMax(e.box), ST_YMax(e.box)
           FROM business_areas a
           JOIN extents e ON e.id = a.id
           JOIN localities l ON l.id = a.locality_id
          ORDER BY l.name, a.name",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, locality, xmin, ymin, xmax, ymax)| BusinessAreaView {
                id,
                name,
                locality,
                extent: view_box(xmin, ymin, xmax, ymax),
            },
        )
        .collect())
}

/// A Web Mercator bounding box as a view box (the SVG's y axis points down).
pub(super) fn view_box(xmin: f64, ymin: f64, xmax: f64, ymax: f64) -> ViewBox {
    ViewBox {
        x: xmin,
        y: -ymax,
        width: xmax - xmin,
        height: ymax - ymin,
    }
}

/// The box around the municipality and every published plot, in the map's coordinates.
pub async fn map_extent(pool: &PgPool) -> Result<Option<ViewBox>, sqlx::Error> {
    let row: Option<(f64, f64, f64, f64)> = sqlx::query_as(
        "WITH everything AS (
             SELECT ST_Transform(geom, 3857) AS geom FROM municipality
             UNION ALL
             SELECT ST_Transform(geom, 3857) FROM plots WHERE published
         ), extent AS (SELECT ST_Extent(geom) AS box FROM everything)
         SELECT ST_XMin(box), ST_YMin(box), ST_XMax(box), ST_YMax(box)
           FROM extent WHERE box IS NOT NULL",
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(xmin, ymin, xmax, ymax)| view_box(xmin, ymin, xmax, ymax)))
}
