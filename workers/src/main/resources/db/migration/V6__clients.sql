-- The integrators who submit tasks. A client authenticates with an API key (only its SHA-256 is stored) and
-- checks callbacks with its own signing secret, which Loupe must keep in clear to sign. After a rotation the
-- previous secret signs too until previous_secret_valid_until, so a client can switch without losing callbacks.
CREATE TABLE api_client (
    client_id                   TEXT        PRIMARY KEY CHECK (client_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name                        TEXT        NOT NULL,
    api_key_sha256              BYTEA       NOT NULL UNIQUE,
    signing_secret              TEXT        NOT NULL,
    previous_signing_secret     TEXT,
    previous_secret_valid_until TIMESTAMPTZ,
    created_at                  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A client's own quality check for a class group, over the one registered with the class group's model.
CREATE TABLE client_quality_policy (
    client_id       TEXT             NOT NULL REFERENCES api_client ON DELETE CASCADE,
    class_group_key TEXT             NOT NULL,
    sampling_rate   DOUBLE PRECISION NOT NULL CHECK (sampling_rate BETWEEN 0 AND 1),
    min_confidence  DOUBLE PRECISION NOT NULL CHECK (min_confidence BETWEEN 0 AND 1),
    PRIMARY KEY (client_id, class_group_key)
);
