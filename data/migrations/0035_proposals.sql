-- A proposal for one company (server/src/proposals.rs): from a case, the business guide
-- assembles plots and future areas with a note each and a covering letter, names a contact
-- person, and sends it as a private link (`/forslag/{token}`: only its digest is kept) that
-- expires and can be revoked. The company marks each item and may ask a question; every step
-- is written into the case's history (interest_notes). Deleted with the case's personal data.
CREATE TABLE proposals (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    interest_id bigint NOT NULL REFERENCES interests (id) ON DELETE CASCADE,
    -- The guide named as the company's contact (and whose free times it can book).
    contact_id bigint REFERENCES contact_persons (id) ON DELETE SET NULL,
    letter text NOT NULL DEFAULT '' CHECK (length(letter) <= 4000),
    -- How long the link holds once sent.
    valid_days smallint NOT NULL DEFAULT 30 CHECK (valid_days BETWEEN 1 AND 365),
    created_by bigint REFERENCES accounts (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    sent_by bigint REFERENCES accounts (id) ON DELETE SET NULL,
    token_digest bytea UNIQUE,
    expires_at timestamptz,
    revoked_at timestamptz,
    first_opened_at timestamptz,
    last_opened_at timestamptz,
    -- A draft has no link; a sent proposal has one and an end.
    CONSTRAINT proposals_sent_has_link CHECK (
        (sent_at IS NULL AND token_digest IS NULL AND expires_at IS NULL)
        OR (sent_at IS NOT NULL AND token_digest IS NOT NULL AND expires_at IS NOT NULL))
);
CREATE INDEX proposals_interest_idx ON proposals (interest_id);

CREATE TYPE proposal_verdict AS ENUM ('interesting', 'not_interesting');

CREATE TABLE proposal_items (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    proposal_id bigint NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    plot_id bigint REFERENCES plot_records (id) ON DELETE CASCADE,
    future_area_id bigint REFERENCES future_areas (id) ON DELETE CASCADE,
    note text NOT NULL DEFAULT '' CHECK (length(note) <= 300),
    verdict proposal_verdict,
    verdict_at timestamptz,
    CONSTRAINT proposal_items_one_thing CHECK (num_nonnulls(plot_id, future_area_id) = 1),
    CONSTRAINT proposal_items_plot_once UNIQUE (proposal_id, plot_id),
    CONSTRAINT proposal_items_area_once UNIQUE (proposal_id, future_area_id)
);
CREATE INDEX proposal_items_proposal_idx ON proposal_items (proposal_id, id);

ALTER TABLE outgoing_mail
    ADD COLUMN proposal_id bigint REFERENCES proposals (id) ON DELETE CASCADE;
CREATE INDEX outgoing_mail_proposal_idx ON outgoing_mail (proposal_id);

-- A booking made from a proposal belongs to its case.
ALTER TABLE meeting_bookings
    ADD COLUMN interest_id bigint REFERENCES interests (id) ON DELETE SET NULL;

ALTER TYPE mail_kind ADD VALUE 'proposal';
ALTER TYPE mail_kind ADD VALUE 'proposal_question';
