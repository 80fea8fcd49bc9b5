-- Every grant of Loupe's database roles, in one place (docs/adr/0018-database-roles.md; docs/security.md lists them).
-- Flyway runs it as the owner after the versioned migrations of every module, and again whenever this file changes.
--
--   owner        owns every table, sequence and function, runs the migrations and the journal archive: no grants
--   application  the statements the application issues, nothing more
--   replication  REPLICATION (given by whoever creates the role) and what the relay reads and writes
--
-- A new table gets its grants here, in the change that adds its V<n> migration: read every statement the code issues
-- on it (JdbcClient/JdbcTemplate) and grant exactly those verbs, plus USAGE on any sequence its inserts draw from;
-- ON CONFLICT ... DO UPDATE and SELECT ... FOR UPDATE need UPDATE. A table no role's code touches gets no grant. Add
-- the table to docs/security.md too. The roles are the connections' own users (dev.loupe.app.DatabaseGrants).

-- event-journal: events are appended and read, never changed or removed (no UPDATE, DELETE or TRUNCATE, and no
-- ownership: only the owner may disable the append-only trigger, detach or drop a month)
GRANT SELECT, INSERT ON journal_event TO "${application_role}";
GRANT USAGE ON SEQUENCE journal_position_seq TO "${application_role}";
GRANT SELECT, INSERT, UPDATE ON journal_stream TO "${application_role}";
GRANT EXECUTE ON FUNCTION journal_ensure_partition(DATE) TO "${application_role}";
GRANT SELECT, INSERT, UPDATE ON journal_snapshot TO "${application_role}";
GRANT SELECT ON journal_archive_segment, journal_archive_stream TO "${application_role}";
GRANT SELECT, DELETE ON journal_relay_offset TO "${application_role}";

-- workers
GRANT SELECT, INSERT, UPDATE, DELETE ON operator_work_item TO "${application_role}";
GRANT SELECT, INSERT, UPDATE, DELETE ON model_registration TO "${application_role}";
-- the registry's classifiers (V15): a new version replaces the class group's row
GRANT SELECT, INSERT, UPDATE, DELETE ON classifier_registration TO "${application_role}";
GRANT SELECT, INSERT, UPDATE ON api_client TO "${application_role}";
GRANT SELECT, INSERT, UPDATE, DELETE ON client_quality_policy TO "${application_role}";
-- a client's unit prices (V11): setting them replaces the client's whole list
GRANT SELECT, INSERT, DELETE ON client_price TO "${application_role}";
-- people, their tokens and teams (V9): Spring Security's JdbcUserDetailsManager updates a person and replaces their
-- authorities; no one is ever deleted, only disabled
GRANT SELECT, INSERT, UPDATE ON staff_user TO "${application_role}";
GRANT SELECT, INSERT, DELETE ON staff_authority TO "${application_role}";
GRANT SELECT, INSERT, DELETE ON staff_token TO "${application_role}";
GRANT SELECT, INSERT, UPDATE, DELETE ON team TO "${application_role}";
GRANT SELECT, INSERT, DELETE ON team_member TO "${application_role}";
-- the recipe versions deployed (V13): kept, never changed
GRANT SELECT, INSERT ON recipe_deployment TO "${application_role}";
GRANT USAGE ON SEQUENCE recipe_deployment_deployment_id_seq TO "${application_role}";

-- read-models
GRANT SELECT, INSERT ON read_model_dead_letter_resolution TO "${application_role}";
GRANT SELECT, INSERT, UPDATE, DELETE ON read_model_quarantine TO "${application_role}";
GRANT SELECT, INSERT, UPDATE ON read_model_rebuild TO "${application_role}";
GRANT SELECT, INSERT ON training_dataset TO "${application_role}";

-- the relay (Debezium): reads the journal (its snapshot), beats, stores its offsets
GRANT SELECT ON journal_event TO "${replication_role}";
GRANT SELECT, INSERT, UPDATE ON journal_relay_heartbeat TO "${replication_role}";
GRANT SELECT, INSERT, DELETE ON journal_relay_offset TO "${replication_role}";

-- What the relay streams. The owner publishes the journal (PostgreSQL lets only a table's owner add it to a
-- publication); partitions go out under the table's own name.
DO
$$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_publication WHERE pubname = '${relay_publication}') THEN
        CREATE PUBLICATION "${relay_publication}" FOR TABLE journal_event WITH (publish_via_partition_root = true);
    END IF;
END
$$;
