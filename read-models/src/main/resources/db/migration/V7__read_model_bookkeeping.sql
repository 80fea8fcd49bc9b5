-- Owned by read-models (Flyway versions are one sequence for the whole database).
-- A dead letter stops waiting once it is replayed, discarded, or its stream's document is past its version.
CREATE TABLE read_model_dead_letter_resolution (
  read_model         text        NOT NULL,
  original_topic     text        NOT NULL,
  original_partition int         NOT NULL,
  original_offset    bigint      NOT NULL,
  resolution         text        NOT NULL CHECK (resolution IN ('REPLAYED', 'SUPERSEDED', 'DISCARDED')),
  note               text,
  resolved_time      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (read_model, original_topic, original_partition, original_offset)
);

-- Streams whose own journal events cannot be folded into a read model's document.
CREATE TABLE read_model_quarantine (
  read_model       text        NOT NULL,
  stream_id        text        NOT NULL,
  stream_version   bigint      NOT NULL,
  reason           text        NOT NULL,
  quarantined_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (read_model, stream_id)
);
