package dev.threshold.common.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * An {@link EventHandler} of events of a few names whose data is one type: its queue is bound to
 * those names, an event of any other name that reaches the queue (a binding an older version
 * left) is passed over, and the others come to {@link #apply(EventEnvelope, Object)} with their
 * data read. A subclass is a {@code @Singleton} (a normal-scoped bean would need a no-argument
 * constructor here for its client proxy).
 *
 * @param <T> the data of the events, a record that ignores unknown fields
 */
public abstract class TypedEventHandler<T> implements EventHandler {

    private final String queue;
    private final Class<T> dataType;
    private final List<String> names;
    private final ObjectMapper mapper;

    /**
     * @param queue    queue name and inbox consumer name, e.g. {@code mfa.org-events}
     * @param dataType what the events' data is read as
     * @param names    the event names (routing keys) handled
     */
    protected TypedEventHandler(String queue, Class<T> dataType, List<String> names, ObjectMapper mapper) {
        this.queue = queue;
        this.dataType = dataType;
        this.names = List.copyOf(names);
        this.mapper = mapper;
    }

    /** Applies one event of a handled name; called as {@link EventHandler#apply(EventEnvelope)} is. */
    protected abstract Uni<Void> apply(EventEnvelope event, T data);

    @Override
    public String queue() {
        return queue;
    }

    @Override
    public List<String> routingKeys() {
        return names;
    }

    @Override
    public Uni<Void> apply(EventEnvelope event) {
        if (!names.contains(event.name())) {
            return Uni.createFrom().voidItem();
        }
        return apply(event, event.dataAs(dataType, mapper));
    }
}
