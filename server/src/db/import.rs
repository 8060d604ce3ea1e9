//! Import drafts and the checks of their features: reprojection into SWEREF 99 18 00 and every
//! geometry check in PostGIS, for all features of a file at once (staged in a temporary table).

use markkartan_app::domain::{
    Crs, GeometryProblem, ImportFormat, ImportMapping, ImportedPlot, MAX_PLOT_CORNERS, PlotField,
    PreviewFeature, ViewBox,
};
use serde::Serialize;
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool, Postgres, Transaction};

use crate::import::read::{ImportFile, SourceFeature};

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
    /// Every feature as its checks found it when the draft was last read or changed; `None`
    /// until they have run.
    pub checked: Option<Checked>,
}

/// What the checks of a draft found, kept with it for the preview: each feature, and the map
/// around them (its frame, and the plots there then).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Checked {
    pub features: Vec<PreviewFeature>,
    pub view: ViewBox,
    pub existing_svg_paths: Vec<String>,
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
    Option<Json<Checked>>,
);

const DRAFT_COLUMNS: &str = "file_name, format, srid_from_file, srid, business_area_id, attributes, mapping, features, checked";

fn draft_from(row: DraftRow) -> Draft {
    let (file_name, format, from_file, srid, business_area, attributes, mapping, features, checked) =
        row;
    Draft {
        file_name,
        format: ImportFormat::from_key(&format).unwrap_or(ImportFormat::GeoJson),
        crs_from_file: from_file.and_then(Crs::from_srid),
        crs: Crs::from_srid(srid).unwrap_or(Crs::Sweref991800),
        business_area,
        attributes,
        mapping: mapping.0,
        features: features.0,
        checked: checked.map(|c| c.0),
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

/// Keeps the features' checks with the draft (the preview shows them without running them
/// again).
pub async fn store_checks(
    pool: &PgPool,
    account_id: i64,
    id: i64,
    checked: &Checked,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE plot_imports SET checked = $3 WHERE id = $1 AND account_id = $2")
        .bind(id)
        .bind(account_id)
        .bind(Json(checked))
        .execute(pool)
        .await
        .map(|_| ())
}

/// The draft's new choices; its checks are run again ([`store_checks`]).
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
                mapping = $5, checked = NULL
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

/// Nobody else writes plots while an import checks and writes its own. Waits at most
/// [`super::geometry::LOCK_WAIT`] for editors' saves in progress; then the error is
/// `lock_not_available`.
pub async fn lock_plots(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    // The outlines' lock first, as every outline write takes it first (see migration 0009).
    super::geometry::lock_outlines(&mut *conn).await?;
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

/// Reads the file's features into `import_features`, a temporary table of this transaction
/// (dropped when it ends), numbered from 1: read once by PostGIS, reprojected into SWEREF 99
/// 18 00 where the coordinates are inside the box around Sweden, and indexed, so the checks, the
/// preview map and the commit all use the same geometry and the file's features are compared
/// with each other through the index, not pair by pair. A single-part multipolygon (as
/// Shapefiles hold every polygon) counts as its polygon. `checkable` is the outline of a valid
/// polygon in Sweden, the one thing the overlap rules compare.
pub async fn stage_features(
    tx: &mut Transaction<'_, Postgres>,
    features: &[SourceFeature],
    crs: Crs,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "CREATE TEMPORARY TABLE import_features (
             n bigint PRIMARY KEY, given boolean, kind text, in_sweden boolean,
             geom geometry, valid boolean, reason text, checkable geometry
         ) ON COMMIT DROP",
    )
    .execute(&mut **tx)
    .await?;
    let (x0, y0, x1, y1) = crs.sweden_bounds();
    sqlx::query(
        "WITH f AS (
             SELECT n, g IS NOT NULL AS given, ST_Force2D(ST_SetSRID(import_geometry(g), $2)) AS geom
               FROM unnest($1::text[]) WITH ORDINALITY AS t(g, n)
         ), one AS (
             SELECT n, given, CASE WHEN GeometryType(geom) = 'MULTIPOLYGON' AND ST_NumGeometries(geom) = 1
                                   THEN ST_GeometryN(geom, 1) ELSE geom END AS geom
               FROM f
         ), placed AS (
             SELECT n, given, GeometryType(geom) AS kind,
                    coalesce(geom @ ST_MakeEnvelope($3, $4, $5, $6, $2), false) AS in_sweden,
                    geom AS source
               FROM one
         ), local AS (
             SELECT n, given, kind, in_sweden,
                    CASE WHEN in_sweden THEN ST_Transform(source, 3011) ELSE source END AS geom
               FROM placed
         )
         INSERT INTO import_features
         SELECT n, given, kind, in_sweden, CASE WHEN in_sweden THEN geom END,
                ST_IsValid(geom), ST_IsValidReason(geom),
                CASE WHEN in_sweden AND kind = 'POLYGON' AND ST_IsValid(geom) THEN geom END
           FROM local",
    )
    .bind(geometries(features))
    .bind(crs.srid())
    .bind(x0)
    .bind(y0)
    .bind(x1)
    .bind(y1)
    .execute(&mut **tx)
    .await?;
    sqlx::query("CREATE INDEX ON import_features USING gist (checkable)")
        .execute(&mut **tx)
        .await?;
    sqlx::query("ANALYZE import_features")
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// What PostGIS found about one feature's geometry.
#[derive(Clone, Debug)]
pub struct GeometryCheck {
    pub problems: Vec<String>,
    pub area_m2: Option<f64>,
    /// The outline on the preview map (EPSG:3857); empty when it is not in Sweden.
    pub svg_path: String,
    /// A point inside it on the preview map (EPSG:3857, y down), for its number.
    pub label_at: Option<(f64, f64)>,
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
    Option<i32>,
    Option<f64>,
    Option<f64>,
);

/// Each staged feature ([`stage_features`]) checked as a plot outline by the plot rules
/// (migration 0008): a polygon, valid, in Sweden, in the municipality, overlapping no plot
/// (named) and no other feature of the file (numbered).
pub async fn check_geometries(
    tx: &mut Transaction<'_, Postgres>,
    crs: Crs,
) -> Result<Vec<GeometryCheck>, sqlx::Error> {
    let rows: Vec<CheckRow> = sqlx::query_as(
        "SELECT l.given, l.kind, coalesce(l.valid, false), coalesce(l.reason, ''), l.in_sweden,
                CASE WHEN l.valid AND l.in_sweden THEN plot_in_municipality(l.geom) ELSE false END,
                ST_Area(l.geom),
                coalesce(ST_AsSVG(ST_Transform(l.geom, 3857), 0, 0), ''),
                CASE WHEN l.checkable IS NOT NULL THEN plots_overlapped_by(l.checkable) ELSE '{}' END,
                CASE WHEN l.checkable IS NOT NULL THEN ARRAY(
                    SELECT o.n FROM import_features o
                     WHERE o.n <> l.n AND plot_outlines_overlap(o.checkable, l.checkable)
                     ORDER BY o.n)
                ELSE '{}' END,
                ST_NPoints(l.geom),
                CASE WHEN l.valid AND l.in_sweden THEN ST_X(ST_Transform(ST_PointOnSurface(l.geom), 3857)) END,
                CASE WHEN l.valid AND l.in_sweden THEN -ST_Y(ST_Transform(ST_PointOnSurface(l.geom), 3857)) END
           FROM import_features l ORDER BY l.n",
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(given, kind, valid, reason, in_sweden, in_municipality, area, svg, plots, others, corners, label_x, label_y)| {
                let mut problems = Vec::new();
                if let Some(corners) = corners.filter(|c| *c as usize > MAX_PLOT_CORNERS) {
                    problems.push(GeometryProblem::TooManyCorners(corners as usize).message());
                }
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
                    label_at: label_x.zip(label_y),
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

/// The preview map: a frame around the staged features that are in Sweden (or the
/// municipality when none is) and the existing plots in it (found through the plots' index).
pub async fn map_around(
    tx: &mut Transaction<'_, Postgres>,
) -> Result<(ViewBox, Vec<String>), sqlx::Error> {
    let (xmin, ymin, xmax, ymax, paths): (f64, f64, f64, f64, Vec<String>) = sqlx::query_as(
        "WITH frame AS (
             SELECT ST_Expand(coalesce(
                        (SELECT ST_Extent(geom) FROM import_features),
                        (SELECT ST_Extent(geom) FROM municipality)), 120) AS b
         ), shown AS (
             SELECT ST_Transform(ST_SetSRID(b::geometry, 3011), 3857) AS web FROM frame
         )
         SELECT ST_XMin(web), ST_YMin(web), ST_XMax(web), ST_YMax(web),
                ARRAY(SELECT ST_AsSVG(ST_Transform(p.geom, 3857), 0, 0) FROM plots p, frame
                       WHERE p.geom && ST_SetSRID(b::geometry, 3011))
           FROM shown",
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok((super::context::view_box(xmin, ymin, xmax, ymax), paths))
}

/// A checked feature as it becomes a plot: its number in the staged features (whose geometry
/// it gets) and the facts its attributes gave.
#[derive(Serialize)]
pub struct NewPlot<'a> {
    pub n: usize,
    #[serde(flatten)]
    pub plot: &'a ImportedPlot,
}

/// The checked features as new published plots in the business area, each with its staged
/// outline (SWEREF 99 18 00) and a first history entry (its outline, and `origin`). Returns how
/// many plots were written.
pub async fn insert_plots(
    tx: &mut Transaction<'_, Postgres>,
    plots: &[NewPlot<'_>],
    business_area_id: i64,
    account_id: i64,
    origin: &str,
) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "WITH new AS (
             SELECT x.*, f.geom
               FROM jsonb_to_recordset($1) AS x(n bigint, designation text, property_designation text,
                                                status plot_status, price_sek_per_m2 integer,
                                                permitted_uses text[], public_description text)
               JOIN import_features f USING (n)
         ), inserted AS (
             INSERT INTO plots (designation, property_designation, business_area_id, geom, status,
                                price_sek_per_m2, permitted_uses, public_description, published)
             SELECT designation, property_designation, $2, geom, status, price_sek_per_m2,
                    permitted_uses, public_description, true
               FROM new ORDER BY n
             RETURNING id, geom
         )
         INSERT INTO plot_history (plot_id, account_id, version, changes)
         SELECT id, $3, 1, jsonb_build_array(
                    jsonb_build_object('field', $4::text, 'from', '', 'to', ST_AsGeoJSON(geom, 2)),
                    jsonb_build_object('field', $5::text, 'from', '', 'to', $6::text))
           FROM inserted",
    )
    .bind(Json(plots))
    .bind(business_area_id)
    .bind(account_id)
    .bind(PlotField::Geometry.name())
    .bind(PlotField::Origin.name())
    .bind(origin)
    .execute(&mut **tx)
    .await
    .map(|r| r.rows_affected())
}
