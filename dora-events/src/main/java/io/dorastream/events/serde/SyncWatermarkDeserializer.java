package io.dorastream.events.serde;

import io.dorastream.events.DoraJson;
import io.dorastream.events.SyncWatermark;

/** Value deserializer of {@code dora.sync.v1}. */
public class SyncWatermarkDeserializer extends JsonDeserializer<SyncWatermark> {
    public SyncWatermarkDeserializer() {
        super(DoraJson.mapper().constructType(SyncWatermark.class));
    }
}
