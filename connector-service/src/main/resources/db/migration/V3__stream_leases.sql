-- Replicas share the streams through row leases: a replica polls a stream only while it holds an
-- unexpired lease on its row; every claim raises the epoch, and a save checks owner and epoch, so a
-- replica that stalled past its lease can no longer move the stream's position.
ALTER TABLE stream_state
    ADD COLUMN lease_owner text,
    ADD COLUMN lease_until timestamptz,
    ADD COLUMN lease_epoch bigint NOT NULL DEFAULT 0;
