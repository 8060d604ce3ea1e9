//! Plots: what the public may see of them.

use markkartan_app::domain::MapPlot;
use sqlx::PgPool;

/// Published plots with their outline as an SVG path in Web Mercator metres (y down).
pub async fn published_for_map(pool: &PgPool) -> Result<Vec<MapPlot>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.designation, a.name AS business_area, p.status, p.area_m2,
                p.price_sek_per_m2, ST_AsSVG(ST_Transform(p.geom, 3857), 0, 0) AS svg_path
           FROM plots p
           JOIN business_areas a ON a.id = p.business_area_id
          WHERE p.published
          ORDER BY a.name, p.designation",
    )
    .fetch_all(pool)
    .await
}

/// Published plots as an RFC 7946 GeoJSON FeatureCollection: WGS 84 longitude/latitude,
/// exterior rings counter-clockwise. Built by PostGIS in one statement.
pub async fn published_geojson(pool: &PgPool) -> Result<String, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT json_build_object(
                    'type', 'FeatureCollection',
                    'features', coalesce(json_agg(
                        json_build_object(
                            'type', 'Feature',
                            'id', p.id,
                            'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(p.geom, 4326)), 7)::json,
                            'properties', json_build_object(
                                'id', p.id,
                                'designation', p.designation,
                                'business_area', a.name,
                                'status', p.status,
                                'area_m2', round(p.area_m2::numeric, 1),
                                'price_sek_per_m2', p.price_sek_per_m2,
                                'permitted_uses', p.permitted_uses,
                                'reserved_until', p.reserved_until,
                                'updated_at', p.updated_at
                            )
                        ) ORDER BY p.id), '[]'::json)
                )::text
           FROM plots p
           JOIN business_areas a ON a.id = p.business_area_id
          WHERE p.published",
    )
    .fetch_one(pool)
    .await
}
