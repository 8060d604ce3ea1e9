-- Ports that companies measure their freight and ferry logistics against (Kapellskär, with its
-- ferries to Finland and the Baltic states). Each plot's fact sheet gives the straight-line
-- distance to the nearest one, computed here from the geometry rather than typed in.
CREATE TABLE ports (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (name <> ''),
    geom geometry NOT NULL,
    CONSTRAINT ports_geom_srid CHECK (ST_SRID(geom) = 3011),
    CONSTRAINT ports_geom_type CHECK (GeometryType(geom) = 'POINT'),
    CONSTRAINT ports_geom_not_empty CHECK (NOT ST_IsEmpty(geom))
);
CREATE INDEX ports_geom_idx ON ports USING gist (geom);
