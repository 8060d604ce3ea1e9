-- The staff's interest inbox: who handles an interest, their notes, and the deletion of
-- personal data after the retention period the public notice states (default 24 months after
-- closing, MARKKARTAN_INTEREST_RETENTION_MONTHS).
ALTER TABLE interests
    ADD COLUMN assigned_to bigint REFERENCES accounts (id) ON DELETE SET NULL,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    -- Set when the personal data was deleted; what remains (company, subject, wanted area,
    -- dates) is not personal data and keeps the statistics of demand whole.
    ADD COLUMN personal_data_deleted_at timestamptz,
    ADD CONSTRAINT interests_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL));

-- After deletion the personal fields are empty, so their checks hold only before it.
ALTER TABLE interests DROP CONSTRAINT interests_contact_name_check;
ALTER TABLE interests DROP CONSTRAINT interests_email_check;
ALTER TABLE interests ADD CONSTRAINT interests_contact CHECK (
    personal_data_deleted_at IS NOT NULL OR (contact_name <> '' AND email LIKE '%_@_%')
);
ALTER TABLE interests ADD CONSTRAINT interests_personal_data_deleted CHECK (
    personal_data_deleted_at IS NULL
    OR (contact_name = '' AND email = '' AND phone = '' AND message = '')
);
CREATE INDEX interests_closed_idx ON interests (closed_at) WHERE personal_data_deleted_at IS NULL;

-- Staff's notes on an interest; personal data too, deleted with the rest.
CREATE TABLE interest_notes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    interest_id bigint NOT NULL REFERENCES interests (id) ON DELETE CASCADE,
    account_id bigint REFERENCES accounts (id) ON DELETE SET NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    text text NOT NULL CHECK (text <> '' AND length(text) <= 4000)
);
CREATE INDEX interest_notes_interest_idx ON interest_notes (interest_id, written_at);
