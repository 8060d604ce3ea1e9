-- Plans and future areas in English for international investors: the description, a plan's
-- purpose and building rights, an area's intended use. Empty where planners have written none;
-- the English pages then show the Swedish text, marked as Swedish.
ALTER TABLE planning_revisions
    ADD COLUMN description_en text NOT NULL DEFAULT '',
    ADD COLUMN purpose_en text,
    ADD COLUMN building_rights_en text,
    ADD COLUMN intended_use_en text;
ALTER TABLE detailed_plans
    ADD COLUMN description_en text NOT NULL DEFAULT '',
    ADD COLUMN purpose_en text NOT NULL DEFAULT '',
    ADD COLUMN building_rights_en text NOT NULL DEFAULT '';
ALTER TABLE future_areas
    ADD COLUMN description_en text NOT NULL DEFAULT '',
    ADD COLUMN intended_use_en text NOT NULL DEFAULT '';

-- A view keeps the columns it had when it was made: made again, with the new ones at the end.
CREATE OR REPLACE VIEW published_plans AS SELECT * FROM detailed_plans WHERE published;
CREATE OR REPLACE VIEW published_future_areas AS SELECT * FROM future_areas WHERE published;
