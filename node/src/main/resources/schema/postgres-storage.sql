-- Ferry's storage settings for the plugin's PostgreSQL tables. Repeating them changes nothing.
-- PostgreSQL compresses (pglz) every value that makes a row longer than about 2 KB. Journal
-- events of a batch of ten messages are 3 to 5 KB: with a target of 8160 bytes they stay in the
-- row uncompressed, and the database spends no CPU compressing them on every write.
ALTER TABLE public.event_journal SET (toast_tuple_target = 8160);
-- Snapshots of deep queues are hundreds of megabytes, compressing them took the database
-- seconds of a core: they are stored out of line as they are.
ALTER TABLE public.snapshot ALTER COLUMN snapshot_payload SET STORAGE EXTERNAL
