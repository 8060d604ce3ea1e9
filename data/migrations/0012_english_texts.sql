-- Texts staff write can have an English version; without one the English pages show the
-- Swedish text, marked as Swedish.
ALTER TABLE plots ADD COLUMN public_description_en text NOT NULL DEFAULT '';
ALTER TABLE contact_persons ADD COLUMN title_en text NOT NULL DEFAULT '';
