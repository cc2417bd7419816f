package io.dorastream.events;

/** Header names carried by every record of the event topics (tombstones included). */
public final class EventHeaders {

    /** The event's version (decimal string): consumers drop a version not newer than the one they hold. */
    public static final String VERSION = "dora_version";
    /** The envelope's schema version (decimal string). */
    public static final String SCHEMA_VERSION = "dora_schema_version";

    /** CloudEvents Kafka binding (binary mode) attributes. */
    public static final String CE_ID = "ce_id";
    public static final String CE_TYPE = "ce_type";
    public static final String CE_SOURCE = "ce_source";
    public static final String CE_TIME = "ce_time";
    public static final String CE_SPECVERSION = "ce_specversion";

    public static final String CE_TYPE_DEPLOYMENT = "io.dorastream.deployment.v1";
    public static final String CE_TYPE_INCIDENT = "io.dorastream.incident.v1";
    public static final String CE_TYPE_DELETED_SUFFIX = ".deleted";
    public static final String SPEC_VERSION = "1.0";

    /*
     * Headers a dead-letter record carries besides the original record's key, value and headers: those
     * SmallRye Reactive Messaging's Kafka dead-letter-queue failure strategy writes.
     */
    /** DLQ: the class name of the exception that failed the record. */
    public static final String DLQ_EXCEPTION_CLASS_NAME = "dead-letter-exception-class-name";
    /** DLQ: the exception's message. */
    public static final String DLQ_REASON = "dead-letter-reason";
    /** DLQ: the class name of the exception's cause, when it has one. */
    public static final String DLQ_CAUSE_CLASS_NAME = "dead-letter-cause-class-name";
    /** DLQ: the message of the exception's cause, when it has one. */
    public static final String DLQ_CAUSE = "dead-letter-cause";
    /** DLQ: the topic the record was read from. */
    public static final String DLQ_TOPIC = "dead-letter-topic";
    /** DLQ: the partition the record was read from. */
    public static final String DLQ_PARTITION = "dead-letter-partition";
    /** DLQ: the offset the record was read at. */
    public static final String DLQ_OFFSET = "dead-letter-offset";

    private EventHeaders() {
    }

    /** {@code ce_source} of a record: the connection and site that read it. */
    public static String source(java.util.UUID connectionId, String site) {
        return "/dorastream/connections/" + connectionId + "/" + site;
    }

    /** {@code ce_id}: unique per event version. */
    public static String ceId(EventKey key, long version) {
        return key + ":" + version;
    }
}
