-- Owned by read-models (Flyway versions are one sequence for the whole database).
-- The latest rebuild of each read model, whichever instance runs it: every instance answers where it is, and a
-- restart does not forget it.
CREATE TABLE read_model_rebuild (
  read_model    text        PRIMARY KEY,
  state         text        NOT NULL CHECK (state IN ('RUNNING', 'DONE', 'FAILED')),
  from_index    text        NOT NULL,
  to_index      text        NOT NULL,
  events        bigint      NOT NULL,
  started_time  timestamptz NOT NULL,
  finished_time timestamptz,
  error         text
);
