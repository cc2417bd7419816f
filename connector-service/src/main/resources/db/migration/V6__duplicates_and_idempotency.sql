-- What a connection reads, as a fingerprint: SHA-256 of (site, API key, normalised query) — see
-- connection/SourceFingerprint. Unique, so two connections reading the same events cannot both be
-- written (a concurrent second create loses on this index and is answered 409). NULL for rows written
-- before this version until CredentialRotation's run fills them in (it needs the decrypted key); a
-- NULL never blocks anything (NULLs are distinct in a unique index).
ALTER TABLE connection ADD COLUMN source_fingerprint text;
CREATE UNIQUE INDEX connection_source_fingerprint ON connection (source_fingerprint);

-- The connect warning "these events already exist under another connection" looks up the event a
-- stream's limit-1 probe read, under any connection: one indexed query.
CREATE INDEX event_version_by_event ON event_version (stream, event_id);

-- Idempotency-Key of POST /internal/connections: one row per (caller, key) while the create runs
-- (answer_status NULL) and then with its answer, replayed to a repeat of the same request until the
-- row expires (dorastream.idempotency.key-ttl, deleted by a scheduled cleanup).
CREATE TABLE idempotency_key (
    caller          text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_hash    text        NOT NULL,
    connection_id   uuid,
    answer_status   integer,
    answer_body     text,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (caller, idempotency_key)
);
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);
