//! The collections OGC API – Features serves (`/ogc`), each a curated view of what the public
//! pages show: its fields are chosen here, never a table published whole (no internal notes,
//! holders, drafts or personal data), and it reads only the public views. Every collection is
//! one `SELECT` of `id`, `geom` (EPSG:3011), `updated`, `version` (a plot's, which its ETag
//! carries and a write must match; NULL elsewhere) and its properties, listed once: as one JSON
//! object for the items, as columns for the vector tiles. The queries below wrap it with the
//! request's bounding box and page, or tile, all bound as parameters.

use markkartan_app::domain::Lang;
use sqlx::PgPool;

use super::ogc_filter::{Bind, Condition, Kind::*, Queryable};

/// One collection: its id in the URL, its names and the query that makes its features. `$1` in
/// `select` is the site's origin (for links to the public pages).
pub struct Source {
    pub id: &'static str,
    /// Its name in Swedish, the name the municipality uses (and the API's default).
    pub title: &'static str,
    /// What it holds, in English.
    pub description: &'static str,
    pub title_en: &'static str,
    pub description_sv: &'static str,
    /// The properties a filter may name (CQL2 or, for a text, `?status=available`).
    pub queryables: &'static [Queryable],
    /// Whether it is also served as vector tiles (OGC API – Tiles); its `row` then has the
    /// outline in Web Mercator as `web_geom`.
    pub tiles: bool,
    /// A row's own columns: `id`, `geom`, `web_geom` (tiled collections), `updated`, `version`.
    row: &'static str,
    /// What a feature says about itself, in the order the documents list it.
    properties: &'static [Property],
    /// Where the rows come from (`FROM`, joins, `WHERE`, `GROUP BY`).
    from: &'static str,
}

/// One property of a collection's features: its name and the SQL that gives its value. The
/// same list makes the items' JSON object and the vector tiles' columns, so both always carry
/// the same properties.
pub struct Property {
    pub name: &'static str,
    sql: &'static str,
    kind: PropertyKind,
}

/// How a property is carried where only scalars fit (a vector tile's values, which PostGIS
/// writes from text, numbers and booleans, else from the type's text form).
#[derive(Clone, Copy)]
enum PropertyKind {
    /// Carried as it is: a text, number, boolean, date or enum.
    Value,
    /// A list of texts: a JSON array in the items, joined by commas in a tile.
    List,
    /// An instant: in a tile the same ISO 8601 text as the items' JSON.
    Instant,
}

const fn value(name: &'static str, sql: &'static str) -> Property {
    Property {
        name,
        sql,
        kind: PropertyKind::Value,
    }
}

const fn list(name: &'static str, sql: &'static str) -> Property {
    Property {
        name,
        sql,
        kind: PropertyKind::List,
    }
}

const fn instant(name: &'static str, sql: &'static str) -> Property {
    Property {
        name,
        sql,
        kind: PropertyKind::Instant,
    }
}

/// Every collection, in the order `/ogc/collections` lists them.
pub static SOURCES: &[Source] = &[
    Source {
        id: "plots",
        title: "Tomter för verksamheter",
        description: "Published plots of land for business (verksamhetsmark) with every fact their fact sheet shows, and the fact sheet's address.",
        title_en: "Plots for business",
        description_sv: "Publicerade tomter för verksamheter (verksamhetsmark) med alla uppgifter som deras faktablad visar, och faktabladets adress.",
        queryables: &[
            ("designation", Text),
            ("property_designation", Text),
            ("business_area", Text),
            ("locality", Text),
            ("status", Text),
            ("reserved_until", Date),
            ("area_m2", Number),
            ("price_sek_per_m2", Number),
            ("max_site_coverage_percent", Number),
            ("max_building_height_m", Number),
            ("water_sewage", Text),
            ("electrical_capacity_kw", Number),
            ("district_heating", Boolean),
            ("fiber", Boolean),
            ("description", Text),
            ("description_en", Text),
            ("updated_at", Instant),
        ],
        tiles: true,
        row: "p.id, p.geom, p.web_geom, p.updated_at AS updated, p.version",
        properties: &[
            value("designation", "p.designation"),
            value("property_designation", "p.property_designation"),
            value("business_area", "a.name"),
            value("locality", "l.name"),
            value("status", "p.status"),
            value("reserved_until", "p.reserved_until"),
            value("area_m2", "round(p.area_m2::numeric, 1)::float8"),
            value("price_sek_per_m2", "p.price_sek_per_m2"),
            list("permitted_uses", "p.permitted_uses"),
            value("max_site_coverage_percent", "p.max_site_coverage_percent"),
            value("max_building_height_m", "p.max_building_height_m"),
            value("water_sewage", "p.water_sewage"),
            value("electrical_capacity_kw", "p.electrical_capacity_kw"),
            value("district_heating", "p.district_heating"),
            value("fiber", "p.fiber"),
            value("description", "p.public_description"),
            value("description_en", "p.public_description_en"),
            instant("updated_at", "p.updated_at"),
            value("fact_sheet", "$1 || '/tomt/' || p.id"),
        ],
        // Every plot has an area and every area a locality (NOT NULL, foreign keys), so these
        // are inner joins in effect; written as left joins, PostgreSQL leaves them out of a
        // query that reads neither name (the items' count of what a box holds).
        from: "FROM plots p
                 LEFT JOIN business_areas a ON a.id = p.business_area_id
                 LEFT JOIN localities l ON l.id = a.locality_id
                WHERE p.published",
    },
    Source {
        id: "business-areas",
        title: "Verksamhetsområden",
        description: "Business areas, each outlined by the hull of its published plots, with how many of them are available.",
        title_en: "Business areas",
        description_sv: "Verksamhetsområden, vart och ett avgränsat av höljet kring dess publicerade tomter, med hur många av dem som är lediga.",
        queryables: &[
            ("name", Text),
            ("locality", Text),
            ("description", Text),
            ("plots", Integer),
            ("available_plots", Integer),
        ],
        tiles: true,
        row: "a.id, ST_ConvexHull(ST_Collect(p.geom)) AS geom,
              ST_ConvexHull(ST_Collect(p.web_geom)) AS web_geom,
              max(greatest(a.updated_at, p.updated_at)) AS updated, NULL::int AS version",
        properties: &[
            value("name", "a.name"),
            value("locality", "min(l.name)"),
            value("description", "a.description"),
            value("plots", "count(*)"),
            value(
                "available_plots",
                "count(*) FILTER (WHERE p.status = 'available')",
            ),
        ],
        from: "FROM business_areas a
                 JOIN localities l ON l.id = a.locality_id
                 JOIN plots p ON p.business_area_id = a.id AND p.published
                GROUP BY a.id",
    },
    Source {
        id: "detailed-plans",
        title: "Detaljplaner",
        description: "Published detaljplaner: in force, on their way (planbesked, samråd, granskning, antagen) or repealed, with their permitted uses and building rights.",
        title_en: "Detailed development plans (detaljplaner)",
        description_sv: "Publicerade detaljplaner: gällande, på väg (planbesked, samråd, granskning, antagen) eller upphävda, med tillåten användning och byggrätt.",
        queryables: &[
            ("plan_id", Text),
            ("name", Text),
            ("stage", Text),
            ("purpose", Text),
            ("building_rights", Text),
            ("shore_protection_lifted", Boolean),
            ("description", Text),
            ("updated_at", Instant),
        ],
        tiles: true,
        row: "d.id, d.geom, d.web_geom, d.updated_at AS updated, NULL::int AS version",
        properties: &[
            value("plan_id", "d.plan_id"),
            value("name", "d.name"),
            value("stage", "d.stage"),
            list("permitted_uses", "d.permitted_uses"),
            value("purpose", "d.purpose"),
            value("building_rights", "d.building_rights"),
            value("shore_protection_lifted", "d.shore_protection_lifted"),
            value("description", "d.description"),
            value("documents_url", "nullif(d.documents_url, '')"),
            instant("updated_at", "d.updated_at"),
            value("page", "$1 || '/plan/' || d.id"),
        ],
        from: "FROM published_plans d",
    },
    Source {
        id: "future-areas",
        title: "Framtida områden",
        description: "The översiktsplan's future development areas with their intended use and time horizon.",
        title_en: "Future development areas",
        description_sv: "Översiktsplanens framtida utvecklingsområden med avsedd användning och tidshorisont.",
        queryables: &[
            ("name", Text),
            ("land_use", Text),
            ("intended_use", Text),
            ("horizon_from_year", Integer),
            ("horizon_to_year", Integer),
            ("description", Text),
            ("updated_at", Instant),
        ],
        tiles: true,
        row: "f.id, f.geom, f.web_geom, f.updated_at AS updated, NULL::int AS version",
        properties: &[
            value("name", "f.name"),
            value("land_use", "f.land_use"),
            value("intended_use", "f.intended_use"),
            value("horizon_from_year", "f.horizon_from_year"),
            value("horizon_to_year", "f.horizon_to_year"),
            value("description", "f.description"),
            instant("updated_at", "f.updated_at"),
            value("page", "$1 || '/framtida-omrade/' || f.id"),
        ],
        from: "FROM published_future_areas f",
    },
    Source {
        id: "land-use",
        title: "Markanvändning i översiktsplanen",
        description: "The översiktsplan's land use: one designation for every place in the municipality, water included.",
        title_en: "Land use in the comprehensive plan",
        description_sv: "Översiktsplanens markanvändning: en användning för varje plats i kommunen, vattnet medräknat.",
        queryables: &[
            ("name", Text),
            ("category", Text),
            ("description", Text),
            ("updated_at", Instant),
        ],
        tiles: false,
        row: "u.id, u.geom, u.updated_at AS updated, NULL::int AS version",
        properties: &[
            value("name", "u.name"),
            value("category", "u.category"),
            value("description", "u.description"),
            value("documents_url", "nullif(u.documents_url, '')"),
            instant("updated_at", "u.updated_at"),
            value("page", "$1 || '/markanvandning/' || u.id"),
        ],
        from: "FROM published_land_use u",
    },
    Source {
        id: "localities",
        title: "Orter",
        description: "The municipality's towns and villages.",
        title_en: "Towns and villages",
        description_sv: "Kommunens tätorter och byar.",
        queryables: &[("name", Text)],
        tiles: false,
        row: "l.id, l.geom, NULL::timestamptz AS updated, NULL::int AS version",
        properties: &[value("name", "l.name")],
        from: "FROM localities l",
    },
    Source {
        id: "main-roads",
        title: "Huvudvägar",
        description: "European and national roads through the municipality, by number.",
        title_en: "Main roads",
        description_sv: "Europavägar och riksvägar genom kommunen, med nummer.",
        queryables: &[("road_number", Text)],
        tiles: false,
        row: "r.id, r.geom, NULL::timestamptz AS updated, NULL::int AS version",
        properties: &[value("road_number", "r.road_number")],
        from: "FROM roads r",
    },
    Source {
        id: "streets",
        title: "Gator",
        description: "Named streets in the towns with business land.",
        title_en: "Streets",
        description_sv: "Namngivna gator i orterna med verksamhetsmark.",
        queryables: &[("name", Text)],
        tiles: false,
        row: "s.id, s.geom, NULL::timestamptz AS updated, NULL::int AS version",
        properties: &[value("name", "s.name")],
        from: "FROM streets s",
    },
    Source {
        id: "municipality",
        title: "Kommunen",
        description: "Norrtälje kommun's outline, water included.",
        title_en: "The municipality",
        description_sv: "Norrtälje kommuns gräns, vattnet medräknat.",
        queryables: &[("code", Text), ("name", Text)],
        tiles: false,
        row: "row_number() OVER ()::bigint AS id, m.border AS geom,
              NULL::timestamptz AS updated, NULL::int AS version",
        properties: &[value("code", "m.code"), value("name", "m.name")],
        from: "FROM municipality m",
    },
];

impl Source {
    pub fn title_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Sv => self.title,
            Lang::En => self.title_en,
        }
    }

    pub fn description_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Sv => self.description_sv,
            Lang::En => self.description,
        }
    }
    /// The collection's rows with their properties as one JSON object, `properties`: what the
    /// items, an item and the extent read (and what a CQL2 filter names, `c.properties`).
    /// `json`, not `jsonb`: a page writes it out as text, and PostgreSQL builds `json` about
    /// twice as fast (about 18 µs a plot against 35), in the order the properties are listed.
    fn select(&self) -> String {
        let object = self
            .properties
            .iter()
            .map(|p| format!("'{}', {}", p.name, p.sql))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "SELECT {row}, json_build_object({object}) AS properties {from}",
            row = self.row,
            from = self.from
        )
    }

    /// The names of its features' properties, in order.
    pub fn property_names(&self) -> impl Iterator<Item = &'static str> {
        self.properties.iter().map(|p| p.name)
    }

    /// The collection's rows with each property as a column of its name, as a vector tile
    /// carries it. PostGIS writes a tile's values from columns several times faster than it
    /// takes a JSON object apart.
    pub fn select_columns(&self) -> String {
        let columns = self
            .properties
            .iter()
            .map(|p| {
                let sql = match p.kind {
                    PropertyKind::Value => p.sql.to_string(),
                    PropertyKind::List => format!("array_to_string({}, ',')", p.sql),
                    PropertyKind::Instant => format!("to_jsonb({}) #>> '{{}}'", p.sql),
                };
                format!("{sql} AS \"{}\"", p.name)
            })
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "SELECT {row}, {columns} {from}",
            row = self.row,
            from = self.from
        )
    }

    /// The query [`tile`] sends for this collection: `$1` the origin, `$2`–`$4` the tile's
    /// zoom, column and row, `$5` the simplification tolerance, `$6` the layer's name.
    pub fn tile_sql(&self) -> String {
        let columns: String = self
            .properties
            .iter()
            .map(|p| format!("c.\"{}\", ", p.name))
            .collect();
        format!(
            "WITH c AS ({select}),
                  bounds AS (
                      SELECT ST_TileEnvelope($2, $3, $4) AS b,
                             ST_TileEnvelope($2, $3, $4, margin => {margin}) AS m
                  ),
                  features AS MATERIALIZED (
                      SELECT c.id, {columns}
                             ST_AsMVTGeom(ST_Simplify(c.web_geom, $5, true),
                                          bounds.b, {TILE_EXTENT}, {TILE_BUFFER}, true) AS geom
                        FROM c, bounds
                       WHERE c.web_geom && bounds.m
                  )
             SELECT coalesce(
                 (SELECT ST_AsMVT(features.*, $6, {TILE_EXTENT}, 'geom', 'id' ORDER BY id)
                    FROM features WHERE geom IS NOT NULL),
                 ''::bytea)",
            select = self.select_columns(),
            margin = f64::from(TILE_BUFFER) / f64::from(TILE_EXTENT),
        )
    }
}

pub fn source(id: &str) -> Option<&'static Source> {
    SOURCES.iter().find(|s| s.id == id)
}

/// A collection's extent: (west, south, east, north) in CRS84, and the last change.
pub struct Extent {
    pub bbox: Option<[f64; 4]>,
    pub updated: Option<chrono::DateTime<chrono::Utc>>,
}

pub async fn extent(pool: &PgPool, source: &Source, origin: &str) -> Result<Extent, sqlx::Error> {
    let (bbox, updated): (Option<Vec<f64>>, Option<chrono::DateTime<chrono::Utc>>) =
        sqlx::query_as(&format!(
            "WITH c AS ({select}),
                  e AS (SELECT ST_Transform(ST_SetSRID(ST_Extent(geom), 3011), 4326) AS b,
                               max(updated) AS updated FROM c)
             SELECT CASE WHEN b IS NOT NULL
                         THEN ARRAY[ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)] END,
                    updated
               FROM e",
            select = source.select()
        ))
        .bind(origin)
        .fetch_one(pool)
        .await?;
    Ok(Extent {
        bbox: bbox.and_then(|b| b.try_into().ok()),
        updated,
    })
}

/// A coordinate reference system as PostGIS knows it: its SRID, whether its first axis is
/// the northing or latitude (EPSG's order for 4326, 3006 and 3011; GeoJSON and PostGIS put
/// easting first), and how many decimals are about a centimetre in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Crs {
    pub srid: i32,
    pub northing_first: bool,
    pub decimals: i32,
}

/// What a request for items asks: the features in `bbox` (four numbers in `bbox_crs`'s axis
/// order), `limit` of them after the first `offset`, by id, with coordinates in `crs`.
pub struct Page {
    pub bbox: Option<[f64; 4]>,
    pub bbox_crs: Crs,
    pub limit: i64,
    pub offset: i64,
    pub crs: Crs,
    /// Properties that must have these values (a JSON object of texts), if any.
    pub filters: Option<serde_json::Value>,
    /// The last change within these instants (either end open).
    pub changed: Interval,
    /// A CQL2 filter as SQL, its parameters numbered from [`FIRST_FILTER_PARAMETER`].
    pub filter: Option<Condition>,
}

/// The number of the first parameter a filter's condition may use in [`page_ids`].
pub const FIRST_FILTER_PARAMETER: usize = 13;

/// From and to, either end open.
pub type Interval = (
    Option<chrono::DateTime<chrono::Utc>>,
    Option<chrono::DateTime<chrono::Utc>>,
);

/// The ids of a page's features, in order, and how many features match in all. Only ids
/// are read here: the features themselves come from [`features`], or from what a server kept
/// of them (the text of a feature is most of a page's cost, and a map panning over the same
/// ground asks for the same features again and again).
pub async fn page_ids(
    pool: &PgPool,
    source: &Source,
    origin: &str,
    page: &Page,
) -> Result<(Vec<i64>, i64), sqlx::Error> {
    let bbox = page.bbox.map(|b| b.to_vec());
    let sql = format!(
        // The others are picked by id, and with a box through the spatial index (a condition
        // written only when there is a box, so the plan can use it). `$5`–`$7`, the CRS of the
        // features, are bound but not read here, so that the filters' parameters are numbered
        // the same in every query. The box is made once (`MATERIALIZED`): inlined, a prepared
        // statement's generic plan projected it again for every feature it tested, a third of
        // the query's time.
        "WITH c AS NOT MATERIALIZED ({select}),
              area AS MATERIALIZED (
                  SELECT ST_Transform(CASE WHEN $9::bool THEN ST_FlipCoordinates(e) ELSE e END, 3011) AS b
                    FROM ST_MakeEnvelope(($2::float8[])[1], $2[2], $2[3], $2[4], $8::int) AS e
              ),
              matched AS MATERIALIZED (
                  SELECT c.id FROM c {join_area}
                   WHERE {in_area} AND {properties} AND {since} AND {until} AND {condition}
              )
         SELECT coalesce((SELECT array_agg(id ORDER BY id)
                            FROM (SELECT id FROM matched ORDER BY id LIMIT $3 OFFSET $4) page),
                         '{{}}'),
                (SELECT count(*) FROM matched)",
        select = source.select(),
        join_area = if page.bbox.is_some() { "CROSS JOIN area" } else { "" },
        in_area = when(
            page.bbox.is_some(),
            "c.geom && area.b AND ST_Intersects(c.geom, area.b)"
        ),
        // Each condition is written only when it is asked, as the box's is: a prepared
        // statement's generic plan keeps `$n IS NULL OR …` and with it every plot's properties.
        properties = when(page.filters.is_some(), "c.properties::jsonb @> $10"),
        since = when(page.changed.0.is_some(), "c.updated >= $11"),
        until = when(page.changed.1.is_some(), "c.updated <= $12"),
        condition = page.filter.as_ref().map_or("true", |f| &f.sql),
    );
    let mut query = sqlx::query_as(&sql)
        .bind(origin)
        .bind(bbox)
        .bind(page.limit)
        .bind(page.offset)
        .bind(page.crs.srid)
        .bind(page.crs.northing_first)
        .bind(page.crs.decimals)
        .bind(page.bbox_crs.srid)
        .bind(page.bbox_crs.northing_first)
        .bind(&page.filters)
        .bind(page.changed.0)
        .bind(page.changed.1);
    for value in page.filter.iter().flat_map(|f| &f.binds) {
        query = match value {
            Bind::Text(text) => query.bind(text),
            Bind::Number(n) => query.bind(n),
            Bind::Boolean(b) => query.bind(b),
            Bind::Date(d) => query.bind(d),
            Bind::Instant(t) => query.bind(t),
        };
    }
    query.fetch_one(pool).await
}

/// The features with these ids as GeoJSON in `crs` (to about the centimetre), by id; an id the
/// collection no longer has is left out.
pub async fn features(
    pool: &PgPool,
    source: &Source,
    origin: &str,
    ids: &[i64],
    crs: Crs,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "WITH c AS ({select}) SELECT id, {feature} FROM c WHERE id = ANY($2)",
        select = source.select(),
        feature = feature(3),
    ))
    .bind(origin)
    .bind(ids)
    .bind(crs.srid)
    .bind(crs.northing_first)
    .bind(crs.decimals)
    .fetch_all(pool)
    .await
}

/// `condition` when it applies, else `true`.
fn when(applies: bool, condition: &'static str) -> &'static str {
    if applies { condition } else { "true" }
}

/// One feature as GeoJSON in `crs` and its version (plots), or `None` when the collection has
/// no such item.
pub async fn item(
    pool: &PgPool,
    source: &Source,
    origin: &str,
    id: i64,
    crs: Crs,
) -> Result<Option<(String, Option<i32>)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "WITH c AS ({select}) SELECT {feature}, version FROM c WHERE id = $2",
        select = source.select(),
        feature = feature(3),
    ))
    .bind(origin)
    .bind(id)
    .bind(crs.srid)
    .bind(crs.northing_first)
    .bind(crs.decimals)
    .fetch_optional(pool)
    .await
}

/// A row of a collection as a GeoJSON feature, in the CRS whose SRID is parameter `$n`, its axes
/// swapped when `$n+1` says the CRS puts the northing first, with `$n+2` decimals; outer rings
/// counter-clockwise as RFC 7946 asks. Written as text: PostGIS's GeoJSON and the properties are
/// JSON already, and `json_build_object` would read the geometry's text once more.
fn feature(n: usize) -> String {
    let (srid, flip, decimals) = (n, n + 1, n + 2);
    format!(
        "'{{\"type\":\"Feature\",\"id\":' || id || ',\"geometry\":' || coalesce(ST_AsGeoJSON(
            CASE WHEN ${flip} THEN ST_FlipCoordinates(ST_ForcePolygonCCW(ST_Transform(geom, ${srid})))
                 ELSE ST_ForcePolygonCCW(ST_Transform(geom, ${srid})) END, ${decimals}), 'null')
         || ',\"properties\":' || properties::text || '}}'"
    )
}

/// A geometry a client sent (GeoJSON in `crs`, its axes in that CRS's order) as GeoJSON in the
/// storage CRS, EPSG:3011, to the millimetre; `None` when PostGIS cannot read it.
pub async fn to_storage(
    pool: &PgPool,
    geojson: &str,
    crs: Crs,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT ST_AsGeoJSON(ST_Transform(
                    CASE WHEN $3 THEN ST_FlipCoordinates(g) ELSE g END, 3011), 3)
           FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), $2) AS g) s",
    )
    .bind(geojson)
    .bind(crs.srid)
    .bind(crs.northing_first)
    .fetch_one(pool)
    .await
    .map(Some)
    .or_else(|error| match &error {
        // Not GeoJSON PostGIS can read: the caller refuses it, naming the geometry.
        sqlx::Error::Database(e)
            if e.code()
                .is_some_and(|c| c.starts_with("XX") || c == "22023") =>
        {
            Ok(None)
        }
        _ => Err(error),
    })
}

/// The business area of this name, if there is one.
pub async fn business_area_named(pool: &PgPool, name: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM business_areas WHERE name = $1")
        .bind(name)
        .fetch_optional(pool)
        .await
}

/// The features of a collection in one tile of WebMercatorQuad as a Mapbox Vector Tile (one
/// layer named as the collection, ids kept and in their order, so a tile is the same bytes
/// however PostgreSQL plans it; the GeoJSON's properties as columns), outlines simplified
/// to half a pixel of the zoom; empty when nothing is there. It reads the outlines stored in
/// Web Mercator (`web_geom`, made when they are written) through their index: nothing is
/// transformed on a request, and ten times less time goes into a detaljplaner tile at zoom 10.
pub async fn tile(
    pool: &PgPool,
    source: &Source,
    origin: &str,
    (z, x, y): (u32, u32, u32),
) -> Result<Vec<u8>, sqlx::Error> {
    sqlx::query_scalar(&source.tile_sql())
        .bind(origin)
        .bind(z as i32)
        .bind(x as i32)
        .bind(y as i32)
        .bind(tile_tolerance(z))
        .bind(source.id)
        .fetch_one(pool)
        .await
}

/// The tolerance [`tile`] simplifies outlines to at zoom `z`: half a pixel of a 4096-unit
/// tile, in Web Mercator's units.
pub fn tile_tolerance(z: u32) -> f64 {
    WEB_MERCATOR_WIDTH / 2f64.powi(z as i32) / f64::from(TILE_EXTENT) * 0.5
}

/// The width of the Web Mercator world in its own units (WebMercatorQuad's zoom 0 tile).
const WEB_MERCATOR_WIDTH: f64 = 40_075_016.685_578_5;

/// A vector tile's own units across, and how far past its edge it carries features (so lines
/// and outlines join across tiles).
pub const TILE_EXTENT: u32 = 4096;
pub const TILE_BUFFER: u32 = 64;
