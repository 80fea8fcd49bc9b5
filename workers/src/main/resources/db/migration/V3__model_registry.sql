-- Which model (name and version on the inference server) serves each class group. Not event-sourced:
-- a task records the model it was resolved to in its DetectionRequested event.
CREATE TABLE model_registration (
    class_group_key TEXT        PRIMARY KEY,
    model_name      TEXT        NOT NULL,
    model_version   TEXT        NOT NULL,
    -- quality check of the model's results: the share of tasks an operator checks, and the confidence below
    -- which an operator always checks
    sampling_rate   DOUBLE PRECISION NOT NULL CHECK (sampling_rate BETWEEN 0 AND 1),
    min_confidence  DOUBLE PRECISION NOT NULL CHECK (min_confidence BETWEEN 0 AND 1),
    registered_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
