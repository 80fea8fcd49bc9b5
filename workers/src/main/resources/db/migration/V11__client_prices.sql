-- A client's unit prices (docs/billing.md): what one delivered result of a task type costs on each path (automatic,
-- checked by an operator, done by an operator), in the one currency loupe.billing.currency names. A type and path
-- without a row has no price: its bill line shows the counts with no amount. Rejected and cancelled runs are counted,
-- never priced.
CREATE TABLE client_price (
    client_id  TEXT          NOT NULL REFERENCES api_client ON DELETE CASCADE,
    task_type  TEXT          NOT NULL,
    path       TEXT          NOT NULL CHECK (path IN ('automatic', 'checked', 'operator')),
    unit_price NUMERIC(12, 4) NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (client_id, task_type, path)
);
