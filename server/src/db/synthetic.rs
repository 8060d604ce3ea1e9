//! A municipality-sized set of plans and future areas for scale tests and benchmarks
//! (`markkartan generate`): detaljplaner as valid (Multi)Polygons of 50–500 corners each
//! around the towns, published, every twentieth with a revision in review; future areas,
//! larger, around the towns too. Every shape lies on the municipality's land (candidates in
//! the sea are skipped). Shapes come from a hash of their number, so runs are reproducible,
//! and a second run adds more after the first's.
//!
//! A shape is a wobbly circle: each corner's distance from the centre is the radius times
//! 1 ± 0.2 by a sine of its angle, so the ring never crosses itself. A plan in two parts has
//! a smaller second ring east of the first, farther away than both rings reach: the parts
//! never touch, and the MultiPolygon is valid.

use sqlx::PgConnection;

/// What the shapes of one kind look like.
struct Shapes {
    /// How far from a town's centre a shape's centre may lie (metres, each way).
    spread_m: f64,
    radius_m: (f64, f64),
    corners: (i32, i32),
    /// Whether every fourth shape has a second part.
    two_parts: bool,
}

const PLANS: Shapes = Shapes {
    spread_m: 4_000.0,
    radius_m: (60.0, 320.0),
    corners: (50, 500),
    two_parts: true,
};

const FUTURE_AREAS: Shapes = Shapes {
    spread_m: 9_000.0,
    radius_m: (300.0, 1_100.0),
    corners: (50, 200),
    two_parts: false,
};

/// A query's opening: `$1` shapes numbered after `start` (an SQL expression for the last
/// number used so far), as `shapes(k, geom)`, each on the municipality's land.
fn shapes_cte(shapes: &Shapes, start: &str) -> String {
    let Shapes {
        spread_m,
        radius_m: (r_min, r_max),
        corners: (c_min, c_max),
        two_parts,
    } = shapes;
    format!(
        "WITH towns AS (
             SELECT row_number() OVER (ORDER BY id) - 1 AS t, geom FROM localities
              WHERE name <> 'Syntetiska orten'
         ), candidates AS (
             -- Three candidates a shape: those in the sea are skipped.
             SELECT s.n + i AS k FROM (SELECT {start} AS n) s, generate_series(1, 3 * $1) AS i
         ), placed AS (
             SELECT k, ST_X(town.geom) + ((hashint4(k) & 4095) / 4095.0 - 0.5) * 2 * {spread_m} AS x,
                    ST_Y(town.geom) + (((hashint4(k) >> 12) & 4095) / 4095.0 - 0.5) * 2 * {spread_m} AS y,
                    {r_min} + ((hashint4(k * 3) & 1023) / 1023.0) * ({r_max} - {r_min}) AS radius,
                    {c_min} + abs(hashint4(k * 7)) % ({c_max} - {c_min} + 1) AS corners,
                    {two_parts} AND (hashint4(k * 13) & 3) = 0 AS two_parts
               FROM candidates
               JOIN towns town ON town.t = k % (SELECT count(*) FROM towns)
         ), parts AS (
             -- The second part: 0.6 of the first's size, a third of the corners, east of it
             -- beyond both rings' reach (1.2 radii each).
             SELECT k, p, x + p * (1.2 * radius + 1.2 * 0.6 * radius + 20) AS cx, y AS cy,
                    CASE p WHEN 0 THEN radius ELSE 0.6 * radius END AS r,
                    CASE WHEN NOT two_parts THEN corners
                         WHEN p = 0 THEN corners - corners / 3 ELSE corners / 3 END AS c,
                    (hashint4(k + p) & 255) / 40.0 AS phase
               FROM placed, generate_series(0, CASE WHEN two_parts THEN 1 ELSE 0 END) AS p
         ), rings AS (
             SELECT k, ST_MakePolygon(ST_AddPoint(ring.line, ST_StartPoint(ring.line))) AS geom
               FROM parts CROSS JOIN LATERAL (
                    SELECT ST_MakeLine(ST_MakePoint(cx + d * cos(a), cy + d * sin(a)) ORDER BY j) AS line
                      FROM generate_series(0, c - 1) AS j
                     CROSS JOIN LATERAL (SELECT 2 * pi() * j / c AS a) angle
                     CROSS JOIN LATERAL (SELECT r * (1 + 0.2 * sin(5 * a + phase)) AS d) reach
                    ) ring
         ), whole AS (
             SELECT k, ST_SetSRID(ST_Multi(ST_Collect(geom)), 3011) AS geom FROM rings GROUP BY k
         ), shapes AS (
             SELECT k, geom FROM whole w
              -- The outline first: PostGIS keeps it prepared from one shape to the next.
              WHERE EXISTS (SELECT 1 FROM municipality m WHERE ST_Covers(m.geom, w.geom))
              ORDER BY k
              LIMIT $1
         )"
    )
}

/// `count` published detaljplaner (`0188-SYNT-{k}`), every twentieth with a revision in
/// review; how many were added.
pub async fn insert_plans(conn: &mut PgConnection, count: u32) -> Result<u64, sqlx::Error> {
    let cte = shapes_cte(
        &PLANS,
        "(SELECT coalesce(max(substring(plan_id FROM '^0188-SYNT-([0-9]+)$')::int), 0)
            FROM detailed_plans)",
    );
    let added = sqlx::query(&format!(
        "{cte}
         INSERT INTO detailed_plans (plan_id, name, stage, permitted_uses, description, purpose,
                                     geom, published)
         SELECT '0188-SYNT-' || k, 'Syntetisk detaljplan ' || k,
                (ARRAY['laga_kraft', 'laga_kraft', 'antagen', 'granskning', 'samrad'])[1 + k % 5]::plan_stage,
                (ARRAY['{{J,Z}}', '{{H}}', '{{J}}', '{{Z,E}}', '{{K}}'])[1 + k % 5]::text[],
                'Genererad plan för skal- och prestandatester.', 'Verksamheter', geom, true
           FROM shapes"
    ))
    .bind(i32::try_from(count).unwrap_or(i32::MAX))
    .execute(&mut *conn)
    .await?
    .rows_affected();
    // A revision in review for every twentieth: the outline a little larger.
    sqlx::query(
        "INSERT INTO planning_revisions (kind, subject_id, state, name, description, geom,
                                         plan_id, stage, permitted_uses, purpose,
                                         building_rights, documents_url)
         SELECT 'detailed_plan', p.id, 'in_review', p.name || ' (ändring)', p.description,
                ST_Multi(ST_Buffer(p.geom, 5, 'quad_segs=2')), p.plan_id, p.stage,
                p.permitted_uses, p.purpose, p.building_rights, p.documents_url
           FROM detailed_plans p
          WHERE p.plan_id LIKE '0188-SYNT-%'
            AND substring(p.plan_id FROM '([0-9]+)$')::int % 20 = 0
            AND NOT EXISTS (SELECT 1 FROM planning_revisions r
                             WHERE r.kind = 'detailed_plan' AND r.subject_id = p.id)",
    )
    .execute(&mut *conn)
    .await?;
    Ok(added)
}

/// `count` published future areas; how many were added.
pub async fn insert_future_areas(conn: &mut PgConnection, count: u32) -> Result<u64, sqlx::Error> {
    let cte = shapes_cte(
        &FUTURE_AREAS,
        "(SELECT coalesce(max(substring(name FROM '^Syntetiskt framtida område ([0-9]+)$')::int), 0)
            FROM future_areas)",
    );
    sqlx::query(&format!(
        "{cte}
         INSERT INTO future_areas (name, intended_use, land_use, horizon_from_year,
                                   horizon_to_year, description, geom, published)
         SELECT 'Syntetiskt framtida område ' || k, 'Verksamheter',
                (enum_range(NULL::area_use))[1 + k % 6], 2030 + k % 5, 2035 + k % 10,
                'Genererat område för skal- och prestandatester.', geom, true
           FROM shapes"
    ))
    .bind(i32::try_from(count).unwrap_or(i32::MAX))
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}
