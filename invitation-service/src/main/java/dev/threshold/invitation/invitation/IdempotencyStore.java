package dev.threshold.invitation.invitation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.invitation.config.InvitationConfig;
import dev.threshold.invitation.problem.InvitationProblem;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * {@code Idempotency-Key} of create and bulk, per org. Inside the request's transaction the key
 * is claimed first: a concurrent repeat waits on that row and then replays the stored response.
 * A request that fails leaves no key behind, so only successful responses are replayed.
 */
@ApplicationScoped
public class IdempotencyStore {

    private static final Logger LOG = Logger.getLogger(IdempotencyStore.class);
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final IdempotencyKeyRepository keys;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final InvitationConfig config;

    public IdempotencyStore(IdempotencyKeyRepository keys, ObjectMapper mapper, Clock clock, InvitationConfig config) {
        this.keys = keys;
        this.mapper = mapper;
        this.clock = clock;
        this.config = config;
    }

    /** A response stored for a key: the status and JSON body of the first request. */
    public record Stored(int status, String body) {
    }

    /** Rejects keys that are not 1-255 visible ASCII characters. */
    public static String validKey(String key) {
        if (key == null) {
            return null;
        }
        if (!KEY.matcher(key).matches()) {
            throw new ProblemException(InvitationProblem.IDEMPOTENCY_KEY_INVALID);
        }
        return key;
    }

    /** Hash of what the request asks for: operation and body with object keys sorted. */
    public String requestHash(String operation, Object body) {
        JsonNode canonical = canonical(mapper.valueToTree(body));
        try {
            return HexFormat.of().formatHex(InvitationTokens.sha256(operation + "\n" + mapper.writeValueAsString(canonical)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * In the current transaction: claims the key, or returns the stored response of the first
     * request with it. Fails with {@code idempotency_key_reused} for a different request.
     */
    public Uni<Stored> claim(UUID orgId, String key, String requestHash) {
        return keys.claim(orgId, key, requestHash, clock.instant())
                .chain(claimed -> claimed ? Uni.createFrom().nullItem() : keys.find(orgId, key).map(row -> {
                    if (!requestHash.equals(row.requestHash())) {
                        throw new ProblemException(InvitationProblem.IDEMPOTENCY_KEY_REUSED);
                    }
                    return new Stored(row.status(), row.body());
                }));
    }

    /** In the same transaction as {@link #claim}: the response to replay for this key. */
    public Uni<Void> complete(UUID orgId, String key, int status, Object body) {
        String json;
        try {
            json = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return keys.complete(orgId, key, status, json);
    }

    @Scheduled(every = "1h", delayed = "5m", identity = "idempotency-purge")
    Uni<Void> purge() {
        Instant cutoff = clock.instant().minus(config.idempotency().retention());
        return keys.purgeBefore(cutoff)
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.debugf("Purged %d idempotency keys older than %s", deleted, config.idempotency().retention());
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("Idempotency key purge failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private JsonNode canonical(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode sorted = mapper.createObjectNode();
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
                names.add(it.next());
            }
            names.stream().sorted().forEach(name -> sorted.set(name, canonical(object.get(name))));
            return sorted;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = mapper.createArrayNode();
            array.forEach(element -> copy.add(canonical(element)));
            return copy;
        }
        return node;
    }
}
