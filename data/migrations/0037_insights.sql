-- Insights for the business development unit (server/src/insights.rs, `/personal/insikter`):
-- what the funnel needs that the cases did not keep, a read-only role, and the service survey
-- a company receives when its case is closed.

-- Reads the insights page and nothing else of the workspace.
ALTER TYPE staff_role ADD VALUE 'insights';

-- The first contact: stamped when a case first leaves 'new' (by a trigger, whichever statement
-- changes the status), kept when it goes back. Cases handled before this migration count from
-- their last change, the best that is known.
ALTER TABLE interests ADD COLUMN contacted_at timestamptz;
UPDATE interests SET contacted_at = coalesce(closed_at, updated_at) WHERE status <> 'new';
CREATE FUNCTION interests_stamp_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status <> 'new' AND NEW.contacted_at IS NULL THEN
        NEW.contacted_at := now();
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER interests_stamp_contact BEFORE INSERT OR UPDATE OF status ON interests
    FOR EACH ROW EXECUTE FUNCTION interests_stamp_contact();
ALTER TABLE interests
    ADD CONSTRAINT interests_contacted CHECK (status = 'new' OR contacted_at IS NOT NULL);

-- What a case led to, as its handler records it: land reserved for the company, land sold to
-- it, or no deal. Sold implies the funnel's reserved step (a direct sale passes it at once).
CREATE TYPE case_outcome AS ENUM ('reserved', 'sold', 'no_deal');
ALTER TABLE interests
    ADD COLUMN outcome case_outcome,
    ADD COLUMN outcome_at timestamptz,
    ADD CONSTRAINT interests_outcome_dated CHECK ((outcome IS NULL) = (outcome_at IS NULL));

-- The service survey: when a case is closed the company gets a single-use link that expires
-- (only its digest is kept). The answer is counted under the business area and the
-- department that answered the case, as they were at closing; it names no one. The comment is
-- deleted with the case's personal data.
CREATE TABLE surveys (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    interest_id bigint NOT NULL UNIQUE REFERENCES interests (id) ON DELETE CASCADE,
    token_digest bytea NOT NULL UNIQUE,
    business_area_id bigint REFERENCES business_areas (id) ON DELETE SET NULL,
    department text NOT NULL DEFAULT '',
    sent_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    answered_at timestamptz,
    -- The six service factors of the municipalities' national measurement, and the whole,
    -- each 1–10.
    information smallint CHECK (information BETWEEN 1 AND 10),
    accessibility smallint CHECK (accessibility BETWEEN 1 AND 10),
    treatment smallint CHECK (treatment BETWEEN 1 AND 10),
    competence smallint CHECK (competence BETWEEN 1 AND 10),
    legal_certainty smallint CHECK (legal_certainty BETWEEN 1 AND 10),
    efficiency smallint CHECK (efficiency BETWEEN 1 AND 10),
    overall smallint CHECK (overall BETWEEN 1 AND 10),
    comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    CONSTRAINT surveys_answered_whole CHECK (
        num_nonnulls(information, accessibility, treatment, competence, legal_certainty,
                     efficiency, overall)
        = CASE WHEN answered_at IS NULL THEN 0 ELSE 7 END)
);
CREATE INDEX surveys_answered_idx ON surveys (answered_at) WHERE answered_at IS NOT NULL;

ALTER TYPE mail_kind ADD VALUE 'survey';
