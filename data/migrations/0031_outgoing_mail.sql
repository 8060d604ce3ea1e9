-- E-mail Markkartan sends, queued in the transaction that causes it and sent by a worker
-- (server/src/mail.rs) with retries. A message holds personal data (an address, the company's
-- message): it is deleted with its case's personal data.
CREATE TYPE mail_kind AS ENUM ('new_case', 'confirmation');

CREATE TABLE outgoing_mail (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind mail_kind NOT NULL,
    -- The case it is about.
    interest_id bigint REFERENCES interests (id) ON DELETE CASCADE,
    to_name text NOT NULL,
    to_address text NOT NULL CHECK (to_address LIKE '%_@_%'),
    subject text NOT NULL CHECK (subject <> ''),
    body text NOT NULL,
    queued_at timestamptz NOT NULL DEFAULT now(),
    -- Tries so far, when the next may start, and until when a worker holds it: a worker that
    -- dies while sending lets it go when the lease ends.
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_until timestamptz,
    last_error text,
    sent_at timestamptz
);
CREATE INDEX outgoing_mail_due_idx ON outgoing_mail (next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX outgoing_mail_interest_idx ON outgoing_mail (interest_id);
