//! Finding published plots that match what a company needs ([`PlotFilter`]).
//!
//! One static statement: every filter is a parameter that is NULL (or empty) for "any", so the
//! SQL never depends on the input.

use markkartan_app::domain::{PlotFilter, PlotListItem, PlotSort, PlotStatus};
use sqlx::PgPool;

pub async fn plots(pool: &PgPool, filter: &PlotFilter) -> Result<Vec<PlotListItem>, sqlx::Error> {
    // Each sort is a fixed ORDER BY; the designation breaks ties so the order is stable.
    let order_by = match filter.sort {
        PlotSort::Locality => "l.name, a.name, p.designation",
        PlotSort::AreaAscending => "p.area_m2, p.designation",
        PlotSort::AreaDescending => "p.area_m2 DESC, p.designation",
        PlotSort::PriceAscending => "p.price_sek_per_m2 NULLS LAST, p.designation",
        PlotSort::PriceDescending => "p.price_sek_per_m2 DESC NULLS LAST, p.designation",
    };
    let statuses: Vec<PlotStatus> = filter.statuses.clone();
    let uses: Vec<String> = filter.uses.iter().map(|u| u.code().to_string()).collect();
    sqlx::query_as(&format!(
        "SELECT p.id, p.designation, a.name AS business_area, l.name AS locality, p.status,
                p.area_m2, p.price_sek_per_m2, p.permitted_uses, p.water_sewage,
                p.electrical_capacity_kw, p.district_heating
           FROM plots p
           JOIN business_areas a ON a.id = p.business_area_id
           JOIN localities l ON l.id = a.locality_id
          WHERE p.published
            AND (cardinality($1::plot_status[]) = 0 OR p.status = ANY($1))
            AND (cardinality($2::text[]) = 0 OR p.permitted_uses && $2)
            AND ($3::text IS NULL OR l.name = $3)
            AND ($4::text IS NULL OR a.name = $4)
            AND ($5::float8 IS NULL OR p.area_m2 >= $5)
            AND ($6::float8 IS NULL OR p.area_m2 <= $6)
            AND ($7::int IS NULL OR p.price_sek_per_m2 <= $7)
            AND (NOT $8 OR p.water_sewage = 'connected')
            AND ($9::int IS NULL OR p.electrical_capacity_kw >= $9)
            AND (NOT $10 OR p.district_heating)
          ORDER BY {order_by}"
    ))
    .bind(statuses)
    .bind(uses)
    .bind(&filter.locality)
    .bind(&filter.business_area)
    .bind(filter.min_area_m2.map(f64::from))
    .bind(filter.max_area_m2.map(f64::from))
    .bind(
        filter
            .max_price_sek_per_m2
            .map(|p| i32::try_from(p).unwrap_or(i32::MAX)),
    )
    .bind(filter.water_sewage_connected)
    .bind(
        filter
            .min_electrical_capacity_kw
            .map(|kw| i32::try_from(kw).unwrap_or(i32::MAX)),
    )
    .bind(filter.district_heating)
    .fetch_all(pool)
    .await
}

/// The localities and business areas that have published plots, for the filter's choices.
pub async fn places(pool: &PgPool) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT l.name, a.name
           FROM plots p
           JOIN business_areas a ON a.id = p.business_area_id
           JOIN localities l ON l.id = a.locality_id
          WHERE p.published
          ORDER BY l.name, a.name",
    )
    .fetch_all(pool)
    .await
}
