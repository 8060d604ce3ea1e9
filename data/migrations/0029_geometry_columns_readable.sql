-- PostGIS's geometry_columns view reads each column's SRID and type from its CHECK constraints,
-- and could not read interests_place's combined one ("invalid input syntax for type integer"):
-- every query of the view failed, and with it each GIS client that lists a database's layers
-- through it (QGIS, ogr2ogr, Martin). The same rule as two constraints of the form it reads.
ALTER TABLE interests
    DROP CONSTRAINT interests_place,
    ADD CONSTRAINT interests_place_srid CHECK (ST_SRID(place) = 3011),
    ADD CONSTRAINT interests_place_point CHECK (GeometryType(place) = 'POINT');
