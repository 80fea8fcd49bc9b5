-- V4 rebuilt the journal as a partitioned table; the operator-session lookup index comes back on it (and so on
-- every partition, present and future).
CREATE INDEX journal_event_operator_session_idx ON journal_event ((payload ->> 'sessionId'))
    WHERE event_type = 'OperatorAssigned';
