//! Published detaljplaner and future areas, for the map's layers and the plans view.

use chrono::NaiveDate;
use markkartan_app::domain::{FutureAreaView, LandUse, PlanStage, PlanView, StageDate};
use sqlx::PgPool;

#[derive(sqlx::FromRow)]
struct PlanRow {
    id: i64,
    plan_id: String,
    name: String,
    stage: PlanStage,
    permitted_uses: Vec<String>,
    description: String,
    svg_path: String,
    stage_dates: sqlx::types::Json<Vec<StageDateRow>>,
}

#[derive(serde::Deserialize)]
struct StageDateRow {
    stage: PlanStage,
    date: NaiveDate,
    expected: bool,
}

/// Published plans, cancelled ones included (a company may ask about an old plan), ordered by
/// their plan id.
pub async fn published(pool: &PgPool) -> Result<Vec<PlanView>, sqlx::Error> {
    let rows: Vec<PlanRow> = sqlx::query_as(
        "SELECT d.id, d.plan_id, d.name, d.stage, d.permitted_uses, d.description,
                ST_AsSVG(ST_Transform(d.geom, 3857), 0, 0) AS svg_path,
                coalesce((SELECT json_agg(json_build_object(
                                   'stage', s.stage, 'date', s.date, 'expected', s.expected)
                                 ORDER BY s.date)
                            FROM detailed_plan_stage_dates s
                           WHERE s.detailed_plan_id = d.id), '[]'::json) AS stage_dates
           FROM detailed_plans d
          WHERE d.published
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
            description: row.description,
            stage_dates: row
                .stage_dates
                .0
                .into_iter()
                .map(|s| StageDate {
                    stage: s.stage,
                    date: s.date,
                    expected: s.expected,
                })
                .collect(),
            svg_path: row.svg_path,
        })
        .collect())
}

/// Published future areas, soonest horizon first, each with a label point inside it.
pub async fn future_areas(pool: &PgPool) -> Result<Vec<FutureAreaView>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, intended_use, horizon_from_year, horizon_to_year, description,
                ST_AsSVG(ST_Transform(geom, 3857), 0, 0) AS svg_path,
                ST_X(ST_Transform(ST_PointOnSurface(geom), 3857)) AS label_x,
                -ST_Y(ST_Transform(ST_PointOnSurface(geom), 3857)) AS label_y
           FROM future_areas
          WHERE published
          ORDER BY horizon_from_year, horizon_to_year, name",
    )
    .fetch_all(pool)
    .await
}
