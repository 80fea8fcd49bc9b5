-- Owned by read-models (Flyway versions are one sequence for the whole database).
-- Training datasets: a query over finished tasks and the journal position it is read at. A dataset never changes,
-- so every export of it gives the same data.
CREATE TABLE training_dataset (
  dataset_id        uuid        PRIMARY KEY,
  name              text        NOT NULL,
  class_group_key   text        NOT NULL,
  finished_from     timestamptz,
  finished_to       timestamptz,
  verified_only     boolean     NOT NULL,
  as_of_transaction bigint      NOT NULL,
  as_of_position    bigint      NOT NULL,
  created_time      timestamptz NOT NULL,
  created_by        text        NOT NULL
);

CREATE INDEX training_dataset_created_idx ON training_dataset (created_time DESC);
