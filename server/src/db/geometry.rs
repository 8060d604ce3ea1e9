//! Plot geometry as staff change it: checks, reshape, split, merge, create. Coordinates come in
//! as GeoJSON in SWEREF 99 18 00 (EPSG:3011), the storage projection.

use markkartan_app::domain::{GeometryProblem, Neighbour, PlotChoice, PlotOutline, ViewBox};
use sqlx::postgres::PgArguments;
use sqlx::{Arguments, PgConnection, PgPool};

/// The plot's outline as GeoJSON (EPSG:3011, centimetres), for the editor.
pub async fn outline<'e>(db: impl sqlx::PgExecutor<'e>, id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT ST_AsGeoJSON(geom, 2) FROM plots WHERE id = $1")
        .bind(id)
        .fetch_one(db)
        .await
}

/// Plots sharing a boundary with this one (within half a metre), at their versions now.
pub async fn neighbours(pool: &PgPool, id: i64) -> Result<Vec<Neighbour>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.designation, o.version FROM plots p JOIN plots o
             ON o.id <> p.id AND ST_DWithin(o.geom, p.geom, 0.5)
          WHERE p.id = $1 ORDER BY o.designation",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

/// How far around a plot the editor's map draws the other plots.
const NEARBY_METRES: f64 = 150.0;

/// The plots within [`NEARBY_METRES`] of this one, with their outlines (decimetres are plenty
/// for context), for the editor's map.
pub async fn nearby_outlines(pool: &PgPool, id: i64) -> Result<Vec<PlotOutline>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.designation, o.business_area_id, ST_AsGeoJSON(o.geom, 1) AS geojson
           FROM plots p JOIN plots o ON o.id <> p.id AND ST_DWithin(o.geom, p.geom, $2)
          WHERE p.id = $1 ORDER BY o.designation",
    )
    .bind(id)
    .bind(NEARBY_METRES)
    .fetch_all(pool)
    .await
}

/// Every plot's outline, for drawing a new plot among those of its business area.
pub async fn all_outlines(pool: &PgPool) -> Result<Vec<PlotOutline>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, designation, business_area_id, ST_AsGeoJSON(geom, 1) AS geojson
           FROM plots ORDER BY designation",
    )
    .fetch_all(pool)
    .await
}

/// Checks a polygon (GeoJSON, EPSG:3011) for a plot: a valid polygon, inside the municipality,
/// overlapping no other plot than those in `except` (the rules are SQL functions, migration
/// 0008, which the import's checks use too).
pub async fn check_plot_polygon(
    conn: &mut PgConnection,
    geojson: &str,
    except: &[i64],
) -> Result<Result<(), GeometryProblem>, sqlx::Error> {
    type Row = (Option<String>, bool, String, bool, Vec<String>);
    let (kind, valid, reason, inside, overlapping): Row = sqlx::query_as(
        // import_geometry: NULL where PostGIS cannot read the GeoJSON (migration 0007).
        "WITH g AS (SELECT ST_SetSRID(import_geometry($1), 3011) AS geom)
         SELECT GeometryType(g.geom), coalesce(ST_IsValid(g.geom), false),
                coalesce(ST_IsValidReason(g.geom), ''),
                CASE WHEN ST_IsValid(g.geom) THEN plot_in_municipality(g.geom) ELSE false END,
                CASE WHEN ST_IsValid(g.geom) THEN plots_overlapped_by(g.geom, $2) ELSE '{}' END
           FROM g",
    )
    .bind(geojson)
    .bind(except)
    .fetch_one(conn)
    .await?;
    let Some(kind) = kind else {
        return Ok(Err(GeometryProblem::NotGeoJson(
            "koordinater saknas eller är ofullständiga".into(),
        )));
    };
    Ok(if kind != "POLYGON" {
        Err(GeometryProblem::WrongType {
            expected: "polygon",
            found: kind.to_lowercase(),
        })
    } else if !valid {
        Err(GeometryProblem::Invalid(reason))
    } else if !inside {
        Err(GeometryProblem::OutsideMunicipality)
    } else if !overlapping.is_empty() {
        Err(GeometryProblem::Overlaps(overlapping))
    } else {
        Ok(())
    })
}

/// Takes the lock every write of plot outlines takes (migration 0009), for the rest of the
/// transaction, waiting at most [`LOCK_WAIT`] for a save in progress. Before any row lock.
pub async fn lock_outlines(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query(&format!("SET LOCAL lock_timeout = '{LOCK_WAIT}'"))
        .execute(&mut *conn)
        .await?;
    sqlx::query("SELECT lock_plot_outlines()")
        .execute(conn)
        .await
        .map(|_| ())
}

/// How long a save waits for another to finish with the outlines (one holds them for
/// milliseconds; an import of 2,000 plots for seconds).
pub const LOCK_WAIT: &str = "10s";

/// Sets a plot's outline; returns the new version.
pub async fn set_outline(
    conn: &mut PgConnection,
    id: i64,
    geojson: &str,
) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE plots SET geom = ST_SetSRID(ST_GeomFromGeoJSON($2), 3011),
                          version = version + 1, updated_at = now()
          WHERE id = $1 RETURNING version",
    )
    .bind(id)
    .bind(geojson)
    .fetch_one(conn)
    .await
}

/// The plot split along a line (GeoJSON LineString, EPSG:3011): its parts as GeoJSON at full
/// precision (so no land is lost between them), largest first.
pub async fn split_parts(
    conn: &mut PgConnection,
    id: i64,
    line: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT ST_AsGeoJSON(part.geom)
           FROM plots p,
                ST_Dump(ST_Split(p.geom, ST_SetSRID(ST_GeomFromGeoJSON($2), 3011))) AS part
          WHERE p.id = $1
          ORDER BY ST_Area(part.geom) DESC",
    )
    .bind(id)
    .bind(line)
    .fetch_all(conn)
    .await
}

/// The union of two plots as GeoJSON, and whether it is one polygon.
pub async fn union_of(
    conn: &mut PgConnection,
    a: i64,
    b: i64,
) -> Result<(String, bool), sqlx::Error> {
    sqlx::query_as(
        "SELECT ST_AsGeoJSON(u), GeometryType(u) = 'POLYGON'
           FROM (SELECT ST_UnaryUnion(ST_Collect(
                        ST_Snap(geom, (SELECT geom FROM plots WHERE id = $1), 0.05))) AS u
                   FROM plots WHERE id IN ($1, $2)) s",
    )
    .bind(a)
    .bind(b)
    .fetch_one(conn)
    .await
}

/// A new plot with the facts of `template` (a split's other half) or defaults, not for sale
/// until staff say otherwise. Returns its id.
pub async fn insert_plot(
    conn: &mut PgConnection,
    designation: &str,
    business_area_id: i64,
    geojson: &str,
    template: Option<i64>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO plots (designation, business_area_id, geom, status, price_sek_per_m2,
                            permitted_uses, max_site_coverage_percent, max_building_height_m,
                            water_sewage, electrical_capacity_kw, district_heating, fiber,
                            contact_person_id, published)
         SELECT $1, $2, ST_SetSRID(ST_GeomFromGeoJSON($3), 3011), 'not_for_sale',
                t.price_sek_per_m2, coalesce(t.permitted_uses, '{}'), t.max_site_coverage_percent,
                t.max_building_height_m, coalesce(t.water_sewage, 'none'),
                t.electrical_capacity_kw, coalesce(t.district_heating, false),
                coalesce(t.fiber, false), t.contact_person_id, true
           FROM (SELECT 1) one LEFT JOIN plots t ON t.id = $4
         RETURNING id",
    )
    .bind(designation)
    .bind(business_area_id)
    .bind(geojson)
    .bind(template)
    .fetch_one(conn)
    .await
}

pub async fn business_area_of(conn: &mut PgConnection, id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT business_area_id FROM plots WHERE id = $1")
        .bind(id)
        .fetch_one(conn)
        .await
}

pub async fn designation_taken(
    conn: &mut PgConnection,
    designation: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM plots WHERE designation = $1)")
        .bind(designation)
        .fetch_one(conn)
        .await
}

pub async fn business_area_exists(conn: &mut PgConnection, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM business_areas WHERE id = $1)")
        .bind(id)
        .fetch_one(conn)
        .await
}

/// Whether `geojson` (EPSG:3011) is another outline than the plot has: one corner more than a
/// centimetre away, or one more or fewer.
pub async fn outline_differs<'e>(
    db: impl sqlx::PgExecutor<'e>,
    id: i64,
    geojson: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT ST_NPoints(p.geom) <> ST_NPoints(n.g) OR ST_HausdorffDistance(p.geom, n.g) > 0.01
           FROM plots p, ST_SetSRID(ST_GeomFromGeoJSON($2), 3011) n(g)
          WHERE p.id = $1",
    )
    .bind(id)
    .bind(geojson)
    .fetch_one(db)
    .await
}

/// Retires a plot, merged into `into` or on its own: it leaves every page and list of plots (the `plots`
/// view), while its row, its history and the interests in it stay (migration 0016). Returns its
/// last version.
pub async fn retire_plot(
    conn: &mut PgConnection,
    id: i64,
    into: Option<i64>,
) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE plot_records
            SET retired_at = now(), retired_into = $2, version = version + 1, updated_at = now()
          WHERE id = $1 AND retired_at IS NULL
      RETURNING version",
    )
    .bind(id)
    .bind(into)
    .fetch_one(conn)
    .await
}

pub async fn business_areas(pool: &PgPool) -> Result<Vec<PlotChoice>, sqlx::Error> {
    sqlx::query_as("SELECT id, name AS designation FROM business_areas ORDER BY name")
        .fetch_all(pool)
        .await
}

/// A view box of the map (Web Mercator, y down) as the box PostGIS compares outlines with: the
/// SQL reads it from a query's first four arguments, [`region_arguments`].
pub const REGION: &str = "ST_MakeEnvelope($1, -($2 + $4), $1 + $3, -$2, 3857)";

/// The four arguments [`REGION`] reads, first of a query's arguments.
pub fn region_arguments(region: ViewBox) -> PgArguments {
    let mut arguments = PgArguments::default();
    for value in [region.x, region.y, region.width, region.height] {
        arguments.add(value).expect("a float always encodes");
    }
    arguments
}
