-- Loupe's staff in the embedded default and any deployment without an OIDC provider: operators, process
-- designers, ML engineers, ops and admins. Spring Security's JdbcUserDetailsManager reads and writes these two
-- tables; a password is stored only as DelegatingPasswordEncoder's hash ("{bcrypt}...").
CREATE TABLE staff_user (
    username   TEXT        PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    password   TEXT        NOT NULL,
    enabled    BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE staff_authority (
    username  TEXT NOT NULL REFERENCES staff_user ON DELETE CASCADE,
    authority TEXT NOT NULL,
    PRIMARY KEY (username, authority)
);

-- A person's tokens for scripts and harnesses: "Authorization: Bearer lpu_...", checked by SHA-256 (a token is
-- 256 random bits, so a slow hash buys nothing), never by the password's deliberately slow hash. A token acts
-- with its user's roles of the moment, and stops working when the user is disabled or removed.
CREATE TABLE staff_token (
    token_id     UUID        PRIMARY KEY,
    username     TEXT        NOT NULL REFERENCES staff_user ON DELETE CASCADE,
    name         TEXT        NOT NULL,
    token_sha256 BYTEA       NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX staff_token_username ON staff_token (username);

-- Which work an operator sees: a team is given task types and/or class groups (an empty list: any), and an
-- operator sees the waiting tasks of every team they are in. A team given neither is given nothing.
CREATE TABLE team (
    name          TEXT   PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    task_types    TEXT[] NOT NULL DEFAULT '{}',
    class_groups  TEXT[] NOT NULL DEFAULT '{}'
);

CREATE TABLE team_member (
    team     TEXT NOT NULL REFERENCES team ON DELETE CASCADE,
    username TEXT NOT NULL,
    PRIMARY KEY (team, username)
);
CREATE INDEX team_member_username ON team_member (username);
