-- A version is written here, unconfirmed, BEFORE it is sent to Kafka, and confirmed in the transaction
-- that saves the poll once Kafka acknowledged it. A poll that dies in between (a SIGKILL, a lost lease,
-- PostgreSQL failing the save) leaves the row unconfirmed: the next read of the event sends that version
-- again when the content is the same (a repeat) and the next one when it changed, so one version number
-- never carries two contents, and an event whose save was lost can still be tombstoned. Before this, the
-- next read found no row and sent version 1 again with whatever Datadog held by then.
ALTER TABLE event_version ADD COLUMN unconfirmed boolean NOT NULL DEFAULT false;
-- Unconfirmed tombstones still to be confirmed (few at any time): found by the tombstone rule's range reads.
CREATE INDEX event_version_unconfirmed ON event_version (connection_id, stream, started_at) WHERE unconfirmed;
