//! Finding published plots that match what a company needs ([`PlotFilter`]).
//!
//! One static statement: every filter is a parameter that is NULL (or empty) for "any", so the
//! SQL never depends on the input.

use markkartan_app::domain::{
    ADJACENT_WITHIN_M, ContiguousSite, ListPage, MAX_PLOT_HITS, NeighbourPlot, PLOTS_PER_PAGE,
    PlacePoint, PlotFilter, PlotListItem, PlotSort, PlotStatus, RoadHit, SearchHits, SmallMap,
    ViewBox,
};
use sqlx::{PgPool, Postgres, postgres::PgArguments, query::QueryAs};

/// Every published plot that passes `filter`, in its order, as the list shows them.
pub async fn plots(pool: &PgPool, filter: &PlotFilter) -> Result<Vec<PlotListItem>, sqlx::Error> {
    rows(pool, filter, None).await
}

/// The ids of every published plot that passes `filter`, in its order: what the map marks as
/// matching and the downloads hold (without the list's plan lookup for each plot).
pub async fn plot_ids(pool: &PgPool, filter: &PlotFilter) -> Result<Vec<i64>, sqlx::Error> {
    let sql = format!("SELECT p.id {MATCHING} ORDER BY {}", order_by(filter.sort));
    let ids: Vec<(i64,)> = bind_filter(sqlx::query_as(&sql), filter)
        .fetch_all(pool)
        .await?;
    Ok(ids.into_iter().map(|(id,)| id).collect())
}

/// One page of them ([`PLOTS_PER_PAGE`] a page, `page` from 1), and how many match in all. The
/// count and the page are two statements: between them an edit may move a plot, as between
/// any two page loads.
pub async fn plots_page(
    pool: &PgPool,
    filter: &PlotFilter,
    page: u32,
) -> Result<ListPage, sqlx::Error> {
    let (total,): (i64,) = bind_filter(
        sqlx::query_as(&format!("SELECT count(*) {MATCHING}")),
        filter,
    )
    .fetch_one(pool)
    .await?;
    let per_page = i64::from(PLOTS_PER_PAGE);
    let offset = i64::from(page.saturating_sub(1)) * per_page;
    let plots = if offset < total {
        rows(pool, filter, Some((per_page, offset))).await?
    } else {
        Vec::new()
    };
    Ok(ListPage {
        plots,
        total: u64::try_from(total).unwrap_or(0),
        page,
    })
}

/// The published plots that pass a filter: its conditions bound as $1–$10 by [`bind_filter`].
const MATCHING: &str = "FROM plots p
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
            AND (NOT $10 OR p.district_heating)";

/// The rows of the list in the filter's order, all or `(limit, offset)` of them.
async fn rows(
    pool: &PgPool,
    filter: &PlotFilter,
    window: Option<(i64, i64)>,
) -> Result<Vec<PlotListItem>, sqlx::Error> {
    let order_by = order_by(filter.sort);
    let sql = format!(
        "SELECT p.id, p.designation, a.name AS business_area, l.name AS locality, p.status,
                p.area_m2, p.price_sek_per_m2, p.permitted_uses, p.water_sewage,
                p.electrical_capacity_kw, p.district_heating,
                -- The plan that covers most of the plot, while it is not in force.
                (SELECT NULLIF(d.stage, 'laga_kraft') FROM published_plans d
                  WHERE d.stage <> 'upphavd' AND ST_Intersects(d.geom, p.geom)
                  ORDER BY ST_Area(ST_Intersection(d.geom, p.geom)) DESC, d.stage DESC
                  LIMIT 1) AS plan_pending
           {MATCHING}
          ORDER BY {order_by}
          LIMIT $11 OFFSET $12"
    );
    let (limit, offset) = window.map_or((None, 0), |(limit, offset)| (Some(limit), offset));
    bind_filter(sqlx::query_as(&sql), filter)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await
}

/// Each sort is a fixed ORDER BY over [`MATCHING`]; the designation and then the id break ties,
/// so the order is total and each plot lands on one page only.
fn order_by(sort: PlotSort) -> &'static str {
    match sort {
        PlotSort::Locality => "l.name, a.name, p.designation, p.id",
        PlotSort::AreaAscending => "p.area_m2, p.designation, p.id",
        PlotSort::AreaDescending => "p.area_m2 DESC, p.designation, p.id",
        PlotSort::PriceAscending => "p.price_sek_per_m2 NULLS LAST, p.designation, p.id",
        PlotSort::PriceDescending => "p.price_sek_per_m2 DESC NULLS LAST, p.designation, p.id",
    }
}

/// Binds a filter's conditions as $1–$10 of [`MATCHING`].
fn bind_filter<'q, O>(
    query: QueryAs<'q, Postgres, O, PgArguments>,
    filter: &'q PlotFilter,
) -> QueryAs<'q, Postgres, O, PgArguments> {
    let statuses: Vec<PlotStatus> = filter.statuses.clone();
    let uses: Vec<String> = filter.uses.iter().map(|u| u.code().to_string()).collect();
    query
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

/// Sites of adjacent available plots (clustered by PostGIS) that together have at least
/// `min_area_m2`, smallest sufficient first. The outline joins the plots across the streets
/// between them (buffer out, union, buffer back).
pub async fn contiguous_sites(
    pool: &PgPool,
    min_area_m2: f64,
) -> Result<Vec<ContiguousSite>, sqlx::Error> {
    type Row = (
        String,
        String,
        f64,
        Vec<i64>,
        Vec<String>,
        Vec<String>,
        String,
        f64,
        f64,
        f64,
        f64,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "WITH available AS (
             SELECT p.id, p.designation, p.geom, p.area_m2, a.name AS business_area,
                    l.name AS locality,
                    ST_ClusterDBSCAN(p.geom, eps := $2, minpoints := 1) OVER () AS cluster
               FROM plots p
               JOIN business_areas a ON a.id = p.business_area_id
               JOIN localities l ON l.id = a.locality_id
              WHERE p.published AND p.status = 'available'
         ), sites AS (
             SELECT min(business_area) AS business_area, min(locality) AS locality,
                    sum(area_m2) AS total_area_m2,
                    array_agg(id ORDER BY designation) AS ids,
                    array_agg(designation ORDER BY designation) AS designations,
                    array_agg(ST_AsSVG(ST_Transform(geom, 3857), 0, 0) ORDER BY designation)
                        AS plot_paths,
                    ST_Transform(ST_Buffer(ST_Union(ST_Buffer(geom, $2 / 2, 'join=mitre')),
                                           -$2 / 2, 'join=mitre'), 3857) AS outline
               FROM available
              GROUP BY cluster
             HAVING sum(area_m2) >= $1
         )
         SELECT business_area, locality, total_area_m2, ids, designations, plot_paths,
                ST_AsSVG(outline, 0, 0), ST_XMin(outline) - 60, ST_YMin(outline) - 60,
                ST_XMax(outline) + 60, ST_YMax(outline) + 60
           FROM sites
          ORDER BY total_area_m2, business_area",
    )
    .bind(min_area_m2)
    .bind(ADJACENT_WITHIN_M)
    .fetch_all(pool)
    .await?;
    let mut sites = Vec::with_capacity(rows.len());
    for (business_area, locality, total, ids, names, paths, outline, x0, y0, x1, y1) in rows {
        let view = super::context::view_box(x0, y0, x1, y1);
        let land =
            super::context::land_in_view(pool, view, super::context::SMALL_MAP_TOLERANCE_M).await?;
        sites.push(ContiguousSite {
            business_area,
            locality,
            total_area_m2: total,
            plots: ids.into_iter().zip(names).collect(),
            map: SmallMap {
                plot_svg_path: outline,
                // The site's own plots: available, all of them.
                neighbours: paths
                    .into_iter()
                    .map(|svg_path| NeighbourPlot {
                        status: PlotStatus::Available,
                        svg_path,
                    })
                    .collect(),
                land_svg_path: land,
                // Many sites share one page: their maps stay light.
                lines: Vec::new(),
                view,
            },
        });
    }
    Ok(sites)
}

/// Published plots, business areas, localities and roads whose name contains `text`, in any case
/// and with or without the marks on å, ä, ö and é (`search_fold`, migration 0018); and the plot
/// whose designation `text` is, which the search opens at once.
pub async fn by_name(pool: &PgPool, text: &str) -> Result<SearchHits, sqlx::Error> {
    // The text is matched literally: LIKE's wildcards in it are escaped.
    let text = text.trim();
    let pattern = format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let (plots, business_areas, localities, roads, places, exact_plot) = tokio::try_join!(
        sqlx::query_as(
            "SELECT p.id, p.designation, a.name
               FROM plots p JOIN business_areas a ON a.id = p.business_area_id
              WHERE p.published
                AND (search_fold(p.designation) LIKE search_fold($1)
                     OR search_fold(p.property_designation) LIKE search_fold($1))
              ORDER BY p.designation LIMIT $2",
        )
        .bind(&pattern)
        .bind(MAX_PLOT_HITS)
        .fetch_all(pool),
        sqlx::query_as(
            "SELECT DISTINCT a.name, l.name
               FROM business_areas a
               JOIN localities l ON l.id = a.locality_id
               JOIN plots p ON p.business_area_id = a.id AND p.published
              WHERE search_fold(a.name) LIKE search_fold($1)
              ORDER BY a.name",
        )
        .bind(&pattern)
        .fetch_all(pool),
        sqlx::query_scalar(
            "SELECT DISTINCT l.name
               FROM localities l
               JOIN business_areas a ON a.locality_id = l.id
               JOIN plots p ON p.business_area_id = a.id AND p.published
              WHERE search_fold(l.name) LIKE search_fold($1)
              ORDER BY l.name",
        )
        .bind(&pattern)
        .fetch_all(pool),
        road_hits(pool, &pattern),
        place_hits(pool, &pattern),
        sqlx::query_scalar(
            "SELECT id FROM plots
              WHERE published AND search_fold(designation) = search_fold($1)
              LIMIT 1",
        )
        .bind(text)
        .fetch_optional(pool),
    )?;
    Ok(SearchHits {
        plots,
        business_areas,
        localities,
        roads,
        places,
        exact_plot,
    })
}

/// Localities, main roads and streets whose name matches, each with the place the search asks
/// about: a locality's centre, the middle of a road's or street's longest stretch.
async fn place_hits(
    pool: &PgPool,
    pattern: &str,
) -> Result<Vec<(String, PlacePoint)>, sqlx::Error> {
    let rows: Vec<(String, f64, f64)> = sqlx::query_as(
        "WITH hits AS (
             SELECT name, geom, 1 AS rank FROM localities WHERE search_fold(name) LIKE search_fold($1)
             UNION ALL
             SELECT road_number, geom, 2 FROM roads
              WHERE search_fold(road_number) LIKE search_fold($1)
                 OR search_fold(road_sign(road_number)) LIKE search_fold($1)
             UNION ALL
             SELECT name, geom, 2 FROM streets WHERE search_fold(name) LIKE search_fold($1)
         ), placed AS (
             SELECT DISTINCT ON (h.name) h.name, h.rank,
                    ST_Transform(CASE WHEN GeometryType(h.geom) = 'POINT' THEN h.geom
                                      ELSE ST_LineInterpolatePoint(d.geom, 0.5) END, 4326) AS p
               FROM hits h
               LEFT JOIN LATERAL ST_Dump(ST_LineMerge(h.geom)) AS d ON GeometryType(h.geom) <> 'POINT'
              ORDER BY h.name, ST_Length(d.geom) DESC NULLS LAST
         )
         SELECT name, ST_Y(p), ST_X(p) FROM placed ORDER BY rank, name LIMIT 20",
    )
    .bind(pattern)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, lat, lon)| (name, PlacePoint { lat, lon }))
        .collect())
}

/// Main roads (by number: "E18", "76") and the local streets to the business areas whose name
/// matches, each with the part of the map that shows it (Web Mercator, a margin around it).
async fn road_hits(pool: &PgPool, pattern: &str) -> Result<Vec<RoadHit>, sqlx::Error> {
    let rows: Vec<(String, f64, f64, f64, f64)> = sqlx::query_as(
        "WITH hits AS (
             SELECT road_number AS name, geom FROM roads
              WHERE search_fold(road_number) LIKE search_fold($1)
                 OR search_fold(road_sign(road_number)) LIKE search_fold($1)
             UNION ALL
             SELECT name, geom FROM streets WHERE search_fold(name) LIKE search_fold($1)
         ), framed AS (
             SELECT name, ST_Transform(ST_Expand(ST_Envelope(ST_Collect(geom)), 150), 3857) AS box
               FROM hits GROUP BY name
         )
         SELECT name, ST_XMin(box), -ST_YMax(box), ST_XMax(box) - ST_XMin(box),
                ST_YMax(box) - ST_YMin(box)
           FROM framed ORDER BY name LIMIT 20",
    )
    .bind(pattern)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, x, y, width, height)| RoadHit {
            name,
            view: ViewBox {
                x,
                y,
                width,
                height,
            },
        })
        .collect())
}

/// The most plot designations the search box suggests: a municipality with more has them all
/// found by the search page instead (`/sok`), and its every page is not made to carry and
/// hydrate thousands of names (at 10,000 plots the first 500 of them were half a fact sheet's
/// elements and most of its blocking time on a phone).
const SUGGESTED_PLOTS_AT_MOST: i64 = 200;

/// Names to suggest while typing: localities and business areas with published plots, roads,
/// streets, and every published plot's designation while there are at most
/// [`SUGGESTED_PLOTS_AT_MOST`] (all or none: the first few hundred in the alphabet would hide
/// the rest).
pub async fn suggestions(pool: &PgPool) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        // Every page's header asks: one published plot is enough to name an area and its
        // locality (EXISTS stops at the first, where a join read all 100,000 plots), and the
        // plots are counted only up to one past the limit.
        "WITH areas AS (
             SELECT a.name, a.locality_id FROM business_areas a
              WHERE EXISTS (SELECT 1 FROM plots p WHERE p.business_area_id = a.id AND p.published)
         ),
         few_plots AS MATERIALIZED (
             SELECT designation FROM plots WHERE published LIMIT $1 + 1
         )
         (SELECT name FROM areas)
         UNION
         (SELECT l.name FROM localities l JOIN areas a ON a.locality_id = l.id)
         UNION
         (SELECT designation FROM few_plots WHERE (SELECT count(*) FROM few_plots) <= $1)
         UNION
         (SELECT road_number FROM roads)
         UNION
         (SELECT name FROM streets)
         ORDER BY 1",
    )
    .bind(SUGGESTED_PLOTS_AT_MOST)
    .fetch_all(pool)
    .await
}
