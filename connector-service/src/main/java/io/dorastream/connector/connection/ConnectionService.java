package io.dorastream.connector.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.dorastream.api.query.InputText;
import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.connector.datadog.DatadogClient;
import io.dorastream.connector.datadog.DatadogClient.Credentials;
import io.dorastream.connector.datadog.DatadogResponse;
import io.dorastream.connector.datadog.DatadogSite;
import io.dorastream.connector.datadog.DatadogRateLimitedException;
import io.dorastream.connector.datadog.DatadogUnreachableException;
import io.dorastream.connector.datadog.ValidationDeadline;
import io.dorastream.connector.messaging.EventPublisher;
import io.dorastream.connector.sync.Rereads;
import io.dorastream.events.Stream;

/** Creates and reads connections. Creation validates the keys live against Datadog before storing anything. */
@ApplicationScoped
public class ConnectionService {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ConnectionService.class);

    public static final int MAX_BACKFILL_DAYS = 730;

    private final ConnectorConfig config;
    private final DatadogClient datadog;
    private final CredentialCipher cipher;
    private final Clock clock;
    private final EventPublisher publisher;

    public ConnectionService(ConnectorConfig config, DatadogClient datadog, CredentialCipher cipher, Clock clock,
            EventPublisher publisher) {
        this.publisher = publisher;
        this.config = config;
        this.datadog = datadog;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** Input errors, field by field; empty when the request is well-formed. */
    public Map<String, String> invalidFields(NewConnection n) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (n.name() == null || n.name().isBlank()) {
            errors.put("name", "is required");
        } else if (n.name().length() > 200) {
            errors.put("name", "is longer than 200 characters");
        }
        try {
            DatadogSite.parse(n.site());
        } catch (IllegalArgumentException e) {
            errors.put("site", e.getMessage());
        }
        if (n.apiKey() == null || n.apiKey().isBlank()) {
            errors.put("apiKey", "is required");
        }
        if (n.appKey() == null || n.appKey().isBlank()) {
            errors.put("appKey", "is required");
        }
        if (n.backfillDays() != null && (n.backfillDays() < 1 || n.backfillDays() > MAX_BACKFILL_DAYS)) {
            errors.put("backfillDays", "must be between 1 and " + MAX_BACKFILL_DAYS + " (Datadog keeps 2 years)");
        }
        if (n.pollIntervalSeconds() != null && (n.pollIntervalSeconds() < 10 || n.pollIntervalSeconds() > 86_400)) {
            errors.put("pollIntervalSeconds", "must be between 10 and 86400");
        }
        if (n.query() != null && n.query().length() > 1000) {
            errors.put("query", "is longer than 1000 characters");
        }
        refuseControlCharacters(errors, "name", n.name(), "site", n.site(), "apiKey", n.apiKey(), "appKey", n.appKey(),
                "query", n.query());
        return errors;
    }

    /** Input errors of a change, field by field; empty when it is well-formed. */
    public Map<String, String> invalidFields(ConnectionPatch p) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (p.name() != null && (p.name().isBlank() || p.name().length() > 200)) {
            errors.put("name", "must be 1 to 200 characters");
        }
        if (p.apiKey() != null && p.apiKey().isBlank()) {
            errors.put("apiKey", "must not be blank");
        }
        if (p.appKey() != null && p.appKey().isBlank()) {
            errors.put("appKey", "must not be blank");
        }
        if (p.pollIntervalSeconds() != null && (p.pollIntervalSeconds() < 10 || p.pollIntervalSeconds() > 86_400)) {
            errors.put("pollIntervalSeconds", "must be between 10 and 86400");
        }
        if (p.query() != null && p.query().length() > 1000) {
            errors.put("query", "is longer than 1000 characters");
        }
        refuseControlCharacters(errors, "name", p.name(), "apiKey", p.apiKey(), "appKey", p.appKey(), "query", p.query());
        return errors;
    }

    /**
     * Each text field (name, value, name, value…) with a control character ({@link InputText}) is refused
     * by name, whatever else is wrong with it.
     */
    private static void refuseControlCharacters(Map<String, String> errors, String... fields) {
        for (int i = 0; i < fields.length; i += 2) {
            if (InputText.hasControlCharacter(fields[i + 1])) {
                errors.put(fields[i], InputText.CONTROL_CHARACTER);
            }
        }
    }

    /**
     * Applies a change. New keys, and a new query, are validated live like on creation (the stored
     * key stands in for the one not given; a blank query removes it); a stream they cannot read
     * becomes {@code unavailable}. A new query re-reads the whole backfill depth of each stream (see
     * {@link Rereads}): events that fell out of scope vanish from those reads and are tombstoned,
     * events that came into scope are published.
     *
     * @return the changed connection (with the checklist when keys or query were validated), or null when there is
     *         none with that id
     * @throws ConnectionValidationException the new keys or query are refused (nothing changed)
     * @throws DatadogUnreachableException   Datadog could not be reached (nothing changed)
     */
    public Written update(UUID id, ConnectionPatch p) {
        ConnectionEntity current = find(id);
        if (current == null) {
            return null;
        }
        boolean newKeys = p.apiKey() != null || p.appKey() != null;
        String query = p.query() == null ? current.query : SourceFingerprint.normalizedQuery(p.query());
        boolean newQuery = !Objects.equals(query, current.query);
        List<SourceCheck> checks = null;
        Credentials keys = null;
        String fingerprint = null;
        if (newKeys || newQuery) {
            Credentials stored = cipher.credentials(current);
            keys = new Credentials(p.apiKey() != null ? p.apiKey().trim() : stored.apiKey(),
                    p.appKey() != null ? p.appKey().trim() : stored.appKey());
            DatadogSite site = DatadogSite.parse(current.site);
            fingerprint = SourceFingerprint.of(site, keys.apiKey(), query);
            refuseDuplicate(fingerprint, id); // before the live validation: a duplicate costs no Datadog call
            checks = requireUsable(validate(site, keys, query, current.backfillDays).checks());
        }
        ConnectionEntity changed;
        try {
            changed = apply(id, p, newKeys ? keys : null, newQuery, query, fingerprint, checks);
        } catch (RuntimeException e) {
            throw duplicateOr(e, fingerprint, id);
        }
        if (changed != null && checks != null) {
            retireUnreadable(id, checks);
        }
        return changed == null ? null : new Written(changed, checks, List.of());
    }

    /**
     * Retires downstream each stream the checks found unreadable (a tombstone on its sync key): no
     * watermark of it comes while it is, so consumers must not wait for one. Its next watermark, once
     * a re-probe finds it readable and it is polled, brings it back.
     */
    private void retireUnreadable(UUID id, List<SourceCheck> checks) {
        List<java.util.concurrent.CompletableFuture<Void>> acks = new ArrayList<>();
        for (Stream stream : Stream.values()) {
            if (checks.stream().anyMatch(k -> k.name().equals(stream.id()) && !k.ok())) {
                acks.add(publisher.publishRetirement(id, stream));
            }
        }
        EventPublisher.awaitAll(acks);
    }

    /**
     * @param keys   the new keys, or null when unchanged
     * @param newQuery whether the query changes, to {@code query} (null: none)
     * @param fingerprint the {@link SourceFingerprint} of the keys and query as changed, or null when neither changed
     * @param checks the live validation of the new keys or query, or null when neither changed
     */
    @Transactional
    ConnectionEntity apply(UUID id, ConnectionPatch p, Credentials keys, boolean newQuery, String query,
            String fingerprint, List<SourceCheck> checks) {
        ConnectionEntity c = ConnectionEntity.findById(id);
        if (c == null) {
            return null;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (p.name() != null) {
            c.name = p.name().trim();
        }
        if (p.paused() != null) {
            c.paused = p.paused();
        }
        // locked: a poll saving meanwhile would otherwise be overwritten, or overwrite this change
        List<StreamStateEntity> streams = StreamStateEntity.<StreamStateEntity>find("connectionId", id)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        if (p.pollIntervalSeconds() != null) {
            c.pollIntervalSeconds = p.pollIntervalSeconds();
            Instant soonest = now.plusSeconds(c.pollIntervalSeconds);
            streams.stream().filter(s -> s.nextPollAt.isAfter(soonest)).forEach(s -> s.nextPollAt = soonest);
        }
        if (keys != null) {
            cipher.store(c, keys);
        }
        if (newQuery) {
            c.query = query;
        }
        if (fingerprint != null) {
            c.sourceFingerprint = fingerprint;
        }
        if (checks != null) {
            c.status = ConnectionStatus.ACTIVE;
            for (StreamStateEntity s : streams) {
                SourceCheck check = checks.stream().filter(k -> k.name().equals(s.stream)).findFirst().orElseThrow();
                s.available = check.ok();
                s.availabilityDetail = check.summary();
                s.state = !check.ok() ? StreamState.UNAVAILABLE : s.resumedState(now);
                s.clearError();
                s.nextPollAt = now;
                if (newQuery && check.ok() && s.position != null) {
                    // what was read under the old query is read again under the new one
                    Rereads.merge(s, Rereads.QUERY, Rereads.horizon(s.backfillFrom, now), s.position);
                }
            }
        }
        c.updatedAt = now;
        ConnectionEntity.flush(); // a duplicate's unique violation here, not at commit
        return c;
    }

    /**
     * Deletes the connection's row: polling stops at once. Only {@link ConnectionPurge} calls it, after
     * retiring the connection downstream.
     */
    @Transactional
    public boolean delete(UUID id) {
        return ConnectionEntity.deleteById(id);
    }

    /**
     * Validates the keys live, then stores the connection and its two streams.
     *
     * @throws DuplicateConnectionException  another connection reads the same site with the same API key and query
     *                                       (nothing stored; also when it was written while this one validated)
     * @throws ConnectionValidationException a key is refused or no stream is readable (nothing stored)
     * @throws DatadogUnreachableException   Datadog could not be reached, or not within the validation's deadline
     *                                       (nothing stored)
     */
    public Written create(NewConnection n) {
        DatadogSite site = DatadogSite.parse(n.site());
        Credentials keys = new Credentials(n.apiKey().trim(), n.appKey().trim());
        String query = SourceFingerprint.normalizedQuery(n.query());
        String fingerprint = SourceFingerprint.of(site, keys.apiKey(), query);
        refuseDuplicate(fingerprint, null); // before the live validation: a duplicate costs no Datadog call
        Validation v = validate(site, keys, query, backfillDays(n));
        List<SourceCheck> checks = requireUsable(v.checks());
        ConnectionEntity c;
        try {
            c = store(n, site, keys, query, fingerprint, checks);
        } catch (RuntimeException e) {
            // a concurrent create of the same source won the unique index while this one validated
            throw duplicateOr(e, fingerprint, null);
        }
        retireUnreadable(c.id, checks);
        List<Warning> warnings;
        try {
            warnings = eventsSeenElsewhere(c.id, v.probed());
        } catch (RuntimeException e) { // a hint only: the connection is written, its answer must not fail
            LOG.warnf("connection %s: could not look for its first events under other connections: %s", c.id, e.toString());
            warnings = List.of();
        }
        return new Written(c, checks, warnings);
    }

    /**
     * A stored connection, the live validation that let it be written (null checks when none ran), and warnings
     * about it (empty when none).
     */
    public record Written(ConnectionEntity connection, List<SourceCheck> checks, List<Warning> warnings) {
    }

    /**
     * Something the caller should look at although the write succeeded: {@code events-seen-under-another-connection}
     * names the connection under which an event the new one's probes read is already published — most likely the
     * same organisation through a different key (which {@link SourceFingerprint} cannot tell).
     */
    public record Warning(String code, UUID connectionId, String name, String message) {
        public static final String EVENTS_SEEN_ELSEWHERE = "events-seen-under-another-connection";
    }

    /** Refuses the change when another connection than {@code self} (null: any) has this fingerprint. */
    @Transactional
    void refuseDuplicate(String fingerprint, UUID self) {
        ConnectionEntity other = ConnectionEntity.<ConnectionEntity>find("sourceFingerprint", fingerprint).firstResult();
        if (other != null && !other.id.equals(self)) {
            throw new DuplicateConnectionException(other.id, other.name);
        }
    }

    /**
     * The duplicate a write ran into when {@code failure} is the violation of the fingerprint's unique index (the
     * other connection named, read in a transaction of its own); else {@code failure} itself.
     */
    private RuntimeException duplicateOr(RuntimeException failure, String fingerprint, UUID self) {
        if (fingerprint == null || !violatesFingerprintIndex(failure)) {
            return failure;
        }
        try {
            refuseDuplicate(fingerprint, self);
        } catch (DuplicateConnectionException e) {
            return e;
        }
        return failure; // the other was deleted meanwhile: the caller may try again
    }

    private static boolean violatesFingerprintIndex(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains(FINGERPRINT_INDEX)) {
                return true;
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException c
                    && FINGERPRINT_INDEX.equals(c.getConstraintName())) {
                return true;
            }
        }
        return false;
    }

    private static final String FINGERPRINT_INDEX = "connection_source_fingerprint";

    /**
     * The other connections under which an event the new connection's probes read is already published: one query
     * on {@code event_version}'s index by (stream, event id).
     */
    @Transactional
    List<Warning> eventsSeenElsewhere(UUID self, Map<Stream, String> probed) {
        if (probed.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT DISTINCT c.id, c.name FROM event_version e JOIN connection c"
                + " ON c.id = e.connection_id WHERE e.connection_id <> :self AND (");
        Map<String, Object> params = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<Stream, String> p : probed.entrySet()) {
            sql.append(i == 0 ? "" : " OR ").append("(e.stream = :s").append(i).append(" AND e.event_id = :e").append(i).append(')');
            params.put("s" + i, p.getKey().id());
            params.put("e" + i, p.getValue());
            i++;
        }
        sql.append(") ORDER BY c.name, c.id");
        jakarta.persistence.Query q = ConnectionEntity.getEntityManager().createNativeQuery(sql.toString())
                .setParameter("self", self);
        params.forEach(q::setParameter);
        List<Warning> warnings = new ArrayList<>();
        for (Object row : q.getResultList()) {
            Object[] r = (Object[]) row;
            UUID other = (UUID) r[0];
            String name = (String) r[1];
            warnings.add(new Warning(Warning.EVENTS_SEEN_ELSEWHERE, other, name, "the events this connection read first"
                    + " are already published under connection '" + name + "' (" + other + "): if both read the same"
                    + " Datadog organisation (another key to it), every figure is counted twice — delete one of them"));
        }
        return warnings;
    }

    private int backfillDays(NewConnection n) {
        return n.backfillDays() != null ? n.backfillDays() : config.sync().defaultBackfillDays();
    }

    /** Refuses keys Datadog rejects (naming which) or that can read no stream. */
    private static List<SourceCheck> requireUsable(List<SourceCheck> checks) {
        String refusal = Checklist.refusal(checks);
        if (refusal != null) {
            throw new ConnectionValidationException(refusal, checks);
        }
        return checks;
    }

    /**
     * The connect sequence ({@link Checklist}): the API key alone, then both keys where Datadog offers
     * {@code validate_keys}, then a {@code limit: 1} read of each stream over the whole backfill range, so that an
     * empty stream is told from a readable one with events.
     */
    Validation validate(DatadogSite site, Credentials keys, String query, int backfillDays) {
        ValidationDeadline deadline = ValidationDeadline.in(config.datadog().validationDeadline());
        List<SourceCheck> checks = new ArrayList<>();
        Map<Stream, String> probed = new java.util.EnumMap<>(Stream.class);
        DatadogResponse v = datadog.validate(site, keys.apiKey(), deadline);
        failOnOutage(v);
        if (!v.ok()) {
            checks.add(Checklist.apiKeyRefused(site, v));
            return new Validation(checks, probed);
        }
        checks.add(SourceCheck.passed(Checklist.API_KEY));
        DatadogResponse k = datadog.validateKeys(site, keys, deadline);
        failOnOutage(k);
        SourceCheck appKey = Checklist.appKey(k);
        if (appKey != null) {
            checks.add(appKey);
            if (!appKey.ok()) {
                return new Validation(checks, probed);
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant from = now.minus(Duration.ofDays(backfillDays));
        for (Stream stream : Stream.values()) {
            DatadogResponse r = datadog.list(site, keys, stream, from, now, 1, query, deadline);
            failOnOutage(r);
            checks.add(Checklist.stream(stream, r, appKey != null, backfillDays, query));
            String eventId = Checklist.probedEventId(r);
            if (eventId != null) {
                probed.put(stream, eventId);
            }
        }
        return new Validation(checks, probed);
    }

    /** A live validation: its checklist, and the id of the event each readable stream's probe read (if any). */
    record Validation(List<SourceCheck> checks, Map<Stream, String> probed) {
    }

    private static void failOnOutage(DatadogResponse r) {
        if (r.status() == 429) {
            Integer reset = r.rateLimit() == null ? null : r.rateLimit().reset();
            throw new DatadogRateLimitedException("Datadog answered HTTP 429 while validating: " + r.errorText(),
                    java.time.Duration.ofSeconds(reset == null ? 60 : Math.max(1, reset)));
        }
        if (r.status() >= 500) {
            throw new DatadogUnreachableException("Datadog answered HTTP " + r.status() + " while validating: " + r.errorText(), null);
        }
    }

    @Transactional
    ConnectionEntity store(NewConnection n, DatadogSite site, Credentials keys, String query, String fingerprint,
            List<SourceCheck> checks) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        ConnectionEntity c = new ConnectionEntity();
        c.id = UUID.randomUUID();
        c.name = n.name().trim();
        c.site = site.host();
        cipher.store(c, keys);
        c.query = query;
        c.sourceFingerprint = fingerprint;
        c.backfillDays = backfillDays(n);
        c.pollIntervalSeconds = n.pollIntervalSeconds() != null ? n.pollIntervalSeconds()
                : config.sync().defaultPollIntervalSeconds();
        c.status = ConnectionStatus.ACTIVE;
        c.createdAt = now;
        c.updatedAt = now;
        c.persist();
        for (Stream stream : Stream.values()) {
            SourceCheck check = checks.stream().filter(k -> k.name().equals(stream.id())).findFirst().orElseThrow();
            StreamStateEntity s = new StreamStateEntity();
            s.connectionId = c.id;
            s.stream = stream.id();
            s.available = check.ok();
            s.availabilityDetail = check.summary();
            s.state = check.ok() ? StreamState.BACKFILLING : StreamState.UNAVAILABLE;
            s.backfillFrom = now.minus(Duration.ofDays(c.backfillDays));
            s.nextPollAt = now;
            s.persist();
        }
        ConnectionEntity.flush(); // a duplicate's unique violation here, not at commit
        return c;
    }

    @Transactional
    public List<ConnectionEntity> list() {
        return ConnectionEntity.list("order by createdAt, id");
    }

    @Transactional
    public ConnectionEntity find(UUID id) {
        return ConnectionEntity.findById(id);
    }

    /** The streams of every connection, by connection id: one query for a whole listing. */
    @Transactional
    public Map<UUID, List<StreamStateEntity>> allStreams() {
        return StreamStateEntity.<StreamStateEntity>list("order by connectionId, stream").stream()
                .collect(java.util.stream.Collectors.groupingBy(s -> s.connectionId));
    }

    @Transactional
    public List<StreamStateEntity> streams(UUID connectionId) {
        return StreamStateEntity.list("connectionId = ?1 order by stream", connectionId);
    }
}
