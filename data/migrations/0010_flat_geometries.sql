-- Every stored geometry is flat: land on a map has no height here. The editor and the import
-- drop a third coordinate (some GIS exports carry one); this makes sure no other path stores one.
ALTER TABLE plots ADD CONSTRAINT plots_geom_2d CHECK (ST_NDims(geom) = 2);
ALTER TABLE detailed_plans ADD CONSTRAINT detailed_plans_geom_2d CHECK (ST_NDims(geom) = 2);
ALTER TABLE future_areas ADD CONSTRAINT future_areas_geom_2d CHECK (ST_NDims(geom) = 2);
ALTER TABLE municipality ADD CONSTRAINT municipality_geom_2d CHECK (ST_NDims(geom) = 2);
ALTER TABLE localities ADD CONSTRAINT localities_geom_2d CHECK (ST_NDims(geom) = 2);
ALTER TABLE roads ADD CONSTRAINT roads_geom_2d CHECK (ST_NDims(geom) = 2);
ALTER TABLE ports ADD CONSTRAINT ports_geom_2d CHECK (ST_NDims(geom) = 2);
