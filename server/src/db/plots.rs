//! Plots: what the public may see of them.

use chrono::{DateTime, NaiveDate, Utc};
use markkartan_app::domain::{
    CompareChoice, Contact, Distances, FactSheet, LandUse, MapPlot, NeighbourPlot, PlanStage,
    PlanSummary, PlotStatus, SmallMap, StreetView, ViewBox, WaterSewage, WrittenText,
};
use sqlx::PgPool;

use super::geometry::{REGION, region_arguments};

/// Published plots that touch the region, with their outline as an SVG path in Web Mercator
/// metres (y down), each corner relative to the one before (a third of the bytes of absolute
/// corners).
pub async fn published_for_map(
    pool: &PgPool,
    region: ViewBox,
) -> Result<Vec<MapPlot>, sqlx::Error> {
    sqlx::query_as_with(
        &format!(
        "SELECT p.id, p.designation, a.name AS business_area, p.status,
                round(p.area_m2::numeric, 1)::float8 AS area_m2,
                p.price_sek_per_m2, ST_AsSVG(p.web_geom, 1, 0) AS svg_path,
                -- The name goes where the plot is widest: the centre of the largest circle
                -- inside it (stored when the outline is written), in a box as high as that
                -- circle and, since a name is flat, wider.
                -- To a decimetre: a tenth of a pixel at the closest zoom, and half the bytes.
                round(ST_X(p.label_center)::numeric, 1)::float8 AS label_x,
                -round(ST_Y(p.label_center)::numeric, 1)::float8 AS label_y,
                round(least(0.9 * (ST_XMax(p.web_geom) - ST_XMin(p.web_geom)), 3.2 * p.label_radius)::numeric, 1)::float8 AS label_width,
                round(2 * p.label_radius::numeric, 1)::float8 AS label_height
           FROM plots p
           JOIN business_areas a ON a.id = p.business_area_id
          WHERE p.published AND p.web_geom && {REGION}
          ORDER BY a.name, p.designation"
        ),
        region_arguments(region),
    )
    .fetch_all(pool)
    .await
}

/// How many published plots touch the region, counted up to `at_most` (the count stops there:
/// an overview of 100,000 plots needs to know only that they are more than it can draw).
pub async fn published_count_in(
    pool: &PgPool,
    region: ViewBox,
    at_most: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar_with(
        &format!(
            "SELECT count(*) FROM (SELECT 1 FROM plots WHERE published AND web_geom && {REGION}
                                   LIMIT {at_most}) s"
        ),
        region_arguments(region),
    )
    .fetch_one(pool)
    .await
}

/// The business area of a published plot and the plot's box on the map; `None` when no
/// published plot has the id.
pub async fn published_place(
    pool: &PgPool,
    id: i64,
) -> Result<Option<(String, ViewBox)>, sqlx::Error> {
    let row: Option<(String, f64, f64, f64, f64)> = sqlx::query_as(
        "SELECT a.name, ST_XMin(p.web_geom), ST_YMin(p.web_geom), ST_XMax(p.web_geom), ST_YMax(p.web_geom)
           FROM plots p JOIN business_areas a ON a.id = p.business_area_id
          WHERE p.id = $1 AND p.published",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(area, xmin, ymin, xmax, ymax)| {
        (
            area,
            ViewBox {
                x: xmin,
                y: -ymax,
                width: xmax - xmin,
                height: ymax - ymin,
            },
        )
    }))
}

/// Every published plot's id and when it last changed, for the sitemap.
pub async fn published_pages(pool: &PgPool) -> Result<Vec<(i64, DateTime<Utc>)>, sqlx::Error> {
    sqlx::query_as("SELECT id, updated_at FROM plots WHERE published ORDER BY id")
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

/// One published plot's fact sheet, or `None` when there is no such published plot.
pub async fn fact_sheet(pool: &PgPool, id: i64) -> Result<Option<FactSheet>, sqlx::Error> {
    let Some(row) = sqlx::query_as::<_, FactSheetRow>(
        "SELECT p.id, p.designation, p.property_designation, a.name AS business_area,
                l.name AS locality, p.area_m2, p.status, p.reserved_until, p.price_sek_per_m2,
                p.permitted_uses, p.max_site_coverage_percent, p.max_building_height_m,
                p.water_sewage, p.electrical_capacity_kw, p.district_heating, p.fiber,
                p.public_description, p.public_description_en, p.updated_at,
                plan.id AS plan_key, plan.plan_id, plan.name AS plan_name,
                future.id AS future_area_id, future.name AS future_area_name, plan.stage AS plan_stage,
                plan.permitted_uses AS plan_permitted_uses,
                (SELECT s.date FROM detailed_plan_stage_dates s
                  WHERE s.detailed_plan_id = plan.id AND s.stage = 'laga_kraft' AND s.expected
                    AND s.date >= (now() AT TIME ZONE 'Europe/Stockholm')::date)
                    AS plan_in_force_expected,
                (SELECT ST_Distance(p.geom, r.geom) FROM roads r WHERE r.road_number = 'E18')
                    AS e18_m,
                near.name AS nearest_locality, ST_Distance(p.geom, near.geom) AS locality_m,
                port.name AS nearest_port, ST_Distance(p.geom, port.geom) AS port_m,
                c.name AS contact_name, c.title AS contact_title,
                c.title_en AS contact_title_en, c.phone AS contact_phone,
                c.email AS contact_email,
                ST_AsSVG(p.web_geom, 0, 0) AS svg_path,
                ST_XMin(frame.box) AS xmin, ST_YMin(frame.box) AS ymin,
                ST_XMax(frame.box) AS xmax, ST_YMax(frame.box) AS ymax
           FROM plots p
           JOIN business_areas a ON a.id = p.business_area_id
           JOIN localities l ON l.id = a.locality_id
           -- The plot's own contact person, else its business area's.
           LEFT JOIN contact_persons c ON c.id = coalesce(p.contact_person_id, a.contact_person_id)
           -- The published, not cancelled plan that covers most of the plot.
           LEFT JOIN LATERAL (
                SELECT d.id, d.plan_id, d.name, d.stage, d.permitted_uses
                  FROM published_plans d
                 WHERE d.stage <> 'upphavd' AND ST_Intersects(d.geom, p.geom)
                 ORDER BY ST_Area(ST_Intersection(d.geom, p.geom)) DESC, d.stage DESC
                 LIMIT 1
           ) plan ON true
           -- The published future area that covers most of the plot.
           LEFT JOIN LATERAL (
                SELECT f.id, f.name
                  FROM published_future_areas f
                 WHERE ST_Intersects(f.geom, p.geom)
                 ORDER BY ST_Area(ST_Intersection(f.geom, p.geom)) DESC, f.id
                 LIMIT 1
           ) future ON true
           LEFT JOIN LATERAL (
                SELECT name, geom FROM localities ORDER BY geom <-> p.geom LIMIT 1
           ) near ON true
           LEFT JOIN LATERAL (
                SELECT name, geom FROM ports ORDER BY geom <-> p.geom LIMIT 1
           ) port ON true
           -- The small map: the plot with a margin of half its size, at least 150 m.
           CROSS JOIN LATERAL (
                SELECT ST_Transform(ST_Expand(p.geom,
                           greatest(150, 0.5 * greatest(ST_XMax(p.geom) - ST_XMin(p.geom),
                                                        ST_YMax(p.geom) - ST_YMin(p.geom)))),
                       3857) AS box
           ) frame
          WHERE p.id = $1 AND p.published",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let neighbours = sqlx::query_as(
        "SELECT n.status, ST_AsSVG(ST_Transform(n.geom, 3857), 0, 0) AS svg_path
           FROM plots p
           JOIN plots n ON n.id <> p.id AND n.published AND ST_DWithin(n.geom, p.geom, $2)
          WHERE p.id = $1
          ORDER BY n.id",
    )
    .bind(id)
    .bind(NEIGHBOURHOOD_M)
    .fetch_all(pool)
    .await?;
    let view = super::context::view_box(row.xmin, row.ymin, row.xmax, row.ymax);
    let land =
        super::context::land_in_view(pool, view, super::context::SMALL_MAP_TOLERANCE_M).await?;
    let lines = super::context::lines_in_view(pool, view).await?;
    Ok(Some(row.into_fact_sheet(neighbours, land, lines)))
}

/// Neighbours within this distance are drawn on a fact sheet's small map.
const NEIGHBOURHOOD_M: f64 = 600.0;

#[derive(sqlx::FromRow)]
struct FactSheetRow {
    id: i64,
    designation: String,
    property_designation: Option<String>,
    business_area: String,
    locality: String,
    area_m2: f64,
    status: PlotStatus,
    reserved_until: Option<NaiveDate>,
    price_sek_per_m2: Option<i32>,
    permitted_uses: Vec<String>,
    max_site_coverage_percent: Option<i16>,
    max_building_height_m: Option<f32>,
    water_sewage: WaterSewage,
    electrical_capacity_kw: Option<i32>,
    district_heating: bool,
    fiber: bool,
    public_description: String,
    public_description_en: String,
    updated_at: DateTime<Utc>,
    plan_key: Option<i64>,
    plan_id: Option<String>,
    plan_name: Option<String>,
    future_area_id: Option<i64>,
    future_area_name: Option<String>,
    plan_stage: Option<PlanStage>,
    plan_permitted_uses: Option<Vec<String>>,
    plan_in_force_expected: Option<chrono::NaiveDate>,
    e18_m: Option<f64>,
    nearest_locality: Option<String>,
    locality_m: Option<f64>,
    nearest_port: Option<String>,
    port_m: Option<f64>,
    contact_name: Option<String>,
    contact_title: Option<String>,
    contact_title_en: Option<String>,
    contact_phone: Option<String>,
    contact_email: Option<String>,
    svg_path: String,
    xmin: f64,
    ymin: f64,
    xmax: f64,
    ymax: f64,
}

impl FactSheetRow {
    fn into_fact_sheet(
        self,
        neighbours: Vec<NeighbourPlot>,
        land_svg_path: String,
        lines: Vec<StreetView>,
    ) -> FactSheet {
        // The schema's CHECK admits only known codes, so nothing is dropped here.
        let uses = |codes: Vec<String>| -> Vec<LandUse> {
            codes.iter().filter_map(|c| LandUse::from_code(c)).collect()
        };
        let plan = match (self.plan_key, self.plan_id, self.plan_name, self.plan_stage) {
            (Some(id), Some(plan_id), Some(name), Some(stage)) => Some(PlanSummary {
                id,
                plan_id,
                name,
                stage,
                permitted_uses: uses(self.plan_permitted_uses.unwrap_or_default()),
                in_force_expected: self.plan_in_force_expected,
            }),
            _ => None,
        };
        let contact = match (
            self.contact_name,
            self.contact_title,
            self.contact_phone,
            self.contact_email,
        ) {
            (Some(name), Some(title), Some(phone), Some(email)) => Some(Contact {
                name,
                title: WrittenText {
                    sv: title,
                    en: self.contact_title_en.unwrap_or_default(),
                },
                phone,
                email,
            }),
            _ => None,
        };
        FactSheet {
            id: self.id,
            designation: self.designation,
            property_designation: self.property_designation,
            business_area: self.business_area,
            locality: self.locality,
            area_m2: self.area_m2,
            status: self.status,
            reserved_until: self.reserved_until,
            price_sek_per_m2: self.price_sek_per_m2,
            suitable_uses: uses(self.permitted_uses),
            plan,
            future_area: self.future_area_id.zip(self.future_area_name),
            max_site_coverage_percent: self.max_site_coverage_percent,
            max_building_height_m: self.max_building_height_m,
            water_sewage: self.water_sewage,
            electrical_capacity_kw: self.electrical_capacity_kw,
            district_heating: self.district_heating,
            fiber: self.fiber,
            description: WrittenText {
                sv: self.public_description,
                en: self.public_description_en,
            },
            distances: Distances {
                e18_m: self.e18_m,
                nearest_locality: self.nearest_locality.zip(self.locality_m),
                nearest_port: self.nearest_port.zip(self.port_m),
            },
            contact,
            updated_at: self.updated_at,
            outline: SmallMap {
                plot_svg_path: self.svg_path,
                neighbours,
                land_svg_path,
                lines,
                view: super::context::view_box(self.xmin, self.ymin, self.xmax, self.ymax),
            },
        }
    }
}

/// Published plots that are for sale (not sold, not withheld) to add to a comparison of
/// `compared`: in their business areas, or anywhere when nothing is compared yet. Ordered by
/// business area and designation, at most `limit`.
pub async fn compare_choices(
    pool: &PgPool,
    compared: &[i64],
    limit: usize,
) -> Result<Vec<CompareChoice>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.designation, a.name AS business_area, p.area_m2
           FROM plots p
           JOIN business_areas a ON a.id = p.business_area_id
          WHERE p.published
            AND p.status NOT IN ('sold', 'not_for_sale')
            AND p.id <> ALL($1)
            AND (cardinality($1) = 0
                 OR p.business_area_id IN (SELECT business_area_id FROM plots
                                            WHERE id = ANY($1) AND published))
          ORDER BY a.name, p.designation, p.id
          LIMIT $2",
    )
    .bind(compared)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await
}
