-- Land, so the map can draw sea where there is none: OpenStreetMap's land polygons around the
-- municipality (data/context/land.geojson, © OpenStreetMap contributors, ODbL), one row per
-- polygon so a map tile reads only the few it touches. The map's tiles are Web Mercator, so
-- the polygons are kept in it too, transformed once here instead of on every tile.
CREATE TABLE land (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    geom geometry NOT NULL,
    geom_web geometry GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
    CONSTRAINT land_geom_srid CHECK (ST_SRID(geom) = 3011),
    CONSTRAINT land_geom_type CHECK (GeometryType(geom) = 'POLYGON'),
    CONSTRAINT land_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
    CONSTRAINT land_geom_2d CHECK (ST_NDims(geom) = 2)
);
CREATE INDEX land_geom_idx ON land USING gist (geom);
CREATE INDEX land_geom_web_idx ON land USING gist (geom_web);

-- The local streets that lead to the business areas' plots: drawn and named on the map at
-- plot scale, under the plots (the sample's are fictional, like its plots).
CREATE TABLE streets (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    geom geometry NOT NULL,
    CONSTRAINT streets_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
    CONSTRAINT streets_geom_srid CHECK (ST_SRID(geom) = 3011),
    CONSTRAINT streets_geom_type CHECK (GeometryType(geom) IN ('LINESTRING', 'MULTILINESTRING')),
    CONSTRAINT streets_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
    CONSTRAINT streets_geom_2d CHECK (ST_NDims(geom) = 2)
);
CREATE INDEX streets_geom_idx ON streets USING gist (geom);

-- The municipality is drawn in the land tiles too (its land lighter than the land around it).
ALTER TABLE municipality ADD COLUMN geom_web geometry GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED;
CREATE INDEX municipality_geom_web_idx ON municipality USING gist (geom_web);
