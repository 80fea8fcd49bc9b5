-- The journal: one row per domain event, append-only. The database itself refuses UPDATE, DELETE and TRUNCATE.
CREATE TABLE journal_event (
    position       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
