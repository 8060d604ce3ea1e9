//! The insights page's figures (server/src/insights.rs): counts, areas and durations, never a
//! name. Months are Swedish calendar months; "reserved" counts plots under negotiation too, and
//! plots not for sale are not land on offer. A plot with several permitted uses counts under
//! each.

use chrono::NaiveDate;
use sqlx::PgPool;

/// Land in one group: (key, available plots, m², reserved plots, m², sold plots, m²).
pub type SupplyRow = (String, i64, f64, i64, f64, i64, f64);

/// The status columns every supply query ends with, over rows `p` with a `status` column.
const SUPPLY_COLUMNS: &str = "
    count(*) FILTER (WHERE p.status = 'available'),
    coalesce(sum(p.area_m2) FILTER (WHERE p.status = 'available'), 0),
    count(*) FILTER (WHERE p.status IN ('reserved', 'under_negotiation')),
    coalesce(sum(p.area_m2) FILTER (WHERE p.status IN ('reserved', 'under_negotiation')), 0),
    count(*) FILTER (WHERE p.status = 'sold'),
    coalesce(sum(p.area_m2) FILTER (WHERE p.status = 'sold'), 0)";

/// The first days of the `months` calendar months up to and including this one.
pub async fn months(pool: &PgPool, months: i32) -> Result<Vec<NaiveDate>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT m::date FROM generate_series(
                date_trunc('month', now() AT TIME ZONE 'Europe/Stockholm')
                    - make_interval(months => $1 - 1),
                date_trunc('month', now() AT TIME ZONE 'Europe/Stockholm'),
                interval '1 month') AS m
          ORDER BY m",
    )
    .bind(months)
    .fetch_all(pool)
    .await
}

/// Published land on offer today, by locality.
pub async fn supply_by_locality(pool: &PgPool) -> Result<Vec<SupplyRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT l.name, {SUPPLY_COLUMNS}
           FROM plots p
           JOIN business_areas b ON b.id = p.business_area_id
           JOIN localities l ON l.id = b.locality_id
          WHERE p.published AND p.status <> 'not_for_sale'
          GROUP BY l.name ORDER BY l.name"
    ))
    .fetch_all(pool)
    .await
}

/// Published land on offer today, by permitted use (its code; '' for a plot without one).
pub async fn supply_by_use(pool: &PgPool) -> Result<Vec<SupplyRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT u.code, {SUPPLY_COLUMNS}
           FROM plots p
           CROSS JOIN LATERAL unnest(
               CASE WHEN cardinality(p.permitted_uses) = 0 THEN ARRAY[''] ELSE p.permitted_uses END
           ) AS u(code)
          WHERE p.published AND p.status <> 'not_for_sale'
          GROUP BY u.code ORDER BY u.code"
    ))
    .fetch_all(pool)
    .await
}

/// How month-by-month land is grouped besides by month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SupplyBy {
    /// The whole municipality ('').
    Total,
    /// The locality of the plot's business area (today's).
    Locality,
    /// Each permitted use of the plot (its code; '' without one).
    Use,
}

/// Land in one group at the end of one month: (month's first day as text, then as
/// [`SupplyRow`]).
pub type MonthlySupplyRow = (String, String, i64, f64, i64, f64, i64, f64);

/// Land on offer at the end of each month from `from` (a first day) on, the current month
/// counted today, by month and group; a group without land in a month has no row. A plot's
/// status then is the last status its history recorded before that moment, or, before its
/// first recorded change, what that change changed from; a plot counts from its creation until
/// it was retired.
pub async fn supply_by_month(
    pool: &PgPool,
    from: NaiveDate,
    by: SupplyBy,
) -> Result<Vec<MonthlySupplyRow>, sqlx::Error> {
    let (key, join) = match by {
        SupplyBy::Total => ("''", ""),
        SupplyBy::Locality => (
            "l.name",
            "JOIN business_areas b ON b.id = r.business_area_id
             JOIN localities l ON l.id = b.locality_id",
        ),
        SupplyBy::Use => (
            "u.code",
            "CROSS JOIN LATERAL unnest(
                 CASE WHEN cardinality(r.permitted_uses) = 0 THEN ARRAY[''] ELSE r.permitted_uses END
             ) AS u(code)",
        ),
    };
    sqlx::query_as(&format!(
        "WITH months AS (
             SELECT m::date AS month,
                    least((m + interval '1 month') AT TIME ZONE 'Europe/Stockholm', now()) AS at
               FROM generate_series($1::date::timestamp,
                                    date_trunc('month', now() AT TIME ZONE 'Europe/Stockholm'),
                                    interval '1 month') AS m
         ), status_changes AS (
             SELECT h.plot_id, h.changed_at, h.version, c->>'from' AS was, c->>'to' AS became
               FROM plot_history h, jsonb_array_elements(h.changes) AS c
              WHERE c->>'field' = 'status'
         ), p AS (
             SELECT m.month, {key} AS key, r.area_m2,
                    coalesce(
                        (SELECT nullif(s.became, '') FROM status_changes s
                          WHERE s.plot_id = r.id AND s.changed_at <= m.at
                          ORDER BY s.changed_at DESC, s.version DESC LIMIT 1),
                        (SELECT nullif(s.was, '') FROM status_changes s
                          WHERE s.plot_id = r.id AND s.changed_at > m.at
                          ORDER BY s.changed_at, s.version LIMIT 1),
                        r.status::text) AS status
               FROM months m
               JOIN plot_records r
                 ON r.published AND r.created_at <= m.at
                AND (r.retired_at IS NULL OR r.retired_at > m.at)
               {join}
         )
         SELECT p.month::text, p.key, {SUPPLY_COLUMNS}
           FROM p WHERE p.status <> 'not_for_sale'
          GROUP BY p.month, p.key ORDER BY p.key, p.month"
    ))
    .bind(from)
    .fetch_all(pool)
    .await
}

/// Published future areas (how many, m²) and published detaljplaner not yet in force.
pub async fn coming(pool: &PgPool) -> Result<(i64, f64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM published_future_areas),
                (SELECT coalesce(sum(ST_Area(geom)), 0) FROM published_future_areas),
                (SELECT count(*) FROM published_plans
                  WHERE stage IN ('planbesked', 'samrad', 'granskning', 'antagen'))",
    )
    .fetch_one(pool)
    .await
}

/// Interests in one group: (key, interests, contacted, reserved or sold, sold, days to contact
/// median and 90th percentile, days to closing median and 90th percentile).
pub type FunnelRow = (
    String,
    i64,
    i64,
    i64,
    i64,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
);

/// How the funnel groups interests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunnelBy {
    /// The month it arrived (its first day as text).
    Month,
    /// The business area it is about, or its plot's ('' for none).
    BusinessArea,
    /// Its plot's permitted uses ('' without a plot or uses).
    Use,
    /// The kind of question (its key).
    Question,
    /// All together ('').
    Total,
}

/// The interests that arrived from `from` (a first day of a month, Swedish time), grouped.
pub async fn funnel(
    pool: &PgPool,
    from: NaiveDate,
    by: FunnelBy,
) -> Result<Vec<FunnelRow>, sqlx::Error> {
    let (key, join) = match by {
        FunnelBy::Month => (
            "date_trunc('month', i.created_at AT TIME ZONE 'Europe/Stockholm')::date::text",
            "",
        ),
        FunnelBy::BusinessArea => (
            "coalesce(b.name, '')",
            "LEFT JOIN plot_records pr ON pr.id = i.plot_id
             LEFT JOIN business_areas b ON b.id = coalesce(i.business_area_id, pr.business_area_id)",
        ),
        FunnelBy::Use => (
            "u.code",
            "LEFT JOIN plot_records pr ON pr.id = i.plot_id
             CROSS JOIN LATERAL unnest(
                 CASE WHEN coalesce(cardinality(pr.permitted_uses), 0) = 0 THEN ARRAY['']
                      ELSE pr.permitted_uses END) AS u(code)",
        ),
        FunnelBy::Question => ("i.question::text", ""),
        FunnelBy::Total => ("''", ""),
    };
    sqlx::query_as(&format!(
        "SELECT {key} AS key, count(*), count(i.contacted_at),
                count(*) FILTER (WHERE i.outcome IN ('reserved', 'sold')),
                count(*) FILTER (WHERE i.outcome = 'sold'),
                percentile_cont(0.5) WITHIN GROUP (ORDER BY {contact}),
                percentile_cont(0.9) WITHIN GROUP (ORDER BY {contact}),
                percentile_cont(0.5) WITHIN GROUP (ORDER BY {closing}),
                percentile_cont(0.9) WITHIN GROUP (ORDER BY {closing})
           FROM interests i {join}
          WHERE i.created_at >= $1::date::timestamp AT TIME ZONE 'Europe/Stockholm'
          GROUP BY 1 ORDER BY 1",
        contact = "extract(epoch FROM i.contacted_at - i.created_at) / 86400",
        closing = "extract(epoch FROM i.closed_at - i.created_at) / 86400",
    ))
    .bind(from)
    .fetch_all(pool)
    .await
}

/// Open cases nobody answers, and new cases older than `days` days.
pub async fn warnings(pool: &PgPool, days: i64) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT count(*) FILTER (WHERE owner_id IS NULL),
                count(*) FILTER (WHERE status = 'new'
                                   AND created_at < now() - make_interval(days => $1::int))
           FROM interests WHERE status <> 'closed'",
    )
    .bind(days as i32)
    .fetch_one(pool)
    .await
}

/// Survey answers in one group: (key, answers, and the mean score of each factor in
/// `ServiceFactor::ALL`'s order).
pub type SurveyRow = (String, i64, Vec<f64>);

/// How survey answers are grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurveyBy {
    /// The month answered.
    Month,
    /// The business area of the case ('' for none).
    BusinessArea,
    /// The department (organisation) that answered the case.
    Department,
    Total,
}

/// The answers given from `from` on, grouped, with their mean scores.
pub async fn survey(
    pool: &PgPool,
    from: NaiveDate,
    by: SurveyBy,
) -> Result<Vec<SurveyRow>, sqlx::Error> {
    let key = match by {
        SurveyBy::Month => {
            "date_trunc('month', s.answered_at AT TIME ZONE 'Europe/Stockholm')::date::text"
        }
        SurveyBy::BusinessArea => "coalesce(b.name, '')",
        SurveyBy::Department => "s.department",
        SurveyBy::Total => "''",
    };
    sqlx::query_as(&format!(
        "SELECT {key}, count(*),
                ARRAY[avg(s.information), avg(s.accessibility), avg(s.treatment),
                      avg(s.competence), avg(s.legal_certainty), avg(s.efficiency),
                      avg(s.overall)]::float8[]
           FROM surveys s LEFT JOIN business_areas b ON b.id = s.business_area_id
          WHERE s.answered_at >= $1::date::timestamp AT TIME ZONE 'Europe/Stockholm'
          GROUP BY 1 ORDER BY 1"
    ))
    .bind(from)
    .fetch_all(pool)
    .await
}

/// Surveys sent from `from` on.
pub async fn surveys_sent(pool: &PgPool, from: NaiveDate) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT count(*) FROM surveys
          WHERE sent_at >= $1::date::timestamp AT TIME ZONE 'Europe/Stockholm'",
    )
    .bind(from)
    .fetch_one(pool)
    .await
}

/// The comments answered from `from` on, the newest first, with the month only.
pub async fn comments(
    pool: &PgPool,
    from: NaiveDate,
) -> Result<Vec<(NaiveDate, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT date_trunc('month', answered_at AT TIME ZONE 'Europe/Stockholm')::date, comment
           FROM surveys
          WHERE answered_at >= $1::date::timestamp AT TIME ZONE 'Europe/Stockholm'
            AND comment <> ''
          ORDER BY answered_at DESC LIMIT 50",
    )
    .bind(from)
    .fetch_all(pool)
    .await
}
