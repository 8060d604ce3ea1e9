-- What depends only on a plot's outline is computed when the outline is written, never on
-- every request: the outline in Web Mercator (what the map draws) and where the plot's name
-- goes, the centre and radius of the largest circle inside it. Generated columns: no way of
-- writing a plot (the workspace, an import, the OGC API, a split or merge) can leave them stale.
-- ST_MaximumInscribedCircle on every published plot was most of the map page's time: 1.1 s of
-- query at 10,000 plots.
ALTER TABLE plot_records
    ADD COLUMN web_geom geometry
        GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
    ADD COLUMN label_center geometry(Point, 3857)
        GENERATED ALWAYS AS ((ST_MaximumInscribedCircle(ST_Transform(geom, 3857))).center) STORED,
    ADD COLUMN label_radius double precision
        GENERATED ALWAYS AS ((ST_MaximumInscribedCircle(ST_Transform(geom, 3857))).radius) STORED;

-- The view lists the table's columns as they were when it was made; it gains the new ones.
CREATE OR REPLACE VIEW plots AS SELECT * FROM plot_records WHERE retired_at IS NULL;
