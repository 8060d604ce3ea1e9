-- Bookable meetings: a contact person's published times and the companies' bookings of them
-- (server/src/meetings.rs). A booking holds personal data: it is emptied, like an interest's,
-- when the retention period after the meeting has passed.
CREATE TYPE meeting_kind AS ENUM ('phone', 'video', 'visit');

CREATE TABLE meeting_slots (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contact_id bigint NOT NULL REFERENCES contact_persons (id) ON DELETE CASCADE,
    kind meeting_kind NOT NULL DEFAULT 'phone',
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    published_by bigint REFERENCES accounts (id) ON DELETE SET NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT meeting_slots_length
        CHECK (ends_at > starts_at AND ends_at <= starts_at + interval '4 hours')
);
-- One person's times never overlap: checked under a lock on the person when times are published.
CREATE INDEX meeting_slots_contact_idx ON meeting_slots (contact_id, starts_at);
CREATE INDEX meeting_slots_starts_idx ON meeting_slots (starts_at);

CREATE TABLE meeting_bookings (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slot_id bigint NOT NULL REFERENCES meeting_slots (id) ON DELETE CASCADE,
    company_name text NOT NULL CHECK (length(company_name) <= 200),
    contact_name text NOT NULL CHECK (length(contact_name) <= 200),
    email text NOT NULL CHECK (length(email) <= 254),
    phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    message text NOT NULL DEFAULT '' CHECK (length(message) <= 2000),
    -- What it is about, in a few words, as the company saw it: "Görla 9:12 (Görla verksamhetsområde)".
    subject text NOT NULL CHECK (length(subject) <= 400),
    plot_id bigint REFERENCES plot_records (id) ON DELETE SET NULL,
    question question_kind NOT NULL DEFAULT 'land_and_price',
    language text NOT NULL DEFAULT 'sv' CHECK (language IN ('sv', 'en')),
    -- The company's link (`/boka/bokad?nyckel=…`) holds the token; only its digest is kept.
    token_digest bytea NOT NULL UNIQUE,
    booked_at timestamptz NOT NULL DEFAULT now(),
    cancelled_at timestamptz,
    cancelled_by text CHECK (cancelled_by IN ('company', 'staff')),
    personal_data_deleted_at timestamptz
);
-- A time has at most one booking that stands: two companies booking it at once, one gets it.
CREATE UNIQUE INDEX meeting_bookings_one_per_slot ON meeting_bookings (slot_id)
    WHERE cancelled_at IS NULL;

ALTER TABLE outgoing_mail
    ADD COLUMN booking_id bigint REFERENCES meeting_bookings (id) ON DELETE CASCADE,
    -- An iCalendar file sent along (text/calendar).
    ADD COLUMN calendar text;
CREATE INDEX outgoing_mail_booking_idx ON outgoing_mail (booking_id);

ALTER TYPE mail_kind ADD VALUE 'booking';
ALTER TYPE mail_kind ADD VALUE 'booking_cancelled';
