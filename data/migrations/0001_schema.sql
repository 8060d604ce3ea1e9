-- Schema v1 of Markkartan.
--
-- Geometry is stored in SWEREF 99 18 00 (EPSG:3011): the local projection zone that the
-- municipalities of Stockholm county, Norrtälje among them, keep their base maps and
-- detaljplaner in. Its central meridian (18°00' E) runs through the municipality, so lengths
-- and areas are true to well under 0.01 % here, and files from the municipality's own GIS need
-- no reprojection. EPSG:3006 and EPSG:4326 input is transformed on the way in; the public API
-- transforms to WGS 84 on the way out.
--
-- Every geometry column is a plain `geometry` with named CHECK constraints rather than a typmod,
-- so a bad geometry fails with a constraint name the server can turn into a message that says
-- which rule was broken. PostGIS's geometry_columns view still reads type and SRID from them.

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TYPE plot_status AS ENUM ('available', 'reserved', 'under_negotiation', 'sold', 'not_for_sale');
CREATE TYPE plan_stage AS ENUM ('planbesked', 'samrad', 'granskning', 'antagen', 'laga_kraft', 'upphavd');
CREATE TYPE water_sewage AS ENUM ('connected', 'planned', 'none');

-- Boverket's användning codes that business land uses (BFS 2020:5), plus U (lager) of older plans.
CREATE FUNCTION is_land_use_codes(codes text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN codes <@ ARRAY['J', 'K', 'H', 'Z', 'E', 'T', 'U']::text[];

CREATE TABLE contact_persons (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL CHECK (name <> ''),
    title text NOT NULL,
    phone text NOT NULL,
    email text NOT NULL CHECK (email LIKE '%_@_%'),
    UNIQUE (email)
);

-- Context layers: the municipality outline, locality centres and main roads.
CREATE TABLE municipality (
    code char(4) PRIMARY KEY,
    name text NOT NULL,
    geom geometry NOT NULL,
    CONSTRAINT municipality_geom_srid CHECK (ST_SRID(geom) = 3011),
    CONSTRAINT municipality_geom_type CHECK (GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON')),
    CONSTRAINT municipality_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))
);

CREATE TABLE localities (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE,
    geom geometry NOT NULL,
    CONSTRAINT localities_geom_srid CHECK (ST_SRID(geom) = 3011),
    CONSTRAINT localities_geom_type CHECK (GeometryType(geom) = 'POINT'),
    CONSTRAINT localities_geom_valid CHECK (NOT ST_IsEmpty(geom))
);

CREATE TABLE roads (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The road number as signposted: "E18", "Rv 76", "Rv 77".
    road_number text NOT NULL UNIQUE,
    geom geometry NOT NULL,
    CONSTRAINT roads_geom_srid CHECK (ST_SRID(geom) = 3011),
    CONSTRAINT roads_geom_type CHECK (GeometryType(geom) IN ('LINESTRING', 'MULTILINESTRING')),
    CONSTRAINT roads_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))
);

CREATE TABLE business_areas (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (name <> ''),
    locality_id bigint NOT NULL REFERENCES localities (id),
    description text NOT NULL DEFAULT '',
    contact_person_id bigint REFERENCES contact_persons (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE plots (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- How the plot is offered, e.g. "Görla 9:41" or "Rimbo Västra tomt 4".
    designation text NOT NULL UNIQUE CHECK (designation <> ''),
    -- The fastighetsbeteckning when the plot is (part of) a registered property.
    property_designation text,
    business_area_id bigint NOT NULL REFERENCES business_areas (id),
    geom geometry NOT NULL,
    -- Area in m² from the geometry, in a projection whose areas are true here; never typed in.
    area_m2 double precision GENERATED ALWAYS AS (ST_Area(geom)) STORED,
    status plot_status NOT NULL DEFAULT 'available',
    reserved_until date,
    reserved_for text,
    price_sek_per_m2 integer CHECK (price_sek_per_m2 >= 0),
    permitted_uses text[] NOT NULL DEFAULT '{}' CHECK (is_land_use_codes(permitted_uses)),
    -- Byggrätt: how much of the plot may be built on and how high.
    max_site_coverage_percent smallint CHECK (max_site_coverage_percent BETWEEN 1 AND 100),
    max_building_height_m real CHECK (max_building_height_m > 0),
    water_sewage water_sewage NOT NULL DEFAULT 'none',
    electrical_capacity_kw integer CHECK (electrical_capacity_kw >= 0),
    district_heating boolean NOT NULL DEFAULT false,
    fiber boolean NOT NULL DEFAULT false,
    public_description text NOT NULL DEFAULT '',
    -- For staff only: never selected by any public query.
    internal_notes text NOT NULL DEFAULT '',
    contact_person_id bigint REFERENCES contact_persons (id),
    published boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- Incremented by every update; a save names the version it was based on (optimistic locking).
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT plots_geom_srid CHECK (ST_SRID(geom) = 3011),
    CONSTRAINT plots_geom_type CHECK (GeometryType(geom) = 'POLYGON'),
    CONSTRAINT plots_geom_not_empty CHECK (NOT ST_IsEmpty(geom)),
    CONSTRAINT plots_geom_valid CHECK (ST_IsValid(geom)),
    -- A reservation has a holder and an end date, and only a reserved plot has one.
    CONSTRAINT plots_reservation CHECK (
        (status = 'reserved') = (reserved_until IS NOT NULL AND reserved_for IS NOT NULL)
        AND (status = 'reserved' OR (reserved_until IS NULL AND reserved_for IS NULL))
    )
);
CREATE INDEX plots_geom_idx ON plots USING gist (geom);
CREATE INDEX plots_business_area_idx ON plots (business_area_id);
CREATE INDEX plots_status_idx ON plots (status) WHERE published;

CREATE TABLE detailed_plans (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The plan's registered id, e.g. "0188-P2024/7" (municipality code, then the plan number).
    plan_id text NOT NULL UNIQUE CHECK (plan_id <> ''),
    name text NOT NULL CHECK (name <> ''),
    stage plan_stage NOT NULL,
    permitted_uses text[] NOT NULL DEFAULT '{}' CHECK (is_land_use_codes(permitted_uses)),
    description text NOT NULL DEFAULT '',
    geom geometry NOT NULL,
    published boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT detailed_plans_geom_srid CHECK (ST_SRID(geom) = 3011),
    CONSTRAINT detailed_plans_geom_type CHECK (GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON')),
    CONSTRAINT detailed_plans_geom_not_empty CHECK (NOT ST_IsEmpty(geom)),
    CONSTRAINT detailed_plans_geom_valid CHECK (ST_IsValid(geom))
);
CREATE INDEX detailed_plans_geom_idx ON detailed_plans USING gist (geom);

-- When a plan reached (or is expected to reach) each stage.
CREATE TABLE detailed_plan_stage_dates (
    detailed_plan_id bigint NOT NULL REFERENCES detailed_plans (id) ON DELETE CASCADE,
    stage plan_stage NOT NULL,
    date date NOT NULL,
    -- true: a forecast from the planning schedule; false: the stage was reached on that date.
    expected boolean NOT NULL DEFAULT false,
    PRIMARY KEY (detailed_plan_id, stage)
);

-- Future development areas from the översiktsplan (ÖP).
CREATE TABLE future_areas (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (name <> ''),
    intended_use text NOT NULL,
    -- The ÖP's time horizon, as years: e.g. 2030–2040.
    horizon_from_year smallint NOT NULL,
    horizon_to_year smallint NOT NULL,
    description text NOT NULL DEFAULT '',
    geom geometry NOT NULL,
    published boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT future_areas_horizon CHECK (horizon_from_year <= horizon_to_year),
    CONSTRAINT future_areas_geom_srid CHECK (ST_SRID(geom) = 3011),
    CONSTRAINT future_areas_geom_type CHECK (GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON')),
    CONSTRAINT future_areas_geom_not_empty CHECK (NOT ST_IsEmpty(geom)),
    CONSTRAINT future_areas_geom_valid CHECK (ST_IsValid(geom))
);
CREATE INDEX future_areas_geom_idx ON future_areas USING gist (geom);
