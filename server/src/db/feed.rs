//! The public changes behind the Atom feed (written by the triggers of migration 0004).

use chrono::{DateTime, Utc};
use markkartan_app::domain::{PlanStage, PlanningKind};
use sqlx::PgPool;

/// One change, with what the feed says about its subject. Subjects no longer published are left
/// out.
#[derive(Debug, sqlx::FromRow)]
pub struct ChangeRow {
    pub id: i64,
    pub kind: String,
    pub happened_at: DateTime<Utc>,
    pub plot_id: Option<i64>,
    pub designation: Option<String>,
    pub area_m2: Option<f64>,
    pub business_area: Option<String>,
    /// The plan's and the future area's ids, for their pages.
    pub detailed_plan_key: Option<i64>,
    pub future_area_key: Option<i64>,
    pub plan_id: Option<String>,
    pub plan_name: Option<String>,
    pub plan_stage: Option<PlanStage>,
    pub future_area: Option<String>,
    pub horizon_from_year: Option<i16>,
    pub horizon_to_year: Option<i16>,
}

/// The newest public changes, all or (`about`) those of one published plan or future area.
pub async fn latest(
    pool: &PgPool,
    limit: i64,
    about: Option<(PlanningKind, i64)>,
) -> Result<Vec<ChangeRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.kind::text AS kind, c.happened_at,
                p.id AS plot_id, p.designation, p.area_m2, a.name AS business_area,
                d.id AS detailed_plan_key, f.id AS future_area_key,
                d.plan_id, d.name AS plan_name, c.plan_stage,
                f.name AS future_area, f.horizon_from_year, f.horizon_to_year
           FROM public_changes c
           LEFT JOIN plots p ON p.id = c.plot_id AND p.published
           LEFT JOIN business_areas a ON a.id = p.business_area_id
           LEFT JOIN published_plans d ON d.id = c.detailed_plan_id
           LEFT JOIN published_future_areas f ON f.id = c.future_area_id
          WHERE (p.id IS NOT NULL OR d.id IS NOT NULL OR f.id IS NOT NULL)
            AND ($2::planning_kind IS NULL
                 OR ($2 = 'detailed_plan' AND d.id = $3)
                 OR ($2 = 'future_area' AND f.id = $3))
          ORDER BY c.happened_at DESC, c.id DESC
          LIMIT $1",
    )
    .bind(limit)
    .bind(about.map(|(kind, _)| kind))
    .bind(about.map(|(_, id)| id))
    .fetch_all(pool)
    .await
}
