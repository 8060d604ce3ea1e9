//! Published detaljplaner and future areas, for the map's layers and the plans view. Read only
//! through the `published_*` views (migration 0013): drafts are in other tables altogether.

use chrono::NaiveDate;
use markkartan_app::domain::{
    AreaFacts, AreaUse, Contact, CoveredPlot, FutureAreaView, KindFacts, LandUse, LandUseCategory,
    LandUseFacts, MapFutureArea, MapPlan, NeighbourPlot, PlanFacts, PlanStage, PlanView,
    PlanningKind, PlanningPage, PlotStatus, SmallMap, StageDate, ViewBox, WrittenText,
};
use sqlx::{Arguments, PgPool, postgres::PgArguments};

use super::geometry::{REGION, region_arguments};

#[derive(sqlx::FromRow)]
struct PlanRow {
    id: i64,
    plan_id: String,
    name: String,
    stage: PlanStage,
    permitted_uses: Vec<String>,
    description: String,
    description_en: String,
    svg_path: String,
    stage_dates: sqlx::types::Json<Vec<StageDateRow>>,
}

#[derive(serde::Deserialize)]
struct StageDateRow {
    stage: PlanStage,
    date: NaiveDate,
    expected: bool,
    late: bool,
}

/// Published plans, cancelled ones included (a company may ask about an old plan), ordered by
/// their plan id.
pub async fn published(pool: &PgPool) -> Result<Vec<PlanView>, sqlx::Error> {
    let rows: Vec<PlanRow> = sqlx::query_as(
        "SELECT d.id, d.plan_id, d.name, d.stage, d.permitted_uses, d.description, d.description_en,
                ST_AsSVG(ST_Transform(d.geom, 3857), 1, 0) AS svg_path,
                coalesce((SELECT json_agg(json_build_object(
                                   'stage', s.stage, 'date', s.date, 'expected', s.expected,
                                   'late', s.expected AND s.date < (now() AT TIME ZONE 'Europe/Stockholm')::date)
                                 ORDER BY s.date)
                            FROM detailed_plan_stage_dates s
                           WHERE s.detailed_plan_id = d.id), '[]'::json) AS stage_dates
           FROM published_plans d
          ORDER BY d.plan_id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| PlanView {
            id: row.id,
            plan_id: row.plan_id,
            name: row.name,
            stage: row.stage,
            permitted_uses: row
                .permitted_uses
                .iter()
                .filter_map(|c| LandUse::from_code(c))
                .collect(),
            description: WrittenText {
                sv: row.description,
                en: row.description_en,
            },
            stage_dates: row
                .stage_dates
                .0
                .into_iter()
                .map(|s| StageDate {
                    stage: s.stage,
                    date: s.date,
                    expected: s.expected,
                    late: s.late,
                })
                .collect(),
            svg_path: row.svg_path,
        })
        .collect())
}

/// The region's four arguments, then the tolerance (`$5`) its outlines are simplified to.
fn region_and_tolerance(region: ViewBox, tolerance: f64) -> PgArguments {
    let mut arguments = region_arguments(region);
    arguments.add(tolerance).expect("a float always encodes");
    arguments
}

/// Published plans that touch the region, as the map draws them: outlines simplified to the
/// tolerance (map units), each corner relative to the one before.
pub async fn published_for_map(
    pool: &PgPool,
    region: ViewBox,
    tolerance: f64,
) -> Result<Vec<MapPlan>, sqlx::Error> {
    sqlx::query_as_with(
        &format!(
            "SELECT d.id, d.plan_id, d.name, d.stage,
                ST_AsSVG(ST_Simplify(d.web_geom, $5, true), 1, 0) AS svg_path
           FROM published_plans d
          WHERE d.web_geom && {REGION}
          ORDER BY d.plan_id"
        ),
        region_and_tolerance(region, tolerance),
    )
    .fetch_all(pool)
    .await
}

/// Published future areas that touch the region, as the map draws them (see
/// [`published_for_map`]), soonest horizon first, each with a label point inside it.
pub async fn future_areas_for_map(
    pool: &PgPool,
    region: ViewBox,
    tolerance: f64,
) -> Result<Vec<MapFutureArea>, sqlx::Error> {
    sqlx::query_as_with(
        &format!(
            "SELECT id, name, horizon_from_year, horizon_to_year,
                ST_AsSVG(ST_Simplify(web_geom, $5, true), 1, 0) AS svg_path,
                round(ST_X(ST_PointOnSurface(web_geom))::numeric, 1)::float8 AS label_x,
                -round(ST_Y(ST_PointOnSurface(web_geom))::numeric, 1)::float8 AS label_y
           FROM published_future_areas
          WHERE web_geom && {REGION}
          ORDER BY horizon_from_year, horizon_to_year, name"
        ),
        region_and_tolerance(region, tolerance),
    )
    .fetch_all(pool)
    .await
}

/// Published future areas, soonest horizon first, each with a label point inside it.
pub async fn future_areas(pool: &PgPool) -> Result<Vec<FutureAreaView>, sqlx::Error> {
    type Row = (
        i64,
        String,
        String,
        String,
        i16,
        i16,
        String,
        String,
        String,
        f64,
        f64,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, name, intended_use, intended_use_en, horizon_from_year, horizon_to_year,
                description, description_en,
                ST_AsSVG(ST_Transform(geom, 3857), 1, 0) AS svg_path,
                ST_X(ST_Transform(ST_PointOnSurface(geom), 3857)) AS label_x,
                -ST_Y(ST_Transform(ST_PointOnSurface(geom), 3857)) AS label_y
           FROM published_future_areas
          ORDER BY horizon_from_year, horizon_to_year, name",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, use_sv, use_en, from, to, sv, en, svg_path, label_x, label_y)| {
                FutureAreaView {
                    id,
                    name,
                    intended_use: WrittenText {
                        sv: use_sv,
                        en: use_en,
                    },
                    horizon_from_year: from,
                    horizon_to_year: to,
                    description: WrittenText { sv, en },
                    svg_path,
                    label_x,
                    label_y,
                }
            },
        )
        .collect())
}

#[derive(sqlx::FromRow)]
struct PageRow {
    name: String,
    description: String,
    description_en: String,
    purpose_en: Option<String>,
    building_rights_en: Option<String>,
    intended_use_en: Option<String>,
    svg_path: String,
    area_m2: f64,
    xmin: f64,
    ymin: f64,
    xmax: f64,
    ymax: f64,
    plan_id: Option<String>,
    stage: Option<PlanStage>,
    permitted_uses: Option<Vec<String>>,
    purpose: Option<String>,
    building_rights: Option<String>,
    documents_url: Option<String>,
    shore_protection_lifted: Option<bool>,
    contact_person_id: Option<i64>,
    stage_dates: Option<sqlx::types::Json<Vec<StageDate>>>,
    intended_use: Option<String>,
    land_use: Option<AreaUse>,
    horizon_from_year: Option<i16>,
    horizon_to_year: Option<i16>,
    category: Option<LandUseCategory>,
}

/// A published plan's, future area's or land-use area's page; `None` when nothing public has that id.
pub async fn planning_page(
    pool: &PgPool,
    kind: PlanningKind,
    id: i64,
) -> Result<Option<PlanningPage>, sqlx::Error> {
    // The small map: the outline with a margin of a tenth of its size, at least 150 m.
    const FRAME: &str = "ST_Transform(ST_Expand(s.geom, greatest(150, 0.1 * greatest(
                             ST_XMax(s.geom) - ST_XMin(s.geom), ST_YMax(s.geom) - ST_YMin(s.geom)))), 3857)";
    let sql = match kind {
        PlanningKind::DetailedPlan => format!(
            "SELECT s.name, s.description, s.description_en, s.purpose_en, s.building_rights_en,
                    NULL::text AS intended_use_en,
                    ST_AsSVG(ST_Transform(s.geom, 3857), 0, 0) AS svg_path, ST_Area(s.geom) AS area_m2,
                    ST_XMin(f.box) AS xmin, ST_YMin(f.box) AS ymin, ST_XMax(f.box) AS xmax,
                    ST_YMax(f.box) AS ymax, s.plan_id, s.stage, s.permitted_uses, s.purpose,
                    s.building_rights, s.documents_url, s.shore_protection_lifted,
                    s.contact_person_id,
                    (SELECT json_agg(json_build_object('stage', d.stage, 'date', d.date,
                                                       'expected', d.expected,
                                                       'late', d.expected AND d.date < (now() AT TIME ZONE 'Europe/Stockholm')::date)
                                      ORDER BY d.date)
                       FROM detailed_plan_stage_dates d WHERE d.detailed_plan_id = s.id) AS stage_dates,
                    NULL::text AS intended_use, NULL::area_use AS land_use,
                    NULL::smallint AS horizon_from_year, NULL::smallint AS horizon_to_year,
                    NULL::land_use_category AS category
               FROM published_plans s CROSS JOIN LATERAL (SELECT {FRAME} AS box) f
              WHERE s.id = $1"
        ),
        PlanningKind::FutureArea => format!(
            "SELECT s.name, s.description, s.description_en, NULL::text AS purpose_en,
                    NULL::text AS building_rights_en, s.intended_use_en,
                    ST_AsSVG(ST_Transform(s.geom, 3857), 0, 0) AS svg_path, ST_Area(s.geom) AS area_m2,
                    ST_XMin(f.box) AS xmin, ST_YMin(f.box) AS ymin, ST_XMax(f.box) AS xmax,
                    ST_YMax(f.box) AS ymax, NULL::text AS plan_id, NULL::plan_stage AS stage,
                    NULL::text[] AS permitted_uses, NULL::text AS purpose,
                    NULL::text AS building_rights, NULL::text AS documents_url,
                    NULL::boolean AS shore_protection_lifted, NULL::bigint AS contact_person_id, NULL::json AS stage_dates,
                    s.intended_use, s.land_use, s.horizon_from_year, s.horizon_to_year,
                    NULL::land_use_category AS category
               FROM published_future_areas s CROSS JOIN LATERAL (SELECT {FRAME} AS box) f
              WHERE s.id = $1"
        ),
        PlanningKind::LandUseArea => format!(
            "SELECT s.name, s.description, s.description_en, NULL::text AS purpose_en,
                    NULL::text AS building_rights_en, NULL::text AS intended_use_en,
                    ST_AsSVG(ST_Transform(s.geom, 3857), 0, 0) AS svg_path, ST_Area(s.geom) AS area_m2,
                    ST_XMin(f.box) AS xmin, ST_YMin(f.box) AS ymin, ST_XMax(f.box) AS xmax,
                    ST_YMax(f.box) AS ymax, NULL::text AS plan_id, NULL::plan_stage AS stage,
                    NULL::text[] AS permitted_uses, NULL::text AS purpose,
                    NULL::text AS building_rights, s.documents_url,
                    NULL::boolean AS shore_protection_lifted, NULL::bigint AS contact_person_id, NULL::json AS stage_dates,
                    NULL::text AS intended_use, NULL::area_use AS land_use,
                    NULL::smallint AS horizon_from_year, NULL::smallint AS horizon_to_year,
                    s.category
               FROM published_land_use s CROSS JOIN LATERAL (SELECT {FRAME} AS box) f
              WHERE s.id = $1"
        ),
    };
    let Some(row) = sqlx::query_as::<_, PageRow>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let within = match kind {
        PlanningKind::DetailedPlan => "(SELECT geom FROM published_plans WHERE id = $1)",
        PlanningKind::FutureArea => "(SELECT geom FROM published_future_areas WHERE id = $1)",
        PlanningKind::LandUseArea => "(SELECT geom FROM published_land_use WHERE id = $1)",
    };
    // Plots with more than a square metre inside.
    let plots: Vec<(i64, String, PlotStatus, String)> = sqlx::query_as(&format!(
        "SELECT p.id, p.designation, p.status, ST_AsSVG(p.web_geom, 0, 0)
           FROM plots p, {within} s
          WHERE p.published AND p.geom && s.geom AND ST_Area(ST_Intersection(p.geom, s.geom)) > 1
          ORDER BY p.designation"
    ))
    .bind(id)
    .fetch_all(pool)
    .await?;
    let view = super::context::view_box(row.xmin, row.ymin, row.xmax, row.ymax);
    let land_svg_path =
        super::context::land_in_view(pool, view, super::context::SMALL_MAP_TOLERANCE_M).await?;
    let lines = super::context::lines_in_view(pool, view).await?;
    let contact = match row.contact_person_id {
        Some(contact) => contact_person(pool, contact).await?,
        None => None,
    };
    let facts = match kind {
        PlanningKind::DetailedPlan => KindFacts::Plan(PlanFacts {
            plan_id: row.plan_id.unwrap_or_default(),
            stage: row.stage.unwrap_or(PlanStage::Planbesked),
            stage_dates: row.stage_dates.map(|d| d.0).unwrap_or_default(),
            permitted_uses: row
                .permitted_uses
                .iter()
                .flatten()
                .filter_map(|c| LandUse::from_code(c))
                .collect(),
            purpose: WrittenText {
                sv: row.purpose.unwrap_or_default(),
                en: row.purpose_en.unwrap_or_default(),
            },
            building_rights: WrittenText {
                sv: row.building_rights.unwrap_or_default(),
                en: row.building_rights_en.unwrap_or_default(),
            },
            documents_url: row.documents_url.unwrap_or_default(),
            contact_person_id: row.contact_person_id,
            shore_protection_lifted: row.shore_protection_lifted.unwrap_or_default(),
        }),
        PlanningKind::FutureArea => KindFacts::Area(AreaFacts {
            land_use: row.land_use.unwrap_or(AreaUse::Verksamheter),
            intended_use: WrittenText {
                sv: row.intended_use.unwrap_or_default(),
                en: row.intended_use_en.unwrap_or_default(),
            },
            horizon_from_year: row.horizon_from_year.unwrap_or_default(),
            horizon_to_year: row.horizon_to_year.unwrap_or_default(),
        }),
        PlanningKind::LandUseArea => KindFacts::LandUse(LandUseFacts {
            category: row.category.unwrap_or(LandUseCategory::Landsbygd),
            documents_url: row.documents_url.unwrap_or_default(),
        }),
    };
    Ok(Some(PlanningPage {
        kind,
        id,
        name: row.name,
        description: WrittenText {
            sv: row.description,
            en: row.description_en,
        },
        facts,
        area_m2: row.area_m2,
        contact,
        map: SmallMap {
            plot_svg_path: row.svg_path,
            neighbours: plots
                .iter()
                .map(|(_, _, status, svg_path)| NeighbourPlot {
                    status: *status,
                    svg_path: svg_path.clone(),
                })
                .collect(),
            land_svg_path,
            lines,
            view,
        },
        plots: plots
            .into_iter()
            .map(|(id, designation, status, _)| CoveredPlot {
                id,
                designation,
                status,
            })
            .collect(),
    }))
}

/// A contact person as the public sees them (name, title, phone, e-mail).
pub async fn contact_person(pool: &PgPool, id: i64) -> Result<Option<Contact>, sqlx::Error> {
    let row: Option<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT name, title, title_en, phone, email FROM contact_persons WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(name, sv, en, phone, email)| Contact {
        name,
        title: WrittenText { sv, en },
        phone,
        email,
    }))
}

/// Every published plan's and future area's page path with when it last changed, for the
/// sitemap.
pub async fn published_pages(
    pool: &PgPool,
) -> Result<Vec<(String, chrono::DateTime<chrono::Utc>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT '/plan/' || id, updated_at FROM published_plans
         UNION ALL
         SELECT '/framtida-omrade/' || id, updated_at FROM published_future_areas
         UNION ALL
         SELECT '/markanvandning/' || id, updated_at FROM published_land_use
         ORDER BY 1",
    )
    .fetch_all(pool)
    .await
}
