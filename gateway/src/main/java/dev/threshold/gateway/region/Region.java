package dev.threshold.gateway.region;

import java.util.Map;
import java.util.OptionalInt;

/** One region: a complete, independent deployment of the three services. */
public record Region(String code, String name, OptionalInt order, Map<Service, Upstream> upstreams) {

    public Region {
        upstreams = Map.copyOf(upstreams);
    }

    public Upstream upstream(Service service) {
        return upstreams.get(service);
    }
}
