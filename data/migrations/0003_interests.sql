-- Intresseanmälningar: companies' interest in a plot, a business area or land in general.
-- Personal data (contact name, e-mail, phone, free text): only staff ever read it, and it is
-- deleted after the retention period the public notice states (see the staff inbox issue).
CREATE TYPE interest_status AS ENUM ('new', 'contacted', 'closed');

CREATE TABLE interests (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- What the interest is about: a plot, a business area, or neither (land in general).
    plot_id bigint REFERENCES plots (id) ON DELETE SET NULL,
    business_area_id bigint REFERENCES business_areas (id) ON DELETE SET NULL,
    company_name text NOT NULL CHECK (company_name <> ''),
    -- NNNNNN-NNNN with a valid check digit (validated by the server before it gets here).
    org_number char(11) NOT NULL CHECK (org_number ~ '^[0-9]{6}-[0-9]{4}$'),
    contact_name text NOT NULL CHECK (contact_name <> ''),
    email text NOT NULL CHECK (email LIKE '%_@_%'),
    phone text NOT NULL DEFAULT '',
    wanted_area_m2 integer CHECK (wanted_area_m2 > 0),
    -- The month the company wants to start, stored as its first day.
    wanted_start date,
    message text NOT NULL DEFAULT '' CHECK (length(message) <= 4000),
    -- The language the company wrote in, so staff answer in it.
    language char(2) NOT NULL CHECK (language IN ('sv', 'en')),
    consent_at timestamptz NOT NULL,
    status interest_status NOT NULL DEFAULT 'new',
    created_at timestamptz NOT NULL DEFAULT now(),
    closed_at timestamptz
);
CREATE INDEX interests_created_idx ON interests (created_at DESC);

-- Recent submissions per client address, for the rate limit against bots. Rows older than a day
-- are deleted whenever a new one is written; nothing else reads them.
CREATE TABLE interest_submission_log (
    client_address inet NOT NULL,
    submitted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interest_submission_log_idx ON interest_submission_log (client_address, submitted_at);
