package dev.threshold.gateway.routing;

import dev.threshold.gateway.region.Upstream;

/** No connection to an upstream could be had in time: the request never left the gateway. */
final class RegionUnavailableException extends RuntimeException {

    RegionUnavailableException(Upstream upstream, Throwable cause) {
        super("no connection to " + upstream + ": " + cause.getMessage(), cause, false, false);
    }
}
