-- Plot imports waiting for review: a file is read once into a draft, shown as a preview on the
-- map with every feature's checks and the attribute mapping, and only a commit writes plots
-- (all or nothing). Drafts are working copies, deleted on commit or cancel and after a day.
CREATE TABLE plot_imports (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    file_name text NOT NULL,
    -- 'geojson', 'gpkg' or 'shapefile'.
    format text NOT NULL,
    -- The coordinate system the file names (NULL when it names none), and the one in use:
    -- the file's, or the one staff chose where the file says nothing.
    srid_from_file integer CHECK (srid_from_file IN (3006, 3011, 4326)),
    srid integer NOT NULL CHECK (srid IN (3006, 3011, 4326)),
    business_area_id bigint REFERENCES business_areas (id) ON DELETE SET NULL,
    -- The file's attribute names in file order, and which attribute fills which plot field.
    attributes text[] NOT NULL,
    mapping jsonb NOT NULL DEFAULT '{}',
    -- [{"geometry": <GeoJSON geometry or null, in srid>, "properties": {...}}, ...]
    features jsonb NOT NULL CHECK (jsonb_typeof(features) = 'array')
);
CREATE INDEX plot_imports_created_idx ON plot_imports (created_at);

-- A feature's GeoJSON geometry, or NULL when PostGIS cannot read it (too few ordinates, an
-- unknown coordinate system inside it): one malformed feature is that feature's problem, not
-- a failure of the whole file's checks.
CREATE FUNCTION import_geometry(geojson text) RETURNS geometry
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN ST_GeomFromGeoJSON(geojson);
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$$;
