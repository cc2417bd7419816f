package io.dorastream.events.serde;

import java.io.IOException;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import com.fasterxml.jackson.databind.JavaType;

import io.dorastream.events.DoraJson;

/** Reads a contract record from JSON; a tombstone ({@code null}) stays {@code null}. */
public class JsonDeserializer<T> implements Deserializer<T> {

    private final JavaType type;

    protected JsonDeserializer(JavaType type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return DoraJson.mapper().readValue(data, type);
        } catch (IOException e) {
            throw new SerializationException("malformed record on " + topic + ": " + e.getMessage(), e);
        }
    }
}
