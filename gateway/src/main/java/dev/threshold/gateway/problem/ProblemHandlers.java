package dev.threshold.gateway.problem;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** The gateway's answers for "nothing here" and for failures: problem documents, never stack traces. */
@Singleton
public class ProblemHandlers {

    private static final Logger LOG = Logger.getLogger(ProblemHandlers.class);

    private final Problems problems;

    public ProblemHandlers(Problems problems) {
        this.problems = problems;
    }

    public void notFound(RoutingContext rc) {
        problems.send(rc, ProblemCode.NOT_FOUND);
    }

    public void methodNotAllowed(RoutingContext rc) {
        problems.send(rc, ProblemCode.METHOD_NOT_ALLOWED);
    }

    public void failure(RoutingContext rc) {
        int status = rc.statusCode();
        Throwable failure = rc.failure();
        if (failure instanceof HttpException http) {
            status = http.getStatusCode();
        }
        if (status == 404) {
            notFound(rc);
        } else if (status == 405) {
            methodNotAllowed(rc);
        } else if (status >= 400 && status < 500) {
            problems.send(rc, ProblemCode.BAD_REQUEST);
        } else {
            // The path only: the query may carry tokens.
            LOG.errorf(failure, "%s %s failed", rc.request().method().name(), rc.request().path());
            problems.send(rc, ProblemCode.INTERNAL_ERROR);
        }
    }
}
