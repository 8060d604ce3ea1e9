//! Import drafts and the checks of their features: reprojection into SWEREF 99 18 00 and every
//! geometry check in PostGIS, for all features of a file in one query.

use markkartan_app::domain::{
    Crs, GeometryProblem, ImportFormat, ImportMapping, ImportedPlot, ViewBox,
};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};

use crate::import::{ImportFile, SourceFeature};

/// A draft as stored.
#[derive(Clone, Debug)]
pub struct Draft {
    pub file_name: String,
    pub format: ImportFormat,
    pub crs_from_file: Option<Crs>,
    pub crs: Crs,
    pub business_area: Option<i64>,
    pub attributes: Vec<String>,
    pub mapping: ImportMapping,
    pub features: Vec<SourceFeature>,
}

type DraftRow = (
    String,
    String,
    Option<i32>,
    i32,
    Option<i64>,
    Vec<String>,
    Json<ImportMapping>,
    Json<Vec<SourceFeature>>,
);

const DRAFT_COLUMNS: &str =
    "file_name, format, srid_from_file, srid, business_area_id, attributes, mapping, features";

fn draft_from(row: DraftRow) -> Draft {
    let (file_name, format, from_file, srid, business_area, attributes, mapping, features) = row;
    Draft {
        file_name,
        format: ImportFormat::from_key(&format).unwrap_or(ImportFormat::GeoJson),
        crs_from_file: from_file.and_then(Crs::from_srid),
        crs: Crs::from_srid(srid).unwrap_or(Crs::Sweref991800),
        business_area,
        attributes,
        mapping: mapping.0,
        features: features.0,
    }
}

pub async fn insert_draft(
    pool: &PgPool,
    account_id: i64,
    file_name: &str,
    file: &ImportFile,
    crs: Crs,
    business_area: Option<i64>,
    mapping: &ImportMapping,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO plot_imports (account_id, file_name, format, srid_from_file, srid,
                                   business_area_id, attributes, mapping, features)
         VALUES ($1, $2, $3, $4, $5, (SELECT id FROM business_areas WHERE id = $6), $7, $8, $9)
         RETURNING id",
    )
    .bind(account_id)
    .bind(file_name)
    .bind(file.format.key())
    .bind(file.crs.map(Crs::srid))
    .bind(crs.srid())
    .bind(business_area)
    .bind(&file.attributes)
    .bind(Json(mapping))
    .bind(Json(&file.features))
    .fetch_one(pool)
    .await
}

/// The account's draft (others' drafts are not theirs to see); `for_commit` locks it for the
/// transaction, so a second commit of the same draft waits and then finds it gone.
pub async fn draft<'e>(
    db: impl sqlx::PgExecutor<'e>,
    account_id: i64,
    id: i64,
    for_commit: bool,
) -> Result<Option<Draft>, sqlx::Error> {
    let lock = if for_commit { "FOR UPDATE" } else { "" };
    sqlx::query_as(&format!(
        "SELECT {DRAFT_COLUMNS} FROM plot_imports WHERE id = $1 AND account_id = $2 {lock}"
    ))
    .bind(id)
    .bind(account_id)
    .fetch_optional(db)
    .await
    .map(|row| row.map(draft_from))
}

pub async fn update_draft(
    pool: &PgPool,
    account_id: i64,
    id: i64,
    crs: Crs,
    business_area: Option<i64>,
    mapping: &ImportMapping,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE plot_imports
            SET srid = $3, business_area_id = (SELECT id FROM business_areas WHERE id = $4),
                mapping = $5
          WHERE id = $1 AND account_id = $2",
    )
    .bind(id)
    .bind(account_id)
    .bind(crs.srid())
    .bind(business_area)
    .bind(Json(mapping))
    .execute(pool)
    .await
    .map(|_| ())
}

pub async fn delete_draft<'e>(
    db: impl sqlx::PgExecutor<'e>,
    account_id: i64,
    id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM plot_imports WHERE id = $1 AND account_id = $2")
        .bind(id)
        .bind(account_id)
        .execute(db)
        .await
        .map(|_| ())
}

/// Drafts nobody committed or cancelled within a day.
pub async fn delete_stale_drafts(pool: &PgPool) -> Result<u64, sqlx::Error> {
    sqlx::query("DELETE FROM plot_imports WHERE created_at < now() - interval '1 day'")
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
}

/// Nobody else writes plots while an import checks and writes its own.
pub async fn lock_plots(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query("LOCK TABLE plots IN SHARE ROW EXCLUSIVE MODE")
        .execute(conn)
        .await
        .map(|_| ())
}

fn geometries(features: &[SourceFeature]) -> Vec<Option<String>> {
    features
        .iter()
        .map(|f| f.geometry.as_ref().map(|g| g.to_string()))
        .collect()
}

/// The features ($1, GeoJSON text or NULL, in SRID $2) numbered from 1; those inside the box
/// around Sweden ($3..$6, in the file's coordinates) also in SWEREF 99 18 00. A single-part
/// multipolygon (as Shapefiles hold every polygon) counts as its polygon.
const FEATURES: &str = "
    f AS (
        SELECT n, g IS NOT NULL AS given, ST_Force2D(ST_SetSRID(import_geometry(g), $2)) AS geom
          FROM unnest($1::text[]) WITH ORDINALITY AS t(g, n)
    ), one AS (
        SELECT n, given, CASE WHEN GeometryType(geom) = 'MULTIPOLYGON' AND ST_NumGeometries(geom) = 1
                              THEN ST_GeometryN(geom, 1) ELSE geom END AS geom
          FROM f
    ), placed AS (
        SELECT n, given, geom AS source, GeometryType(geom) AS kind,
               coalesce(geom @ ST_MakeEnvelope($3, $4, $5, $6, $2), false) AS in_sweden
          FROM one
    ), local AS (
        SELECT n, given, kind, in_sweden,
               CASE WHEN in_sweden THEN ST_Transform(source, 3011) END AS geom,
               ST_IsValid(CASE WHEN in_sweden THEN ST_Transform(source, 3011) ELSE source END) AS valid,
               ST_IsValidReason(CASE WHEN in_sweden THEN ST_Transform(source, 3011) ELSE source END) AS reason
          FROM placed
    )";

/// What PostGIS found about one feature's geometry.
#[derive(Clone, Debug)]
pub struct GeometryCheck {
    pub problems: Vec<String>,
    pub area_m2: Option<f64>,
    /// The outline on the preview map (EPSG:3857); empty when it is not in Sweden.
    pub svg_path: String,
}

type CheckRow = (
    bool,
    Option<String>,
    bool,
    String,
    bool,
    bool,
    Option<f64>,
    String,
    Vec<String>,
    Vec<i64>,
);

/// Each feature checked as a plot outline: a polygon, valid, in Sweden, in the municipality,
/// overlapping no plot (named) and no other feature of the file (numbered).
pub async fn check_geometries(
    conn: &mut PgConnection,
    features: &[SourceFeature],
    crs: Crs,
) -> Result<Vec<GeometryCheck>, sqlx::Error> {
    let (x0, y0, x1, y1) = crs.sweden_bounds();
    let rows: Vec<CheckRow> = sqlx::query_as(&format!(
        "WITH {FEATURES}
         SELECT l.given, l.kind, coalesce(l.valid, false), coalesce(l.reason, ''), l.in_sweden,
                CASE WHEN l.valid AND l.in_sweden
                     THEN coalesce(ST_CoveredBy(l.geom, (SELECT ST_Union(geom) FROM municipality)), false)
                     ELSE false END,
                ST_Area(l.geom),
                coalesce(ST_AsSVG(ST_Transform(l.geom, 3857), 0, 0), ''),
                CASE WHEN l.valid AND l.in_sweden AND l.kind = 'POLYGON' THEN ARRAY(
                    SELECT p.designation FROM plots p
                     WHERE ST_Intersects(p.geom, l.geom)
                       AND ST_Area(ST_Intersection(p.geom, l.geom)) > 0.5
                     ORDER BY p.designation)
                ELSE '{{}}' END,
                CASE WHEN l.valid AND l.in_sweden AND l.kind = 'POLYGON' THEN ARRAY(
                    SELECT o.n FROM local o
                     WHERE o.n <> l.n AND o.valid AND o.in_sweden AND o.kind = 'POLYGON'
                       AND ST_Intersects(o.geom, l.geom)
                       AND ST_Area(ST_Intersection(o.geom, l.geom)) > 0.5
                     ORDER BY o.n)
                ELSE '{{}}' END
           FROM local l ORDER BY l.n"
    ))
    .bind(geometries(features))
    .bind(crs.srid())
    .bind(x0)
    .bind(y0)
    .bind(x1)
    .bind(y1)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(given, kind, valid, reason, in_sweden, in_municipality, area, svg, plots, others)| {
                let mut problems = Vec::new();
                match kind.as_deref() {
                    None if given => problems.push(
                        "Geometrin går inte att läsa: koordinater saknas eller är ofullständiga."
                            .to_string(),
                    ),
                    None => problems.push("Objektet saknar geometri.".to_string()),
                    Some("POLYGON") => {}
                    Some("MULTIPOLYGON") => problems.push(
                        "Objektet är en multipolygon med flera delar; en tomt är en sammanhängande yta."
                            .to_string(),
                    ),
                    Some(other) => problems.push(format!(
                        "Objektet är {}, inte en yta (polygon).",
                        kind_in_swedish(other)
                    )),
                }
                if kind.is_some() && !in_sweden {
                    problems.push(format!(
                        "Koordinaterna ligger utanför Sverige i {}. Är filen i ett annat koordinatsystem?",
                        crs.label()
                    ));
                } else if kind.is_some() && !valid {
                    problems.push(GeometryProblem::Invalid(reason).message());
                } else if kind.is_some() && !in_municipality {
                    problems.push(GeometryProblem::OutsideMunicipality.message());
                }
                if !plots.is_empty() {
                    problems.push(GeometryProblem::Overlaps(plots).message());
                }
                if !others.is_empty() {
                    let numbers: Vec<String> = others.iter().map(|n| n.to_string()).collect();
                    problems.push(format!("Överlappar objekt {} i filen.", numbers.join(", ")));
                }
                GeometryCheck {
                    problems,
                    area_m2: area,
                    svg_path: svg,
                }
            },
        )
        .collect())
}

fn kind_in_swedish(kind: &str) -> &'static str {
    match kind {
        "POINT" => "en punkt",
        "MULTIPOINT" => "flera punkter",
        "LINESTRING" => "en linje",
        "MULTILINESTRING" => "flera linjer",
        _ => "en annan sorts geometri",
    }
}

/// Which of these designations existing plots already have.
pub async fn designations_taken(
    conn: &mut PgConnection,
    designations: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT designation FROM plots WHERE designation = ANY($1)")
        .bind(designations)
        .fetch_all(conn)
        .await
}

/// The preview map: a frame around the features that are in Sweden (or the municipality when
/// none is) and the existing plots in it.
pub async fn map_around(
    conn: &mut PgConnection,
    features: &[SourceFeature],
    crs: Crs,
) -> Result<(ViewBox, Vec<String>), sqlx::Error> {
    let (x0, y0, x1, y1) = crs.sweden_bounds();
    let (xmin, ymin, xmax, ymax, paths): (f64, f64, f64, f64, Vec<String>) =
        sqlx::query_as(&format!(
            "WITH {FEATURES},
             frame AS (
                 SELECT ST_Expand(coalesce(
                            (SELECT ST_Extent(ST_Transform(geom, 3857)) FROM local WHERE geom IS NOT NULL),
                            (SELECT ST_Extent(ST_Transform(geom, 3857)) FROM municipality)), 120) AS b
             )
             SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b),
                    ARRAY(SELECT ST_AsSVG(ST_Transform(p.geom, 3857), 0, 0) FROM plots p
                           WHERE ST_Transform(p.geom, 3857) && b::geometry)
               FROM frame"
        ))
        .bind(geometries(features))
        .bind(crs.srid())
        .bind(x0)
        .bind(y0)
        .bind(x1)
        .bind(y1)
        .fetch_one(conn)
        .await?;
    Ok((super::context::view_box(xmin, ymin, xmax, ymax), paths))
}

/// A checked feature as a new published plot; its geometry (GeoJSON in `crs`) is stored in
/// SWEREF 99 18 00. Returns its id.
pub async fn insert_plot(
    conn: &mut PgConnection,
    plot: &ImportedPlot,
    business_area_id: i64,
    geojson: &str,
    crs: Crs,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO plots (designation, property_designation, business_area_id, geom, status,
                            price_sek_per_m2, permitted_uses, public_description, published)
         SELECT $1, $2, $3,
                CASE WHEN GeometryType(g) = 'MULTIPOLYGON' THEN ST_GeometryN(g, 1) ELSE g END,
                $6, $7, $8, $9, true
           FROM ST_Transform(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON($4), $5)), 3011) AS g
         RETURNING id",
    )
    .bind(&plot.designation)
    .bind(&plot.property_designation)
    .bind(business_area_id)
    .bind(geojson)
    .bind(crs.srid())
    .bind(plot.status)
    .bind(plot.price_sek_per_m2)
    .bind(&plot.permitted_uses)
    .bind(&plot.public_description)
    .fetch_one(conn)
    .await
}
