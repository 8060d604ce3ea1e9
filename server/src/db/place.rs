//! What the map says of one place: one point query over the published land use, plans, future
//! areas and plots, the riksintressen and the shores.

use markkartan_app::domain::{
    Contact, FutureAreaHere, LandUse, LandUseCategory, LandUseHere, NEAREST_PLOTS,
    NationalInterestHere, NationalInterestKind, NearbyPlot, NeighbourPlot, PlacePoint, PlaceReport,
    PlanHere, PlanStage, ShoreProtectionHere, SmallMap, WrittenText,
};
use serde::Deserialize;
use sqlx::{PgPool, types::Json};

/// Shore protection's distance where no decision extends it (7 kap. 14 § miljöbalken).
pub const SHORE_PROTECTION_M: i32 = 100;

#[derive(Deserialize)]
struct Texts {
    sv: String,
    en: String,
}

impl From<Texts> for WrittenText {
    fn from(t: Texts) -> WrittenText {
        WrittenText { sv: t.sv, en: t.en }
    }
}

#[derive(Deserialize)]
struct LandUseJson {
    id: i64,
    name: String,
    category: LandUseCategory,
    description: Texts,
    documents_url: String,
}

#[derive(Deserialize)]
struct PlanJson {
    id: i64,
    plan_id: String,
    name: String,
    stage: PlanStage,
    permitted_uses: Vec<String>,
    building_rights: Texts,
    shore_protection_lifted: bool,
}

#[derive(Deserialize)]
struct InterestJson {
    name: String,
    kind: NationalInterestKind,
    description: Texts,
    documents_url: String,
}

#[derive(Deserialize)]
struct ShoreJson {
    distance_m: f64,
    lake: bool,
    zone_m: i32,
    extension: Option<String>,
}

#[derive(Deserialize)]
struct AreaJson {
    id: i64,
    name: String,
    intended_use: Texts,
    horizon_from_year: i16,
    horizon_to_year: i16,
}

#[derive(Deserialize)]
struct ContactJson {
    name: String,
    title: Texts,
    phone: String,
    email: String,
}

#[derive(sqlx::FromRow)]
struct PlaceRow {
    in_municipality: bool,
    near_locality: Option<String>,
    land_use: Option<Json<LandUseJson>>,
    plans: Json<Vec<PlanJson>>,
    interests: Json<Vec<InterestJson>>,
    shore: Option<Json<ShoreJson>>,
    future_area: Option<Json<AreaJson>>,
    plots: Json<Vec<NearbyPlot>>,
    contact: Option<Json<ContactJson>>,
}

/// Everything published that applies at the point, in one statement. Outside the
/// municipality's border only that is said.
pub async fn at(pool: &PgPool, point: PlacePoint) -> Result<PlaceReport, sqlx::Error> {
    let row: PlaceRow = sqlx::query_as(
        "WITH p AS (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($2, $1), 4326), 3011) AS g),
         inside AS (SELECT EXISTS (SELECT 1 FROM municipality m, p WHERE ST_Intersects(m.border, p.g)) AS yes),
         plans AS (
             SELECT d.id, d.plan_id, d.name, d.stage, d.permitted_uses, d.building_rights,
                    d.building_rights_en, d.shore_protection_lifted, d.contact_person_id
               FROM published_plans d, p, inside
              WHERE inside.yes AND ST_Intersects(d.geom, p.g)
              ORDER BY d.stage = 'laga_kraft' DESC, d.stage = 'upphavd', d.id
         ),
         shore AS (
             SELECT s.water, ST_Distance(s.geom, p.g) AS distance_m
               FROM shorelines s, p, inside
              WHERE inside.yes AND ST_DWithin(s.geom, p.g, 300)
              ORDER BY ST_Distance(s.geom, p.g) LIMIT 1
         ),
         extension AS (
             SELECT e.name, e.distance_m, e.decision
               FROM shore_protection_extensions e, p
              WHERE ST_Intersects(e.geom, p.g)
              ORDER BY e.distance_m DESC LIMIT 1
         ),
         nearest AS (
             SELECT pl.id, pl.designation, a.name AS business_area, pl.status,
                    ST_Area(pl.geom) AS area_m2, ST_Distance(pl.geom, p.g) AS distance_m
               FROM plots pl JOIN business_areas a ON a.id = pl.business_area_id, p, inside
              WHERE inside.yes AND pl.published AND pl.status = 'available'
              ORDER BY pl.geom <-> p.g LIMIT $3
         )
         SELECT inside.yes AS in_municipality,
                (SELECT l.name FROM localities l, p WHERE ST_DWithin(l.geom, p.g, 25000)
                  ORDER BY l.geom <-> p.g LIMIT 1) AS near_locality,
                (SELECT json_build_object('id', u.id, 'name', u.name, 'category', u.category,
                            'description', json_build_object('sv', u.description, 'en', u.description_en),
                            'documents_url', u.documents_url)
                   FROM published_land_use u, p WHERE inside.yes AND ST_Intersects(u.geom, p.g)
                  ORDER BY u.id LIMIT 1) AS land_use,
                (SELECT coalesce(json_agg(json_build_object('id', id, 'plan_id', plan_id,
                            'name', name, 'stage', stage, 'permitted_uses', permitted_uses,
                            'building_rights', json_build_object('sv', building_rights, 'en', building_rights_en),
                            'shore_protection_lifted', shore_protection_lifted)), '[]')
                   FROM plans) AS plans,
                (SELECT coalesce(json_agg(json_build_object('name', n.name, 'kind', n.kind,
                            'description', json_build_object('sv', n.description, 'en', n.description_en),
                            'documents_url', n.documents_url) ORDER BY n.kind, n.name), '[]')
                   FROM national_interests n, p WHERE inside.yes AND ST_Intersects(n.geom, p.g)) AS interests,
                (SELECT json_build_object('distance_m', s.distance_m, 'lake', s.water = 'lake',
                            'zone_m', coalesce(e.distance_m, $4), 'extension', e.decision)
                   FROM shore s LEFT JOIN extension e ON true
                  WHERE s.distance_m <= coalesce(e.distance_m, $4)) AS shore,
                (SELECT json_build_object('id', f.id, 'name', f.name,
                            'intended_use', json_build_object('sv', f.intended_use, 'en', f.intended_use_en),
                            'horizon_from_year', f.horizon_from_year, 'horizon_to_year', f.horizon_to_year)
                   FROM published_future_areas f, p WHERE inside.yes AND ST_Intersects(f.geom, p.g)
                  ORDER BY f.id LIMIT 1) AS future_area,
                (SELECT coalesce(json_agg(n ORDER BY n.distance_m), '[]') FROM nearest n) AS plots,
                (SELECT json_build_object('name', c.name,
                            'title', json_build_object('sv', c.title, 'en', c.title_en),
                            'phone', c.phone, 'email', c.email)
                   FROM contact_persons c
                  WHERE c.id = (SELECT contact_person_id FROM plans WHERE contact_person_id IS NOT NULL LIMIT 1)
                     OR (c.answers_place_questions AND NOT EXISTS
                            (SELECT 1 FROM plans WHERE contact_person_id IS NOT NULL))
                  ORDER BY c.id LIMIT 1) AS contact
           FROM inside",
    )
    .bind(point.lat)
    .bind(point.lon)
    .bind(NEAREST_PLOTS)
    .bind(SHORE_PROTECTION_M)
    .fetch_one(pool)
    .await?;

    let plans: Vec<PlanHere> = row
        .plans
        .0
        .into_iter()
        .map(|p| PlanHere {
            id: p.id,
            plan_id: p.plan_id,
            name: p.name,
            stage: p.stage,
            permitted_uses: p
                .permitted_uses
                .iter()
                .filter_map(|c| LandUse::from_code(c))
                .collect(),
            building_rights: p.building_rights.into(),
            shore_protection_lifted: p.shore_protection_lifted,
        })
        .collect();
    let shore_protection = row.shore.map(|Json(s)| ShoreProtectionHere {
        distance_m: s.distance_m,
        lake: s.lake,
        zone_m: s.zone_m,
        extension: s.extension,
        lifted_by: plans
            .iter()
            .find(|p| p.shore_protection_lifted && p.in_force())
            .map(|p| p.name.clone()),
        proposed_lift_by: plans
            .iter()
            .find(|p| p.shore_protection_lifted && p.on_its_way())
            .map(|p| p.name.clone()),
    });
    Ok(PlaceReport {
        point,
        in_municipality: row.in_municipality,
        near_locality: row.near_locality,
        land_use: row.land_use.map(|Json(u)| LandUseHere {
            id: u.id,
            name: u.name,
            category: u.category,
            description: u.description.into(),
            documents_url: u.documents_url,
        }),
        plans,
        national_interests: row
            .interests
            .0
            .into_iter()
            .map(|n| NationalInterestHere {
                name: n.name,
                kind: n.kind,
                description: n.description.into(),
                documents_url: n.documents_url,
            })
            .collect(),
        shore_protection,
        future_area: row.future_area.map(|Json(f)| FutureAreaHere {
            id: f.id,
            name: f.name,
            intended_use: f.intended_use.into(),
            horizon_from_year: f.horizon_from_year,
            horizon_to_year: f.horizon_to_year,
        }),
        nearest_plots: row.plots.0,
        contact: row.contact.map(|Json(c)| Contact {
            name: c.name,
            title: c.title.into(),
            phone: c.phone,
            email: c.email,
        }),
        map: None,
    })
}

/// The layers over the land that the map draws as tiles, each a set of shapes by kind.
/// One kind's shapes in an overlay tile.
#[derive(sqlx::FromRow)]
pub struct OverlayShapes {
    pub kind: String,
    pub area: String,
    pub outline: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverlayLayer {
    /// The översiktsplan's land use, by category.
    LandUse,
    /// Riksintressen, by kind.
    NationalInterests,
}

impl OverlayLayer {
    /// The layer's name in the database's announcements of changes (migration 0038) and in
    /// the tile cache's keys.
    pub fn name(self) -> &'static str {
        match self {
            Self::LandUse => "land-use",
            Self::NationalInterests => "national-interests",
        }
    }
}

/// One XYZ tile of an overlay: per kind, its areas and their outlines as SVG path data in the
/// tile's units (y down), simplified to a tile unit and cut to the tile with the land tiles'
/// margin, so neighbours overlap. The outlines are the shapes' own edges, never the cut: a
/// stroked area would draw the tile's edge.
pub async fn overlay_tile(
    pool: &PgPool,
    layer: OverlayLayer,
    z: u32,
    x: u32,
    y: u32,
) -> Result<Vec<OverlayShapes>, sqlx::Error> {
    // Table and column come from this enum, never from input.
    let (table, kind) = match layer {
        OverlayLayer::LandUse => ("published_land_use", "category"),
        OverlayLayer::NationalInterests => ("national_interests", "kind"),
    };
    sqlx::query_as(&format!(
        "WITH tile AS (
             SELECT env, (ST_XMax(env) - ST_XMin(env)) / $4 AS unit
               FROM ST_TileEnvelope($1, $2, $3) AS env
         ), area AS (SELECT env, unit, ST_Expand(env, $5 * unit) AS wide FROM tile),
         simplified AS (
             SELECT s.{kind}::text AS kind, ST_Simplify(s.geom_web, a.unit) AS g, a.env
               FROM area a JOIN {table} s ON s.geom_web && a.wide
         ), cut AS (
             SELECT kind,
                    ST_CollectionExtract(ST_Collect(ST_AsMVTGeom(g, env, $4, $5, true)), 3) AS area,
                    ST_CollectionExtract(ST_Collect(ST_AsMVTGeom(ST_Boundary(g), env, $4, $5, true)), 2) AS outline
               FROM simplified GROUP BY kind
         )
         SELECT kind, ST_AsSVG(ST_Scale(area, 1, -1), 0, 0) AS area,
                coalesce(ST_AsSVG(ST_Scale(outline, 1, -1), 0, 0), '') AS outline
           FROM cut WHERE area IS NOT NULL AND NOT ST_IsEmpty(area) ORDER BY kind"
    ))
    .bind(z as i32)
    .bind(x as i32)
    .bind(y as i32)
    .bind(markkartan_app::domain::LAND_TILE_UNITS as i32)
    .bind(markkartan_app::domain::LAND_TILE_BLEED as i32 + 1)
    .fetch_all(pool)
    .await
}

/// A small map around a place (as the fact sheet's is around a plot): the place marked by a
/// circle, the published plots around it in their status colours, the land, roads and streets.
pub async fn small_map(pool: &PgPool, point: PlacePoint) -> Result<SmallMap, sqlx::Error> {
    // About 2 km across at Norrtälje's latitude (Web Mercator stretches it twice): the plots
    // and roads around the place, not only the place.
    const HALF_WIDTH: f64 = 2_000.0;
    const HALF_HEIGHT: f64 = 1_250.0;
    const MARKER_RADIUS: f64 = 80.0;
    let (marker, x, y): (String, f64, f64) = sqlx::query_as(
        "SELECT ST_AsSVG(ST_Buffer(g, $3), 0, 0), ST_X(g), ST_Y(g)
           FROM ST_Transform(ST_SetSRID(ST_MakePoint($2, $1), 4326), 3857) AS g",
    )
    .bind(point.lat)
    .bind(point.lon)
    .bind(MARKER_RADIUS)
    .fetch_one(pool)
    .await?;
    let view = super::context::view_box(
        x - HALF_WIDTH,
        y - HALF_HEIGHT,
        x + HALF_WIDTH,
        y + HALF_HEIGHT,
    );
    let neighbours: Vec<NeighbourPlot> = sqlx::query_as(
        "SELECT n.status, ST_AsSVG(ST_Transform(n.geom, 3857), 0, 0) AS svg_path
           FROM plots n
          WHERE n.published
            AND ST_Intersects(ST_Transform(n.geom, 3857), ST_MakeEnvelope($1, $2, $3, $4, 3857))
          ORDER BY n.id",
    )
    .bind(x - 2.0 * HALF_WIDTH)
    .bind(y - 2.0 * HALF_HEIGHT)
    .bind(x + 2.0 * HALF_WIDTH)
    .bind(y + 2.0 * HALF_HEIGHT)
    .fetch_all(pool)
    .await?;
    let land_svg_path =
        super::context::land_in_view(pool, view, super::context::SMALL_MAP_TOLERANCE_M).await?;
    let lines = super::context::lines_in_view(pool, view).await?;
    Ok(SmallMap {
        plot_svg_path: marker,
        neighbours,
        land_svg_path,
        lines,
        view,
    })
}
