-- The map's overlays (the översiktsplan's land use and the riksintressen, drawn as SVG tiles
-- under `/tiles/land-use/` and `/tiles/national-interests/`) are kept in each server's memory
-- like the vector tiles, so their changes are announced the same way (migration 0025): a
-- planner publishing land use, or riksintressen loaded anew, drops exactly the overlay tiles
-- the change reaches, on every server.

CREATE TRIGGER land_use_tiles_inserted AFTER INSERT ON land_use_areas
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION area_tiles_changed('land-use');
CREATE TRIGGER land_use_tiles_updated AFTER UPDATE ON land_use_areas
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION area_tiles_changed('land-use');
CREATE TRIGGER land_use_tiles_deleted AFTER DELETE ON land_use_areas
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION area_tiles_changed('land-use');
CREATE TRIGGER national_interest_tiles_inserted AFTER INSERT ON national_interests
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION area_tiles_changed('national-interests');
CREATE TRIGGER national_interest_tiles_updated AFTER UPDATE ON national_interests
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION area_tiles_changed('national-interests');
CREATE TRIGGER national_interest_tiles_deleted AFTER DELETE ON national_interests
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION area_tiles_changed('national-interests');

-- Emptied whole: every tile of every layer, the overlays' too.
CREATE OR REPLACE FUNCTION all_tiles_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('markkartan_tiles', json_build_object(
        'layers', ARRAY['plots', 'business-areas', 'detailed-plans', 'future-areas',
                        'land-use', 'national-interests'],
        'bbox', json_build_array(-20037508.35, -20037508.35, 20037508.35, 20037508.35))::text);
    RETURN NULL;
END $$;
CREATE TRIGGER land_use_tiles_truncated AFTER TRUNCATE ON land_use_areas
    FOR EACH STATEMENT EXECUTE FUNCTION all_tiles_changed();
CREATE TRIGGER national_interest_tiles_truncated AFTER TRUNCATE ON national_interests
    FOR EACH STATEMENT EXECUTE FUNCTION all_tiles_changed();
