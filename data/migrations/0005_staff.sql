-- The staff workspace: accounts with roles, sessions, sign-in attempts and every plot's history.
--
-- Roles: `staff` (mark- och exploatering) keep plots; `planner` publishes plans and future
-- areas; `admin` does both and manages accounts. What each may do is decided by the server
-- (markkartan_app::domain::Role), never by which buttons a page shows.
CREATE TYPE staff_role AS ENUM ('staff', 'planner', 'admin');

CREATE TABLE accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL CHECK (email LIKE '%_@_%'),
    name text NOT NULL CHECK (name <> ''),
    role staff_role NOT NULL,
    -- PHC string of argon2id; the password itself is never stored.
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    -- Deactivated accounts keep their name in the history but cannot sign in.
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_idx ON accounts (lower(email));

-- Signed-in sessions, shared by every server instance. The cookie holds a random token; only
-- its SHA-256 is stored, so a copy of this table does not let anyone sign in.
CREATE TABLE sessions (
    token_sha256 bytea PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- Sent back in every state-changing form (synchroniser token against CSRF).
    csrf_token text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Recent sign-in attempts for the rate limit per account and per address; rows older than a
-- day are deleted whenever a new one is written.
CREATE TABLE sign_in_attempts (
    email text NOT NULL,
    client_address inet NOT NULL,
    succeeded boolean NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_attempts_email_idx ON sign_in_attempts (lower(email), attempted_at);
CREATE INDEX sign_in_attempts_address_idx ON sign_in_attempts (client_address, attempted_at);

-- Every change to a plot: who, when, and each field from what to what (geometry as GeoJSON in
-- EPSG:3011). `version` is the plot's version the change produced.
CREATE TABLE plot_history (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plot_id bigint NOT NULL REFERENCES plots (id) ON DELETE CASCADE,
    account_id bigint REFERENCES accounts (id),
    version integer NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    -- [{"field": "status", "from": "available", "to": "reserved"}, ...]
    changes jsonb NOT NULL CHECK (jsonb_typeof(changes) = 'array' AND jsonb_array_length(changes) > 0),
    UNIQUE (plot_id, version)
);
