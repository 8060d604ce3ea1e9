-- Land-use areas as revisions: a revision of kind 'land_use_area' holds the area's category
-- and the link to the part of the översiktsplan that says it (`documents_url`, as a plan's),
-- and reaches `land_use_areas` only when published. Publishing one replaces the land use it
-- covers: the neighbours it overlaps lose that part (a new published revision of each, recorded
-- as 'reshaped'), so the published areas never overlap.
ALTER TABLE planning_revisions
    ADD COLUMN category land_use_category,
    ADD CONSTRAINT planning_revisions_land_use_facts CHECK (kind <> 'land_use_area' OR (
        category IS NOT NULL AND documents_url IS NOT NULL));

-- What is public today becomes each land-use area's first, published revision.
INSERT INTO planning_revisions (kind, subject_id, state, name, description, description_en, geom,
                                category, documents_url, published_at, created_at)
SELECT 'land_use_area', l.id, 'published', l.name, l.description, l.description_en, l.geom,
       l.category, l.documents_url, l.updated_at, l.created_at
  FROM land_use_areas l WHERE l.published;
