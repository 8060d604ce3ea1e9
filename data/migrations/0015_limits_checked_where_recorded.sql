-- The sign-in and interest limits are checked and recorded under one lock (server/src/auth.rs,
-- server/src/interest.rs). A sign-in attempt is recorded as failed before its password is
-- checked, and marked as succeeded after: it needs an id to be found again.
ALTER TABLE sign_in_attempts ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
-- The interest limit counts an IPv6 client by its /64 (stored as that network); an IPv4
-- client by its address.
COMMENT ON COLUMN interest_submission_log.client_address IS
    'The client: an IPv4 address, or the /64 network of an IPv6 address';
