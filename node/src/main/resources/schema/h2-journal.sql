-- Ferry's tables on embedded H2: the columns pekko-persistence-jdbc reads and writes, with fewer
-- indexes than the plugin's own H2 script. There "ordering" is a unique column beside a
-- composite primary key, so H2 keeps every event in four trees (rows by hidden row id, the
-- primary key, and two unique indexes on "ordering"). Here "ordering" is the primary key, which
-- H2 uses as the row id, and (persistence_id, sequence_number) one unique index: two trees.
-- Databases created with the plugin's script keep their tables (IF NOT EXISTS).
CREATE TABLE IF NOT EXISTS PUBLIC."event_journal" (
    "ordering" BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    "deleted" BOOLEAN DEFAULT false NOT NULL,
    "persistence_id" VARCHAR(255) NOT NULL,
    "sequence_number" BIGINT NOT NULL,
    "writer" VARCHAR NOT NULL,
    "write_timestamp" BIGINT NOT NULL,
    "adapter_manifest" VARCHAR NOT NULL,
    "event_payload" BLOB NOT NULL,
    "event_ser_id" INTEGER NOT NULL,
    "event_ser_manifest" VARCHAR NOT NULL,
    "meta_payload" BLOB,
    "meta_ser_id" INTEGER,
    "meta_ser_manifest" VARCHAR,
    CONSTRAINT "event_journal_persistence_id_sequence_number" UNIQUE ("persistence_id", "sequence_number")
);

-- "ordering" takes its values from a sequence that H2 hands out 32 at a time by default, and each
-- time those run out H2 stores the whole database once more in the middle of the insert: a fifth
-- of the CPU H2 spent committing at scenario 1's load. Values taken but unused when the node stops
-- leave a gap, which the journal allows. Databases created before get the larger cache here.
ALTER TABLE PUBLIC."event_journal" ALTER COLUMN "ordering" SET CACHE 100000;

-- Without the plugin's foreign key to "event_journal" (ON DELETE CASCADE): H2 checks it for every
-- deleted event by parsing and running a DELETE on this table, a third of the cost of deleting
-- the events before a snapshot, and Ferry tags no events, so this table stays empty. Databases
-- created with the key lose it here.
CREATE TABLE IF NOT EXISTS PUBLIC."event_tag" (
    "event_id" BIGINT NOT NULL,
    "tag" VARCHAR NOT NULL,
    PRIMARY KEY ("event_id", "tag")
);
ALTER TABLE PUBLIC."event_tag" DROP CONSTRAINT IF EXISTS "fk_event_journal";

CREATE TABLE IF NOT EXISTS PUBLIC."snapshot" (
    "persistence_id" VARCHAR(255) NOT NULL,
    "sequence_number" BIGINT NOT NULL,
    "created" BIGINT NOT NULL,
    "snapshot_ser_id" INTEGER NOT NULL,
    "snapshot_ser_manifest" VARCHAR NOT NULL,
    "snapshot_payload" BLOB NOT NULL,
    "meta_ser_id" INTEGER,
    "meta_ser_manifest" VARCHAR,
    "meta_payload" BLOB,
    PRIMARY KEY ("persistence_id", "sequence_number")
);

CREATE SEQUENCE IF NOT EXISTS PUBLIC."global_offset_seq";

CREATE TABLE IF NOT EXISTS PUBLIC."durable_state" (
    "global_offset" BIGINT DEFAULT NEXT VALUE FOR PUBLIC."global_offset_seq",
    "persistence_id" VARCHAR(255) NOT NULL,
    "revision" BIGINT NOT NULL,
    "state_payload" BLOB NOT NULL,
    "state_serial_id" INTEGER NOT NULL,
    "state_serial_manifest" VARCHAR,
    "tag" VARCHAR,
    "state_timestamp" BIGINT NOT NULL,
    PRIMARY KEY ("persistence_id")
);
CREATE INDEX IF NOT EXISTS "state_tag_idx" ON PUBLIC."durable_state" ("tag");
CREATE INDEX IF NOT EXISTS "state_global_offset_idx" ON PUBLIC."durable_state" ("global_offset")
