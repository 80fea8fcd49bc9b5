-- The journal: one row per domain event, append-only. The database itself refuses UPDATE, DELETE and TRUNCATE.
CREATE TABLE journal_event (
    position       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the writing transaction: reading all streams in (transaction_id, position) order below the oldest
    -- transaction still running never skips an event that commits late
    transaction_id BIGINT      NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    event_id       UUID        NOT NULL,
    stream_id      TEXT        NOT NULL,
    stream_version BIGINT      NOT NULL,
    event_type     TEXT        NOT NULL,
    schema_version INT         NOT NULL,
    event_time     TIMESTAMPTZ NOT NULL,
    recorded_time  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    correlation_id TEXT,
    causation_id   TEXT,
    actor          TEXT,
    payload        JSONB       NOT NULL,
    CONSTRAINT journal_event_id_uk UNIQUE (event_id),
    CONSTRAINT journal_event_stream_version_uk UNIQUE (stream_id, stream_version),
    CONSTRAINT journal_event_version_ck CHECK (stream_version >= 0),
    CONSTRAINT journal_event_schema_version_ck CHECK (schema_version >= 1)
);

CREATE INDEX journal_event_type_idx ON journal_event (event_type);
CREATE INDEX journal_event_commit_order_idx ON journal_event (transaction_id, position);

CREATE FUNCTION journal_event_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'journal events are append-only: % on journal_event refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

-- Statement-level, so even a change that matches no row is refused.
CREATE TRIGGER journal_event_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON journal_event
    FOR EACH STATEMENT EXECUTE FUNCTION journal_event_refuse_change();

-- Snapshots of folded state: an optimisation only, rebuilt from the events whenever missing or stale.
CREATE TABLE journal_snapshot (
    stream_id      TEXT        PRIMARY KEY,
    stream_version BIGINT      NOT NULL,
    state_type     TEXT        NOT NULL,
    schema_version INT         NOT NULL,
    state          JSONB       NOT NULL,
    taken_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Written by the relay's heartbeat so the replication slot advances on a quiet database.
CREATE TABLE journal_relay_heartbeat (
    id      INT         PRIMARY KEY,
    beat_at TIMESTAMPTZ NOT NULL
);
