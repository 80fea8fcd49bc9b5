-- Every recipe version deployed to Zeebe (docs/adr/0027-recipe-versions-kept-by-loupe.md): the BPMN as deployed, who
-- deployed it and when. The embedded engine forgets its deployments when Loupe stops, and gives the shipped recipes
-- their version numbers again when it starts, so one process id and version can name several deployments over time:
-- a task's run ran on the newest of them deployed before the run started. A deployment Zeebe answered as a duplicate
-- of the one kept for that process and version (the same checksum) adds no row.
CREATE TABLE recipe_deployment (
    deployment_id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    process_id             TEXT        NOT NULL,
    version                INTEGER     NOT NULL CHECK (version > 0),
    process_definition_key BIGINT      NOT NULL,
    resource_name          TEXT        NOT NULL,
    bpmn_xml               TEXT        NOT NULL,
    sha256                 TEXT        NOT NULL,
    deployed_at            TIMESTAMPTZ NOT NULL,
    deployed_by            TEXT        NOT NULL
);
CREATE INDEX recipe_deployment_version ON recipe_deployment (process_id, version, deployed_at);
