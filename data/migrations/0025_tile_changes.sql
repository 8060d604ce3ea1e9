-- Vector tiles (OGC API – Tiles) are cached in each server's memory; every change to what a
-- tile shows tells every server, through NOTIFY on `markkartan_tiles`, which layers changed and
-- where (a bounding box in Web Mercator), so each drops exactly the tiles it touched. The
-- triggers are per statement, with transition tables: an import of thousands of plots is one
-- message per layer, not one per row. A payload is
-- {"layers": ["plots", ...], "bbox": [xmin, ymin, xmax, ymax]} (EPSG:3857).

CREATE FUNCTION notify_tiles(layers text[], changed geometry) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    box geometry;
BEGIN
    IF changed IS NULL OR ST_IsEmpty(changed) THEN
        RETURN;
    END IF;
    box := ST_Transform(ST_Envelope(changed), 3857);
    PERFORM pg_notify('markkartan_tiles', json_build_object(
        'layers', layers,
        'bbox', json_build_array(ST_XMin(box), ST_YMin(box), ST_XMax(box), ST_YMax(box)))::text);
END $$;

-- Plots: the plots layer where the rows were and are; the business areas' layer over every
-- plot of the areas they belong to (an area is drawn as the hull of its plots).
CREATE FUNCTION plot_tiles_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed geometry;
    areas bigint[];
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT ST_Collect(geom), array_agg(DISTINCT business_area_id) INTO changed, areas
          FROM old_rows;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        SELECT ST_Collect(changed, ST_Collect(geom)),
               array_cat(areas, array_agg(DISTINCT business_area_id))
          INTO changed, areas
          FROM new_rows;
    END IF;
    PERFORM notify_tiles(ARRAY['plots'], changed);
    PERFORM notify_tiles(ARRAY['business-areas'], ST_Collect(changed,
        (SELECT ST_Collect(p.geom) FROM plot_records p WHERE p.business_area_id = ANY (areas))));
    RETURN NULL;
END $$;

CREATE TRIGGER plot_tiles_inserted AFTER INSERT ON plot_records
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION plot_tiles_changed();
CREATE TRIGGER plot_tiles_updated AFTER UPDATE ON plot_records
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION plot_tiles_changed();
CREATE TRIGGER plot_tiles_deleted AFTER DELETE ON plot_records
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION plot_tiles_changed();

-- A business area renamed or described anew: its layer and the plots' (which carry its name)
-- over its plots.
CREATE FUNCTION business_area_tiles_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_tiles(ARRAY['plots', 'business-areas'],
        (SELECT ST_Collect(p.geom) FROM plot_records p
          WHERE p.business_area_id IN (SELECT id FROM new_rows)));
    RETURN NULL;
END $$;
CREATE TRIGGER business_area_tiles_updated AFTER UPDATE ON business_areas
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION business_area_tiles_changed();

-- A locality renamed: the plots and business areas that carry its name.
CREATE FUNCTION locality_tiles_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_tiles(ARRAY['plots', 'business-areas'],
        (SELECT ST_Collect(p.geom) FROM plot_records p
           JOIN business_areas a ON a.id = p.business_area_id
          WHERE a.locality_id IN (SELECT id FROM new_rows)));
    RETURN NULL;
END $$;
CREATE TRIGGER locality_tiles_updated AFTER UPDATE ON localities
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION locality_tiles_changed();

-- Emptied whole (the sample data loaded anew): every tile of every layer, everywhere.
CREATE FUNCTION all_tiles_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('markkartan_tiles', json_build_object(
        'layers', ARRAY['plots', 'business-areas', 'detailed-plans', 'future-areas'],
        'bbox', json_build_array(-20037508.35, -20037508.35, 20037508.35, 20037508.35))::text);
    RETURN NULL;
END $$;
CREATE TRIGGER plot_tiles_truncated AFTER TRUNCATE ON plot_records
    FOR EACH STATEMENT EXECUTE FUNCTION all_tiles_changed();
CREATE TRIGGER business_area_tiles_truncated AFTER TRUNCATE ON business_areas
    FOR EACH STATEMENT EXECUTE FUNCTION all_tiles_changed();
CREATE TRIGGER plan_tiles_truncated AFTER TRUNCATE ON detailed_plans
    FOR EACH STATEMENT EXECUTE FUNCTION all_tiles_changed();
CREATE TRIGGER future_area_tiles_truncated AFTER TRUNCATE ON future_areas
    FOR EACH STATEMENT EXECUTE FUNCTION all_tiles_changed();

-- Detaljplaner and future areas: their own layers (`TG_ARGV[0]`).
CREATE FUNCTION area_tiles_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed geometry;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT ST_Collect(geom) INTO changed FROM old_rows;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        SELECT ST_Collect(changed, ST_Collect(geom)) INTO changed FROM new_rows;
    END IF;
    PERFORM notify_tiles(ARRAY[TG_ARGV[0]], changed);
    RETURN NULL;
END $$;

CREATE TRIGGER plan_tiles_inserted AFTER INSERT ON detailed_plans
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION area_tiles_changed('detailed-plans');
CREATE TRIGGER plan_tiles_updated AFTER UPDATE ON detailed_plans
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION area_tiles_changed('detailed-plans');
CREATE TRIGGER plan_tiles_deleted AFTER DELETE ON detailed_plans
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION area_tiles_changed('detailed-plans');
CREATE TRIGGER future_area_tiles_inserted AFTER INSERT ON future_areas
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION area_tiles_changed('future-areas');
CREATE TRIGGER future_area_tiles_updated AFTER UPDATE ON future_areas
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION area_tiles_changed('future-areas');
CREATE TRIGGER future_area_tiles_deleted AFTER DELETE ON future_areas
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION area_tiles_changed('future-areas');
