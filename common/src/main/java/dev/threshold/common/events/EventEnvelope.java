package dev.threshold.common.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A CloudEvents 1.0 event in structured JSON mode, with the Threshold extensions {@code orgid}
 * and {@code region}. {@code type} is {@code threshold.<name>.v1}; the RabbitMQ routing key is
 * {@code <name>}. Consumers ignore unknown attributes and data fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventEnvelope(String specversion, String id, String source, String type, String subject,
        Instant time, String datacontenttype, String orgid, String region, JsonNode data) {

    public static final String CONTENT_TYPE = "application/cloudevents+json";
    private static final String TYPE_PREFIX = "threshold.";
    private static final String TYPE_SUFFIX = ".v1";

    public static String typeOf(String name) {
        return TYPE_PREFIX + name + TYPE_SUFFIX;
    }

    /** The routing key / event name: {@code threshold.org.created.v1} -> {@code org.created}. */
    public String name() {
        if (type == null || !type.startsWith(TYPE_PREFIX)) {
            return type;
        }
        int versionDot = type.lastIndexOf('.');
        return type.substring(TYPE_PREFIX.length(), versionDot);
    }

    public <T> T dataAs(Class<T> type, ObjectMapper mapper) {
        try {
            return mapper.treeToValue(data, type);
        } catch (IOException e) {
            throw new UncheckedIOException("event " + id + " has data that is not a " + type.getSimpleName(), e);
        }
    }

    /** Reads an envelope from whatever payload type the messaging connector delivered. */
    public static EventEnvelope parse(Object payload, ObjectMapper mapper) {
        try {
            if (payload instanceof EventEnvelope envelope) {
                return envelope;
            }
            if (payload instanceof JsonObject json) {
                return mapper.readValue(json.encode(), EventEnvelope.class);
            }
            if (payload instanceof Buffer buffer) {
                return mapper.readValue(buffer.getBytes(), EventEnvelope.class);
            }
            if (payload instanceof io.vertx.mutiny.core.buffer.Buffer buffer) {
                return mapper.readValue(buffer.getBytes(), EventEnvelope.class);
            }
            if (payload instanceof byte[] bytes) {
                return mapper.readValue(bytes, EventEnvelope.class);
            }
            if (payload instanceof String text) {
                return mapper.readValue(text.getBytes(StandardCharsets.UTF_8), EventEnvelope.class);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not a CloudEvents JSON envelope", e);
        }
        throw new IllegalArgumentException("unsupported event payload " + (payload == null ? "null" : payload.getClass()));
    }
}
