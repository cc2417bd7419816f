package io.dorastream.connector.connection;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A connection to a Datadog organisation. Keys are held encrypted; see {@link CredentialCipher}. */
@Entity
@Table(name = "connection")
public class ConnectionEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public String name;
    public String site;
    @Column(name = "api_key_enc")
    public String apiKeyEnc;
    @Column(name = "app_key_enc")
    public String appKeyEnc;
    @Column(name = "api_key_hint")
    public String apiKeyHint;
    @Column(name = "app_key_hint")
    public String appKeyHint;
    public String query;
    /** {@link SourceFingerprint} of site, API key and query; unique; null until filled for rows of before it existed. */
    @Column(name = "source_fingerprint")
    public String sourceFingerprint;
    @Column(name = "backfill_days")
    public int backfillDays;
    @Column(name = "poll_interval_seconds")
    public int pollIntervalSeconds;
    public boolean paused;
    @Convert(converter = ConnectionStatus.Column.class)
    public ConnectionStatus status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
