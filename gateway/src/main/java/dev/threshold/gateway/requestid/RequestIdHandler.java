package dev.threshold.gateway.requestid;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.jboss.logging.MDC;

/**
 * Gives every request an id before anything else happens, so every log line and every response (errors included)
 * carries it. The proxy forwards it upstream.
 */
@Singleton
public class RequestIdHandler implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext rc) {
        String id = RequestIds.acceptOrGenerate(rc.request().getHeader(RequestIds.HEADER));
        rc.put(RequestIds.CONTEXT_KEY, id);
        rc.response().putHeader(RequestIds.HEADER, id);
        MDC.put(RequestIds.MDC_KEY, id);
        rc.next();
    }
}
