//! Context layers (land, municipality, roads, streets, localities) and the map's extent.

use markkartan_app::domain::{
    BusinessAreaView, LAND_TILE_BLEED, LAND_TILE_UNITS, LocalLand, LocalPlace, NamedPath,
    NamedPoint, StreetView, ViewBox,
};
use sqlx::PgPool;

/// The main roads, each with the places for its number: along each stretch, the longest
/// stretches first.
pub async fn roads(pool: &PgPool) -> Result<Vec<NamedPath>, sqlx::Error> {
    // Drawn when the roads were written (migration 0028).
    sqlx::query_as("SELECT name, sign, svg_path, label_x, label_y FROM map_roads ORDER BY name")
        .fetch_all(pool)
        .await
}

/// Local streets, each with the places for its name: a quarter, half and three quarters along
/// each stretch, the longest stretches first.
pub async fn streets(pool: &PgPool) -> Result<Vec<StreetView>, sqlx::Error> {
    // Drawn when the streets were written (migration 0028).
    sqlx::query_as(
        "SELECT name, svg_path, label_x, label_y, label_angle FROM map_streets ORDER BY name",
    )
    .fetch_all(pool)
    .await
}

/// The localities in EPSG:3011 for the workspace's maps, each with the box around it and the
/// plots within 5 km of it, the one with most such plots first.
pub async fn local_places(pool: &PgPool) -> Result<Vec<LocalPlace>, sqlx::Error> {
    type Row = (String, f64, f64, f64, f64, f64, f64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT l.name, ST_X(l.geom), ST_Y(l.geom),
                ST_XMin(near.box), ST_YMin(near.box), ST_XMax(near.box), ST_YMax(near.box)
           FROM localities l
           CROSS JOIN LATERAL (
                SELECT count(p.id) AS plots,
                       ST_Extent(ST_Collect(l.geom, coalesce(p.geom, l.geom)))::geometry AS box
                  FROM (SELECT 1) one
                  LEFT JOIN plots p ON ST_DWithin(p.geom, l.geom, 5000)
           ) near
          ORDER BY near.plots DESC, l.name",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, x, y, x0, y0, x1, y1)| LocalPlace {
            name,
            at: (x, y),
            around: ((x0, y0), (x1, y1)),
        })
        .collect())
}

pub async fn localities(pool: &PgPool) -> Result<Vec<NamedPoint>, sqlx::Error> {
    sqlx::query_as(
        "SELECT name, ST_X(ST_Transform(geom, 3857)) AS x, -ST_Y(ST_Transform(geom, 3857)) AS y
           FROM localities ORDER BY name",
    )
    .fetch_all(pool)
    .await
}

/// Business areas with published plots, each with the box around those plots.
pub async fn business_area_views(pool: &PgPool) -> Result<Vec<BusinessAreaView>, sqlx::Error> {
    type Row = (i64, String, String, f64, f64, f64, f64, i64, i64, f64);
    let rows: Vec<Row> = sqlx::query_as(
        "WITH extents AS (
             SELECT p.business_area_id AS id, ST_Extent(p.web_geom) AS box, count(*) AS plots,
                    count(*) FILTER (WHERE p.status = 'available') AS available,
                    coalesce(sum(p.area_m2) FILTER (WHERE p.status = 'available'), 0) AS available_m2
               FROM plots p WHERE p.published GROUP BY p.business_area_id
         )
         SELECT a.id, a.name, l.name, ST_XMin(e.box), ST_YMin(e.box), ST_XMax(e.box), ST_YMax(e.box),
                e.plots, e.available, e.available_m2::float8
           FROM business_areas a
           JOIN extents e ON e.id = a.id
           JOIN localities l ON l.id = a.locality_id
          ORDER BY l.name, a.name",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, locality, xmin, ymin, xmax, ymax, plots, available, available_m2)| {
                BusinessAreaView {
                    id,
                    name,
                    locality,
                    extent: view_box(xmin, ymin, xmax, ymax),
                    plots: u32::try_from(plots).unwrap_or(u32::MAX),
                    available: u32::try_from(available).unwrap_or(u32::MAX),
                    available_m2,
                }
            },
        )
        .collect())
}

/// A Web Mercator bounding box as a view box (the SVG's y axis points down).
pub(super) fn view_box(xmin: f64, ymin: f64, xmax: f64, ymax: f64) -> ViewBox {
    ViewBox {
        x: xmin,
        y: -ymax,
        width: xmax - xmin,
        height: ymax - ymin,
    }
}

/// The box the land data covers, in the map's coordinates (none before it is loaded).
pub async fn land_extent(pool: &PgPool) -> Result<Option<ViewBox>, sqlx::Error> {
    let row: Option<(f64, f64, f64, f64)> = sqlx::query_as(
        "WITH e AS (SELECT ST_Extent(geom_web) AS box FROM land)
         SELECT ST_XMin(box), ST_YMin(box), ST_XMax(box), ST_YMax(box) FROM e WHERE box IS NOT NULL",
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(xmin, ymin, xmax, ymax)| view_box(xmin, ymin, xmax, ymax)))
}

/// The box around the municipality and every published plot, in the map's coordinates.
pub async fn map_extent(pool: &PgPool) -> Result<Option<ViewBox>, sqlx::Error> {
    let row: Option<(f64, f64, f64, f64)> = sqlx::query_as(
        "WITH everything AS (
             SELECT geom_web AS geom FROM municipality
             UNION ALL
             SELECT web_geom FROM plots WHERE published
         ), extent AS (SELECT ST_Extent(geom) AS box FROM everything)
         SELECT ST_XMin(box), ST_YMin(box), ST_XMax(box), ST_YMax(box)
           FROM extent WHERE box IS NOT NULL",
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(xmin, ymin, xmax, ymax)| view_box(xmin, ymin, xmax, ymax)))
}

/// Small maps show a few hundred metres: the land to a metre is more than they can show.
pub const SMALL_MAP_TOLERANCE_M: f64 = 1.0;

/// The land around the workspace's maps: around the plots' box by twice its larger side (the
/// maps show a margin and, being wider than tall, more to the sides), at least this far.
const WORKSPACE_LAND_MIN_M: f64 = 300.0;

/// The land around one plot, for its editor's map, in EPSG:3011 from a corner near it.
pub async fn land_around_plot(pool: &PgPool, id: i64) -> Result<LocalLand, sqlx::Error> {
    let outline = super::geometry::outline(pool, id).await?;
    land_around(pool, &outline, SMALL_MAP_TOLERANCE_M).await
}

/// The land around a plan's or future area's outline (GeoJSON, EPSG:3011: one polygon, one in
/// parts, or one with holes), for its editor's map, in EPSG:3011 from a corner near it.
pub async fn land_around_outline(pool: &PgPool, outline: &str) -> Result<LocalLand, sqlx::Error> {
    land_around(pool, outline, SMALL_MAP_TOLERANCE_M).await
}

/// The land around every plot, for a map that frames them all (a new plan's or area's),
/// simplified to what that scale shows.
pub async fn land_around_plots(pool: &PgPool) -> Result<LocalLand, sqlx::Error> {
    let extent: Option<String> = sqlx::query_scalar(
        "SELECT ST_AsGeoJSON(ST_SetSRID(ST_Extent(geom)::geometry, 3011)) FROM plots",
    )
    .fetch_one(pool)
    .await?;
    match extent {
        Some(extent) => land_around(pool, &extent, 25.0).await,
        None => Ok(LocalLand::default()),
    }
}

/// A box in EPSG:3011 metres: west, south, east, north.
type Box3011 = (f64, f64, f64, f64);

/// The land around a geometry (GeoJSON, EPSG:3011) by twice its larger side, at least
/// [`WORKSPACE_LAND_MIN_M`], simplified to `tolerance_m`, from a corner near it.
async fn land_around(
    pool: &PgPool,
    geojson: &str,
    tolerance_m: f64,
) -> Result<LocalLand, sqlx::Error> {
    let around: Option<Box3011> = sqlx::query_as(
        "WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 3011) AS geom),
              b AS (SELECT ST_Expand(ST_Envelope(geom),
                             greatest($2, 2 * greatest(ST_XMax(geom) - ST_XMin(geom), ST_YMax(geom) - ST_YMin(geom)))) AS box
                      FROM g)
         SELECT ST_XMin(box), ST_YMin(box), ST_XMax(box), ST_YMax(box) FROM b WHERE box IS NOT NULL",
    )
    .bind(geojson)
    .bind(WORKSPACE_LAND_MIN_M)
    .fetch_optional(pool)
    .await?;
    match around {
        Some(around) => local_land(pool, around, tolerance_m).await,
        None => Ok(LocalLand::default()),
    }
}

/// The land around each business area's plots, by business area id, for the new plot's map.
pub async fn land_around_business_areas(
    pool: &PgPool,
) -> Result<Vec<(i64, LocalLand)>, sqlx::Error> {
    let boxes: Vec<(i64, f64, f64, f64, f64)> = sqlx::query_as(
        "WITH areas AS (
             SELECT business_area_id AS id, ST_SetSRID(ST_Extent(geom)::geometry, 3011) AS e
               FROM plots GROUP BY business_area_id
         ), b AS (
             SELECT id, ST_Expand(e, greatest($1, 2 * greatest(ST_XMax(e) - ST_XMin(e), ST_YMax(e) - ST_YMin(e)))) AS box
               FROM areas
         )
         SELECT id, ST_XMin(box), ST_YMin(box), ST_XMax(box), ST_YMax(box) FROM b ORDER BY id",
    )
    .bind(WORKSPACE_LAND_MIN_M)
    .fetch_all(pool)
    .await?;
    let mut lands = Vec::with_capacity(boxes.len());
    for (id, west, south, east, north) in boxes {
        let land = local_land(
            pool,
            (west, south, east, north),
            2.0 * SMALL_MAP_TOLERANCE_M,
        )
        .await?;
        lands.push((id, land));
    }
    Ok(lands)
}

/// The land, simplified to `tolerance_m`, and the roads and streets in a box, cut to it, in
/// metres from its south-west corner (rounded down to a metre), y down as SVG has it.
async fn local_land(
    pool: &PgPool,
    (west, south, east, north): Box3011,
    tolerance_m: f64,
) -> Result<LocalLand, sqlx::Error> {
    let origin = (west.floor(), south.floor());
    let svg_path: String = sqlx::query_scalar(
        "WITH b AS (SELECT ST_MakeEnvelope($1, $2, $3, $4, 3011) AS box)
         SELECT coalesce(ST_AsSVG(ST_Translate(ST_CollectionExtract(ST_Collect(
                    ST_Intersection(ST_SimplifyPreserveTopology(l.geom, $5), b.box)), 3),
                    -$6, -$7), 0, 1), '')
           FROM b LEFT JOIN land l ON l.geom && b.box
          GROUP BY b.box",
    )
    .bind(west)
    .bind(south)
    .bind(east)
    .bind(north)
    .bind(tolerance_m)
    .bind(origin.0)
    .bind(origin.1)
    .fetch_one(pool)
    .await?;
    let lines = lines_in_box(pool, 3011, (west, south, east, north), origin).await?;
    Ok(LocalLand {
        origin,
        svg_path,
        lines,
    })
}

/// One XYZ tile of the land layer as SVG path data in the tile's own units (0 to
/// [`LAND_TILE_UNITS`], y down): all land, and the part of it inside the municipality.
/// Simplified to a tile unit and cut to the tile with a margin of [`LAND_TILE_BLEED`] units
/// and one more, so the tile can be drawn overlapping its neighbours.
pub async fn land_tile(pool: &PgPool, z: u32, x: u32, y: u32) -> Result<LandTile, sqlx::Error> {
    let (land, municipality): (String, String) = sqlx::query_as(
        "WITH tile AS (
             SELECT env, (ST_XMax(env) - ST_XMin(env)) / $4 AS unit
               FROM ST_TileEnvelope($1, $2, $3) AS env
         ), area AS (SELECT env, unit, ST_Expand(env, $5 * unit) AS wide FROM tile),
         land_cut AS (
             SELECT ST_CollectionExtract(ST_Collect(ST_AsMVTGeom(ST_Simplify(l.geom_web, a.unit), a.env, $4, $5, true)), 3) AS g
               FROM area a JOIN land l ON l.geom_web && a.wide
         ), municipality_cut AS (
             SELECT ST_CollectionExtract(ST_Collect(ST_AsMVTGeom(ST_Simplify(m.geom_web, a.unit), a.env, $4, $5, true)), 3) AS g
               FROM area a JOIN municipality m ON m.geom_web && a.wide
         )
         -- The land outside the municipality without the municipality's part: two layers
         -- that overlap are both cut by the picture's edge, and the lower one would show
         -- through there as a hairline where tiles meet.
         SELECT
             coalesce(ST_AsSVG(ST_Scale(CASE WHEN m.g IS NULL OR ST_IsEmpty(m.g) THEN l.g
                                             ELSE ST_CollectionExtract(ST_Difference(ST_MakeValid(l.g), ST_MakeValid(m.g)), 3)
                                        END, 1, -1), 0, 0), ''),
             coalesce(ST_AsSVG(ST_Scale(m.g, 1, -1), 0, 0), '')
           FROM land_cut l, municipality_cut m",
    )
    .bind(z as i32)
    .bind(x as i32)
    .bind(y as i32)
    .bind(LAND_TILE_UNITS as i32)
    .bind(LAND_TILE_BLEED as i32 + 1)
    .fetch_one(pool)
    .await?;
    Ok(LandTile { land, municipality })
}

/// A land tile's two layers as SVG path data (empty when the tile is all sea).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LandTile {
    pub land: String,
    pub municipality: String,
}

/// The main roads and streets in a small map's view, cut to it widened by its own size on
/// every side (a picture may show more than the view asks, as for the land).
pub async fn lines_in_view(pool: &PgPool, view: ViewBox) -> Result<Vec<StreetView>, sqlx::Error> {
    let margin = view.width.max(view.height);
    let (west, north) = (view.x - margin, -view.y + margin);
    let (east, south) = (
        view.x + view.width + margin,
        -(view.y + view.height) - margin,
    );
    lines_in_box(pool, 3857, (west, south, east, north), (0.0, 0.0)).await
}

/// The main roads (named by their sign, "E18", "76") and streets in a box (`srid` metres: west,
/// south, east, north), cut to it, in metres from `origin`, y down as SVG has it, each with
/// places for its name along its longest stretch there, turned along it: the middle first,
/// then outwards, so that a map showing part of the box finds one in view.
async fn lines_in_box(
    pool: &PgPool,
    srid: i32,
    (west, south, east, north): (f64, f64, f64, f64),
    origin: (f64, f64),
) -> Result<Vec<StreetView>, sqlx::Error> {
    sqlx::query_as(
        "WITH frame AS (SELECT ST_MakeEnvelope($1, $2, $3, $4, $5) AS box),
              cut AS (
                  SELECT road_sign(r.road_number) AS name, true AS main_road,
                         ST_Intersection(ST_Transform(r.geom, $5), f.box) AS geom
                    FROM roads r, frame f WHERE ST_Transform(r.geom, $5) && f.box
                  UNION ALL
                  SELECT s.name, false, ST_Intersection(ST_Transform(s.geom, $5), f.box)
                    FROM streets s, frame f WHERE ST_Transform(s.geom, $5) && f.box
              ),
              moved AS (
                  SELECT row_number() OVER () AS id, name, main_road,
                         ST_Translate(geom, -$6, -$7) AS geom
                    FROM cut
              )
         SELECT c.name, c.main_road, ST_AsSVG(c.geom, 0, 1) AS svg_path,
                array_agg(ST_X(p.point) ORDER BY p.rank) AS label_x,
                array_agg(-ST_Y(p.point) ORDER BY p.rank) AS label_y,
                array_agg(p.angle ORDER BY p.rank) AS label_angle
           FROM moved c
           CROSS JOIN LATERAL (
                SELECT d.geom FROM ST_Dump(ST_LineMerge(ST_CollectionExtract(c.geom, 2))) AS d
                 ORDER BY ST_Length(d.geom) DESC LIMIT 1
           ) longest
           CROSS JOIN LATERAL (
                SELECT f.rank, ST_LineInterpolatePoint(longest.geom, f.at) AS point,
                       degrees(atan2(-(ST_Y(ST_EndPoint(m.geom)) - ST_Y(ST_StartPoint(m.geom))),
                                     ST_X(ST_EndPoint(m.geom)) - ST_X(ST_StartPoint(m.geom)))) AS angle
                  FROM (VALUES (0.5, 1), (0.3, 2), (0.7, 3), (0.15, 4), (0.85, 5), (0.05, 6), (0.95, 7))
                       AS f(at, rank)
                 CROSS JOIN LATERAL (SELECT ST_LineSubstring(longest.geom, f.at - 0.04, f.at + 0.04) AS geom) m
           ) p
          GROUP BY c.id, c.name, c.main_road, c.geom
          ORDER BY c.main_road DESC, c.name",
    )
    .bind(west)
    .bind(south)
    .bind(east)
    .bind(north)
    .bind(srid)
    .bind(origin.0)
    .bind(origin.1)
    .fetch_all(pool)
    .await
}

/// The land in a view (map coordinates), simplified to `tolerance_m`, as one SVG path in map
/// coordinates: what a small map or a preview picture draws under its plots. The view is
/// widened by its own size on every side, since a picture may show more than the view asks.
pub async fn land_in_view(
    pool: &PgPool,
    view: ViewBox,
    tolerance_m: f64,
) -> Result<String, sqlx::Error> {
    sqlx::query_scalar(
        "WITH frame AS (SELECT ST_Expand(ST_MakeEnvelope($1, $2, $3, $4, 3857), greatest($3 - $1, $4 - $2)) AS box)
         SELECT coalesce(ST_AsSVG(ST_CollectionExtract(ST_Collect(
                    ST_Intersection(ST_SimplifyPreserveTopology(l.geom_web, $5), f.box)), 3), 0, 1), '')
           FROM land l, frame f
          WHERE l.geom_web && f.box",
    )
    .bind(view.x)
    .bind(-(view.y + view.height))
    .bind(view.x + view.width)
    .bind(-view.y)
    .bind(tolerance_m)
    .fetch_one(pool)
    .await
}
