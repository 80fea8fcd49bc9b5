-- The Zeebe job that holds each task's operator step, until the operator finishes.
CREATE TABLE operator_work_item (
    task_id      TEXT        PRIMARY KEY,
    job_key      BIGINT      NOT NULL,
    activated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Finding the task of an operator session is a query on the journal's JSON payloads.
CREATE INDEX journal_event_operator_session_idx ON journal_event ((payload ->> 'sessionId'))
    WHERE event_type = 'OperatorAssigned';
