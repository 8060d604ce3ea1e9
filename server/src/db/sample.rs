//! Loading the sample data set: one statement per file, inside the caller's transaction.
//!
//! Each statement takes the file's text as JSON and lets PostGIS read the geometry
//! (WGS 84 per RFC 7946) and transform it to the stored SWEREF 99 18 00.

use sqlx::PgConnection;

/// Tables the sample fills, children first, for emptying before a replace.
const SAMPLE_TABLES: &str = "meeting_bookings, meeting_slots, planning_events, planning_revisions, public_changes, interests, detailed_plan_stage_dates, detailed_plans, future_areas, plot_records, \
                             business_areas, ports, streets, roads, localities, municipality, \
                             land, contact_persons, land_use_areas, national_interests, \
                             shorelines, shore_protection_extensions";

pub async fn has_content(conn: &mut PgConnection) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM plots) OR EXISTS (SELECT 1 FROM municipality)")
        .fetch_one(conn)
        .await
}

pub async fn clear(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "TRUNCATE {SAMPLE_TABLES} RESTART IDENTITY CASCADE"
    ))
    .execute(conn)
    .await
    .map(|_| ())
}

/// The SQL expression that turns a feature's GeoJSON geometry into stored geometry.
macro_rules! stored_geom {
    () => {
        "ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(f -> 'geometry'), 4326), 3011)"
    };
}

pub async fn insert_contacts(conn: &mut PgConnection, json: &str) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO contact_persons (name, title, title_en, phone, email, answers_place_questions)
         SELECT r.name, r.title, coalesce(r.title_en, ''), r.phone, r.email,
                coalesce(r.answers_place_questions, false)
           FROM json_to_recordset($1::json)
                AS r(name text, title text, title_en text, phone text, email text,
                     answers_place_questions boolean)",
    )
    .bind(json)
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}

/// Bookable phone hours for every contact person: Tuesdays and Thursdays 09.00–11.00 in
/// 20-minute times, the next four weeks from when the sample is loaded (Swedish time).
pub async fn insert_meeting_slots(conn: &mut PgConnection) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO meeting_slots (contact_id, kind, starts_at, ends_at)
         SELECT c.id, 'phone', (d::date + t) AT TIME ZONE 'Europe/Stockholm',
                (d::date + t + interval '20 minutes') AT TIME ZONE 'Europe/Stockholm'
           FROM contact_persons c,
                generate_series((now() AT TIME ZONE 'Europe/Stockholm')::date + 1,
                                (now() AT TIME ZONE 'Europe/Stockholm')::date + 28,
                                interval '1 day') AS d,
                LATERAL (SELECT interval '9 hours' + n * interval '20 minutes' AS t
                           FROM generate_series(0, 5) AS n) AS times
          WHERE extract(isodow FROM d) IN (2, 4)",
    )
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}

/// OpenStreetMap's land (data/context/land.geojson): one row per polygon. Cutting the source to
/// its box can leave a polygon that touches itself, so each is repaired first.
pub async fn insert_land(conn: &mut PgConnection, geojson: &str) -> Result<u64, sqlx::Error> {
    sqlx::query(concat!(
        "INSERT INTO land (geom)
         SELECT d.geom
           FROM json_array_elements($1::json -> 'features') AS f,
                ST_Dump(ST_CollectionExtract(ST_MakeValid(",
        stored_geom!(),
        "), 3)) AS d
          WHERE NOT ST_IsEmpty(d.geom)"
    ))
    .bind(geojson)
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}

/// The municipality as the land inside its (approximate) border, so its outline follows the
/// real coast and islands. Without land loaded, the border as given.
pub async fn insert_municipality(
    conn: &mut PgConnection,
    geojson: &str,
) -> Result<u64, sqlx::Error> {
    sqlx::query(concat!(
        "WITH given AS (
             SELECT f -> 'properties' ->> 'code' AS code, f -> 'properties' ->> 'name' AS name, ",
        stored_geom!(),
        " AS border FROM json_array_elements($1::json -> 'features') AS f
         ), land_area AS (SELECT ST_Union(geom) AS geom FROM land)
         INSERT INTO municipality (code, name, geom, border)
         SELECT g.code, g.name,
                CASE WHEN l.geom IS NULL THEN g.border
                     ELSE ST_Multi(ST_CollectionExtract(ST_Intersection(g.border, l.geom), 3)) END,
                g.border
           FROM given g, land_area l"
    ))
    .bind(geojson)
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}

/// The shores within a kilometre of the municipality's border, from the land: each land
/// polygon's outer ring meets the sea, its holes are lakes. Shore protection is measured from
/// them.
pub async fn insert_shorelines(conn: &mut PgConnection) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO shorelines (water, geom)
         SELECT s.water, s.geom
           FROM (SELECT CASE WHEN r.path[1] = 0 THEN 'sea' ELSE 'lake' END::water_body AS water,
                        (ST_Dump(ST_Intersection(ST_Boundary(r.geom), z.zone))).geom AS geom
                   FROM (SELECT ST_Buffer(border, 1000) AS zone FROM municipality) z,
                        land l CROSS JOIN LATERAL ST_DumpRings(l.geom) r
                  WHERE ST_Intersects(l.geom, z.zone)) s
          WHERE GeometryType(s.geom) = 'LINESTRING'",
    )
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}

/// The översiktsplan's land use (data/sample/land_use.geojson), published.
pub async fn insert_land_use(conn: &mut PgConnection, geojson: &str) -> Result<u64, sqlx::Error> {
    sqlx::query(concat!(
        "INSERT INTO land_use_areas (name, category, description, description_en, documents_url,
                                     geom, published)
         SELECT r.name, r.category::land_use_category, r.description,
                coalesce(r.description_en, ''), coalesce(r.documents_url, ''),
                ST_Multi(ST_CollectionExtract(ST_MakeValid(",
        stored_geom!(),
        "), 3)), true
           FROM json_array_elements($1::json -> 'features') AS f,
                json_to_record(f -> 'properties')
                AS r(name text, category text, description text, description_en text,
                     documents_url text)"
    ))
    .bind(geojson)
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}

/// Riksintressen (data/sample/national_interests.geojson).
pub async fn insert_national_interests(
    conn: &mut PgConnection,
    geojson: &str,
) -> Result<u64, sqlx::Error> {
    sqlx::query(concat!(
        "INSERT INTO national_interests (name, kind, description, description_en, documents_url,
                                         geom)
         SELECT r.name, r.kind::national_interest_kind, r.description,
                coalesce(r.description_en, ''), coalesce(r.documents_url, ''),
                ST_Multi(ST_CollectionExtract(ST_MakeValid(",
        stored_geom!(),
        "), 3))
           FROM json_array_elements($1::json -> 'features') AS f,
                json_to_record(f -> 'properties')
                AS r(name text, kind text, description text, description_en text,
                     documents_url text)"
    ))
    .bind(geojson)
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}

/// Where shore protection is extended beyond 100 m (data/sample/shore_protection.geojson).
pub async fn insert_shore_protection(
    conn: &mut PgConnection,
    geojson: &str,
) -> Result<u64, sqlx::Error> {
    sqlx::query(concat!(
        "INSERT INTO shore_protection_extensions (name, distance_m, decision, geom)
         SELECT r.name, r.distance_m, coalesce(r.decision, ''),
                ST_Multi(ST_CollectionExtract(ST_MakeValid(",
        stored_geom!(),
        "), 3))
           FROM json_array_elements($1::json -> 'features') AS f,
                json_to_record(f -> 'properties') AS r(name text, distance_m smallint, decision text)"
    ))
    .bind(geojson)
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}

pub async fn insert_localities(conn: &mut PgConnection, geojson: &str) -> Result<u64, sqlx::Error> {
    insert_named_geometries(conn, NamedLayer::Localities, geojson).await
}

pub async fn insert_roads(conn: &mut PgConnection, geojson: &str) -> Result<u64, sqlx::Error> {
    insert_named_geometries(conn, NamedLayer::Roads, geojson).await
}

pub async fn insert_ports(conn: &mut PgConnection, geojson: &str) -> Result<u64, sqlx::Error> {
    insert_named_geometries(conn, NamedLayer::Ports, geojson).await
}

pub async fn insert_streets(conn: &mut PgConnection, geojson: &str) -> Result<u64, sqlx::Error> {
    insert_named_geometries(conn, NamedLayer::Streets, geojson).await
}

/// Context layers that are just a name and a geometry per feature.
#[derive(Clone, Copy)]
enum NamedLayer {
    Localities,
    Roads,
    Ports,
    Streets,
}

async fn insert_named_geometries(
    conn: &mut PgConnection,
    layer: NamedLayer,
    geojson: &str,
) -> Result<u64, sqlx::Error> {
    // Table and column come from this enum, never from input.
    let (table, name_column) = match layer {
        NamedLayer::Localities => ("localities", "name"),
        NamedLayer::Roads => ("roads", "road_number"),
        NamedLayer::Ports => ("ports", "name"),
        NamedLayer::Streets => ("streets", "name"),
    };
    sqlx::query(&format!(
        concat!(
            "INSERT INTO {table} ({name_column}, geom)
             SELECT f -> 'properties' ->> '{name_column}', ",
            stored_geom!(),
            " FROM json_array_elements($1::json -> 'features') AS f"
        ),
        table = table,
        name_column = name_column
    ))
    .bind(geojson)
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}

pub async fn insert_business_areas(
    conn: &mut PgConnection,
    json: &str,
) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO business_areas (name, locality_id, description, contact_person_id)
         SELECT r.name, l.id, r.description, c.id
           FROM json_to_recordset($1::json)
                AS r(name text, locality text, description text, contact_email text)
           JOIN localities l ON l.name = r.locality
           LEFT JOIN contact_persons c ON c.email = r.contact_email",
    )
    .bind(json)
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}

pub async fn insert_plots(conn: &mut PgConnection, geojson: &str) -> Result<u64, sqlx::Error> {
    sqlx::query(concat!(
        "INSERT INTO plots (designation, property_designation, business_area_id, geom, status,
                            reserved_until, reserved_for, price_sek_per_m2, permitted_uses,
                            max_site_coverage_percent, max_building_height_m, water_sewage,
                            electrical_capacity_kw, district_heating, fiber, public_description,
                            public_description_en, internal_notes, contact_person_id)
         SELECT r.designation, r.property_designation, a.id, ",
        stored_geom!(),
        ", r.status::plot_status, r.reserved_until, r.reserved_for, r.price_sek_per_m2,
                ARRAY(SELECT json_array_elements_text(f -> 'properties' -> 'permitted_uses')),
                r.max_site_coverage_percent, r.max_building_height_m,
                r.water_sewage::water_sewage, r.electrical_capacity_kw,
                r.district_heating, r.fiber, r.public_description,
                coalesce(r.public_description_en, ''), r.internal_notes, c.id
           FROM json_array_elements($1::json -> 'features') AS f,
                json_to_record(f -> 'properties') AS r(
                    designation text, property_designation text, business_area text, status text,
                    reserved_until date, reserved_for text, price_sek_per_m2 integer,
                    max_site_coverage_percent smallint, max_building_height_m real,
                    water_sewage text, electrical_capacity_kw integer, district_heating boolean,
                    fiber boolean, public_description text, public_description_en text,
                    internal_notes text, contact_email text)
           JOIN business_areas a ON a.name = r.business_area
           LEFT JOIN contact_persons c ON c.email = r.contact_email"
    ))
    .bind(geojson)
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}

pub async fn insert_detailed_plans(
    conn: &mut PgConnection,
    geojson: &str,
) -> Result<u64, sqlx::Error> {
    let plans = sqlx::query(concat!(
        "INSERT INTO detailed_plans (plan_id, name, stage, permitted_uses, description, purpose,
                                     building_rights, documents_url, contact_person_id,
                                     description_en, purpose_en, building_rights_en, geom,
                                     published, shore_protection_lifted)
         SELECT r.plan_id, r.name, r.stage::plan_stage,
                ARRAY(SELECT json_array_elements_text(f -> 'properties' -> 'permitted_uses')),
                r.description, coalesce(r.purpose, ''), coalesce(r.building_rights, ''),
                coalesce(r.documents_url, ''), c.id, coalesce(r.description_en, ''),
                coalesce(r.purpose_en, ''), coalesce(r.building_rights_en, ''), ",
        stored_geom!(),
        ", r.published, coalesce(r.shore_protection_lifted, false)
           FROM json_array_elements($1::json -> 'features') AS f
          CROSS JOIN LATERAL json_to_record(f -> 'properties')
                AS r(plan_id text, name text, stage text, description text, purpose text,
                     building_rights text, documents_url text, contact_email text,
                     description_en text, purpose_en text, building_rights_en text,
                     published boolean, shore_protection_lifted boolean)
           LEFT JOIN contact_persons c ON c.email = r.contact_email"
    ))
    .bind(geojson)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    sqlx::query(
        "INSERT INTO detailed_plan_stage_dates (detailed_plan_id, stage, date, expected)
         SELECT p.id, d.stage::plan_stage, d.date, d.expected
           FROM json_array_elements($1::json -> 'features') AS f
           JOIN detailed_plans p ON p.plan_id = f -> 'properties' ->> 'plan_id',
                json_to_recordset(f -> 'properties' -> 'stage_dates')
                AS d(stage text, date date, expected boolean)",
    )
    .bind(geojson)
    .execute(conn)
    .await?;
    Ok(plans)
}

pub async fn insert_future_areas(
    conn: &mut PgConnection,
    geojson: &str,
) -> Result<u64, sqlx::Error> {
    sqlx::query(concat!(
        "INSERT INTO future_areas (name, intended_use, land_use, horizon_from_year, horizon_to_year,
                                   description, description_en, intended_use_en, geom, published)
         SELECT r.name, r.intended_use, r.land_use::area_use, r.horizon_from_year,
                r.horizon_to_year, r.description, coalesce(r.description_en, ''),
                coalesce(r.intended_use_en, ''), ",
        stored_geom!(),
        ", r.published
           FROM json_array_elements($1::json -> 'features') AS f,
                json_to_record(f -> 'properties')
                AS r(name text, intended_use text, land_use text, horizon_from_year smallint,
                     horizon_to_year smallint, description text, description_en text,
                     intended_use_en text, published boolean)"
    ))
    .bind(geojson)
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}

/// Adds `count` synthetic plots in a grid of its own, away from the sample's business areas:
/// rectangles of 1,600–3,000 m² on a 60 m raster, so they never overlap each other, on the
/// municipality's land only (cells in the sea are skipped). Statuses cycle through every
/// value. Sizes vary by a hash of the index, so runs are reproducible.
pub async fn insert_synthetic_plots(
    conn: &mut PgConnection,
    count: u32,
) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO localities (name, geom)
         VALUES ('Syntetiska orten', ST_Transform(ST_SetSRID(ST_MakePoint(18.55, 59.90), 4326), 3011))
         ON CONFLICT (name) DO NOTHING",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO business_areas (name, locality_id, description)
         SELECT 'Syntetiskt testområde', id, 'Genererade tomter för skal- och prestandatester.'
           FROM localities WHERE name = 'Syntetiska orten'
         ON CONFLICT (name) DO NOTHING",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "WITH origin AS (
             SELECT ST_X(p) AS x0, ST_Y(p) AS y0
               FROM ST_Transform(ST_SetSRID(ST_MakePoint(18.38, 59.80), 4326), 3011) AS p
         ), area AS (
             SELECT id FROM business_areas WHERE name = 'Syntetiskt testområde'
         ), start AS (
             SELECT coalesce(max(substring(designation FROM 'Syntet ([0-9]+)')::int), 0) AS n
               FROM plots WHERE designation LIKE 'Syntet %'
         ), candidates AS (
             SELECT n + i AS k,
                    40 + (hashint4(n + i) & 15) AS w,
                    40 + ((hashint4(n + i) >> 8) & 15) AS h
               FROM start, generate_series(1, 2 * $1) AS i
         ), cells AS (
             SELECT k, ST_MakeEnvelope(x0 + (k % 320) * 60, y0 + (k / 320) * 60,
                                       x0 + (k % 320) * 60 + w, y0 + (k / 320) * 60 + h, 3011) AS geom
               FROM candidates, origin
         ), on_land AS (
             SELECT k, geom FROM cells c
              WHERE plot_in_municipality(c.geom)
              ORDER BY k
              LIMIT $1
         )
         INSERT INTO plots (designation, business_area_id, geom, status, reserved_until,
                            reserved_for, price_sek_per_m2, water_sewage)
         SELECT 'Syntet ' || k, area.id, geom,
                (ARRAY['available', 'reserved', 'under_negotiation', 'sold', 'not_for_sale'])[1 + k % 5]::plot_status,
                CASE WHEN k % 5 = 1 THEN current_date + 180 END,
                CASE WHEN k % 5 = 1 THEN 'Syntetiskt AB' END,
                200 + (k % 7) * 50,
                'connected'
           FROM on_land, area",
    )
    .bind(i32::try_from(count).unwrap_or(i32::MAX))
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}
