package dev.threshold.identity.sso.saml;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Keeps the SAML tables small: expired AuthnRequest ids, assertion ids past their expiry (a replay
 * of them fails the expiry check anyway) and unredeemed completions. Idempotent, every instance may run it.
 */
@ApplicationScoped
public class SamlCleanup {

    private static final Logger LOG = Logger.getLogger(SamlCleanup.class);

    private final SamlStateRepository state;
    private final Clock clock;

    public SamlCleanup(SamlStateRepository state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    @Scheduled(every = "10m", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().onFailure().invoke(e -> LOG.warnf("SAML tables not cleaned up: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes what has expired; answers the number of rows deleted. */
    public Uni<Integer> run() {
        return state.deleteExpired(clock.instant());
    }
}
