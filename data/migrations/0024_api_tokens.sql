-- API tokens: how a standards client (QGIS, GDAL, a script) writes plots through OGC API –
-- Features Part 4 as an account, without that account's password. An admin issues one on the
-- accounts page, named and with an expiry; it is shown once and only its SHA-256 is kept, as
-- for sessions. Revoking keeps the row, so its uses stay explained.
CREATE TABLE api_tokens (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_sha256 bytea NOT NULL UNIQUE,
    issued_by bigint NOT NULL REFERENCES accounts (id),
    issued_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    last_used_at timestamptz,
    CONSTRAINT api_tokens_expiry CHECK (expires_at > issued_at)
);
CREATE INDEX api_tokens_account_idx ON api_tokens (account_id);

-- Every request a token authenticated: when, what and where.
CREATE TABLE api_token_uses (
    id bigserial PRIMARY KEY,
    token_id bigint NOT NULL REFERENCES api_tokens (id),
    used_at timestamptz NOT NULL DEFAULT now(),
    method text NOT NULL,
    path text NOT NULL
);
CREATE INDEX api_token_uses_token_idx ON api_token_uses (token_id, used_at DESC);

-- A plot may be retired on its own (deleted through the API), not only merged into another:
-- `retired_into` names the plot it became part of, when there is one.
ALTER TABLE plot_records DROP CONSTRAINT plot_records_retirement;
ALTER TABLE plot_records ADD CONSTRAINT plot_records_retirement
    CHECK (retired_into IS NULL OR retired_at IS NOT NULL);
