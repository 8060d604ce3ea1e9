-- Who answers what. Contact persons are the municipality's own and other organisations' (the
-- water company, the energy company, building permits); none needs an account. For each
-- business area and kind of question one is responsible and another may stand in; a row
-- without a business area answers wherever no area names anyone. An interest is routed by them
-- and owned by the person it was routed to, who may hand it over (with history).
CREATE TYPE question_kind AS ENUM
    ('land_and_price', 'building_permit', 'water_sewage', 'energy', 'environment');

ALTER TABLE contact_persons
    ADD COLUMN organisation text NOT NULL DEFAULT 'Norrtälje kommun',
    ADD COLUMN version integer NOT NULL DEFAULT 1;

CREATE TABLE responsibilities (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_area_id bigint REFERENCES business_areas (id) ON DELETE CASCADE,
    question question_kind NOT NULL,
    contact_person_id bigint NOT NULL REFERENCES contact_persons (id),
    deputy_id bigint REFERENCES contact_persons (id),
    CHECK (deputy_id IS DISTINCT FROM contact_person_id)
);
-- One responsible per area and question, the municipality-wide row included.
CREATE UNIQUE INDEX responsibilities_one_per_question
    ON responsibilities (coalesce(business_area_id, 0), question);

ALTER TABLE interests
    ADD COLUMN question question_kind NOT NULL DEFAULT 'land_and_price',
    ADD COLUMN owner_id bigint REFERENCES contact_persons (id) ON DELETE SET NULL;
