-- The journal becomes partitioned by month of recorded time, so old months can be archived and dropped
-- (journal_archive_* below) instead of growing one table forever.
--
-- PostgreSQL cannot keep a unique key across partitions unless it holds the partition key, so the global
-- guarantees move: journal_stream holds each stream's head version (appends lock and advance it: exactly one
-- writer wins each version), and each partition keeps unique (stream_id, stream_version) and (event_id) keys
-- of its own.

CREATE TABLE journal_stream (
    stream_id    TEXT        PRIMARY KEY,
    version      BIGINT      NOT NULL,
    created_time TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT journal_stream_version_ck CHECK (version >= 0)
);

ALTER TABLE journal_event RENAME TO journal_event_unpartitioned;
ALTER TABLE journal_event_unpartitioned RENAME CONSTRAINT journal_event_id_uk TO journal_event_unpartitioned_id_uk;
ALTER TABLE journal_event_unpartitioned
    RENAME CONSTRAINT journal_event_stream_version_uk TO journal_event_unpartitioned_stream_version_uk;
ALTER INDEX journal_event_type_idx RENAME TO journal_event_unpartitioned_type_idx;
ALTER INDEX journal_event_commit_order_idx RENAME TO journal_event_unpartitioned_commit_order_idx;

CREATE SEQUENCE journal_position_seq AS BIGINT;
SELECT setval('journal_position_seq', coalesce(max(position), 0) + 1, false) FROM journal_event_unpartitioned;

CREATE TABLE journal_event (
    position       BIGINT      NOT NULL DEFAULT nextval('journal_position_seq'),
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
    CONSTRAINT journal_event_pk PRIMARY KEY (position, recorded_time),
    CONSTRAINT journal_event_version_ck CHECK (stream_version >= 0),
    CONSTRAINT journal_event_schema_version_ck CHECK (schema_version >= 1)
) PARTITION BY RANGE (recorded_time);
ALTER SEQUENCE journal_position_seq OWNED BY journal_event.position;

CREATE INDEX journal_event_type_idx ON journal_event (event_type);
CREATE INDEX journal_event_commit_order_idx ON journal_event (transaction_id, position);

-- Statement-level triggers of a partitioned table do not fire for statements naming a partition, so every
-- partition gets the same trigger.
CREATE TRIGGER journal_event_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON journal_event
    FOR EACH STATEMENT EXECUTE FUNCTION journal_event_refuse_change();

-- The partition holding the month (UTC) of `day`, created with its keys and trigger when missing. Loupe calls
-- it at start-up and twice a day for the months ahead; an insert with no partition for its time fails.
CREATE FUNCTION journal_ensure_partition(day DATE) RETURNS TEXT
    LANGUAGE plpgsql AS
$$
DECLARE
    first_day DATE := date_trunc('month', day)::date;
    name      TEXT := format('journal_event_y%sm%s', to_char(first_day, 'YYYY'), to_char(first_day, 'MM'));
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('journal_ensure_partition'));
    IF to_regclass(name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF journal_event FOR VALUES FROM (%L) TO (%L)', name,
                       first_day::text || ' 00:00:00+00', (first_day + INTERVAL '1 month')::date::text || ' 00:00:00+00');
        EXECUTE format('CREATE UNIQUE INDEX %I ON %I (stream_id, stream_version)', name || '_stream_version_uk', name);
        EXECUTE format('CREATE UNIQUE INDEX %I ON %I (event_id)', name || '_event_id_uk', name);
        EXECUTE format('CREATE TRIGGER journal_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON %I '
                       || 'FOR EACH STATEMENT EXECUTE FUNCTION journal_event_refuse_change()', name);
    END IF;
    RETURN name;
END;
$$;

-- Partitions for every month already holding events, this month and the next one.
SELECT journal_ensure_partition(month::date)
FROM generate_series(
         date_trunc('month', least(coalesce((SELECT min(recorded_time) FROM journal_event_unpartitioned), now()), now())
                             AT TIME ZONE 'UTC'),
         date_trunc('month', now() AT TIME ZONE 'UTC') + INTERVAL '1 month',
         INTERVAL '1 month') AS month;

INSERT INTO journal_event (position, transaction_id, event_id, stream_id, stream_version, event_type, schema_version,
                           event_time, recorded_time, correlation_id, causation_id, actor, payload)
SELECT position, transaction_id, event_id, stream_id, stream_version, event_type, schema_version,
       event_time, recorded_time, correlation_id, causation_id, actor, payload
FROM journal_event_unpartitioned;

INSERT INTO journal_stream (stream_id, version, created_time)
SELECT stream_id, max(stream_version), min(recorded_time) FROM journal_event_unpartitioned GROUP BY stream_id;

-- The relay's publication followed the old table; it now follows the partitioned one, published under its own
-- name rather than each partition's.
DO
$$
DECLARE
    publication TEXT;
BEGIN
    FOR publication IN SELECT pubname FROM pg_publication_tables WHERE tablename = 'journal_event_unpartitioned'
    LOOP
        EXECUTE format('ALTER PUBLICATION %I SET TABLE journal_event', publication);
        EXECUTE format('ALTER PUBLICATION %I SET (publish_via_partition_root = true)', publication);
    END LOOP;
END;
$$;

DROP TABLE journal_event_unpartitioned;

-- What the archive command moved out of the database: one gzip file per partition, in which each stream's
-- events are one gzip member, so a stream is read back by seeking to its member.
CREATE TABLE journal_archive_segment (
    partition_name TEXT        PRIMARY KEY,
    file_name      TEXT        NOT NULL,
    range_start    TIMESTAMPTZ NOT NULL,
    range_end      TIMESTAMPTZ NOT NULL,
    event_count    BIGINT      NOT NULL,
    byte_count     BIGINT      NOT NULL,
    sha256         TEXT        NOT NULL,
    archived_time  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE journal_archive_stream (
    stream_id      TEXT   NOT NULL,
    partition_name TEXT   NOT NULL REFERENCES journal_archive_segment (partition_name),
    first_version  BIGINT NOT NULL,
    last_version   BIGINT NOT NULL,
    byte_offset    BIGINT NOT NULL,
    byte_length    BIGINT NOT NULL,
    PRIMARY KEY (stream_id, partition_name)
);
