-- Loupe connects as three roles (docs/adr/0018-database-roles.md): the owner runs the migrations and the archive,
-- the application appends and reads events, the relay streams them. Their grants are in R__grants.sql (module app).

-- The application keeps the months ahead partitioned (JournalPartitions) without owning the journal: the function
-- runs as its owner, with a search path no caller can put a table or function of its own in front of, and only the
-- roles granted EXECUTE may call it.
ALTER FUNCTION journal_ensure_partition(DATE) SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp;
REVOKE EXECUTE ON FUNCTION journal_ensure_partition(DATE) FROM PUBLIC;

-- Debezium's offsets, in the table its JdbcOffsetBackingStore would create: created here, so the relay's role needs
-- no CREATE on the schema. A database the relay already ran on has it.
CREATE TABLE IF NOT EXISTS journal_relay_offset (
    id                VARCHAR(36) NOT NULL,
    offset_key        VARCHAR(1255),
    offset_val        VARCHAR(1255),
    record_insert_ts  TIMESTAMP   NOT NULL,
    record_insert_seq INTEGER     NOT NULL
);
