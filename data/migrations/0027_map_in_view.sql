-- The map asks for what is in view (a box in Web Mercator) as it is panned and zoomed: the
-- published plots there, and the future areas and detaljplaner simplified to the screen's
-- pixel. The outlines in Web Mercator are stored, as the plots' are since 0026 (generated: no
-- way of writing an outline can leave them stale), and indexed, so a view reads only what
-- touches it.
CREATE INDEX plot_records_published_web_geom_idx ON plot_records USING gist (web_geom)
    WHERE published AND retired_at IS NULL;

ALTER TABLE detailed_plans
    ADD COLUMN web_geom geometry GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED;
CREATE INDEX detailed_plans_published_web_geom_idx ON detailed_plans USING gist (web_geom)
    WHERE published;

ALTER TABLE future_areas
    ADD COLUMN web_geom geometry GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED;
CREATE INDEX future_areas_published_web_geom_idx ON future_areas USING gist (web_geom)
    WHERE published;

-- The views list the tables' columns as they were when they were made; they gain the new one.
CREATE OR REPLACE VIEW published_plans AS SELECT * FROM detailed_plans WHERE published;
CREATE OR REPLACE VIEW published_future_areas AS SELECT * FROM future_areas WHERE published;
