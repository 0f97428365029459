package dev.threshold.identity.reset;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Forgotten-password requests whose links were never made: the process that answered them died
 * before its transaction committed (a crash, a kill, a restart). Each is handled as it would have
 * been ({@link PasswordResetService#issue}, which takes a request at most once), so the person gets
 * their email a little late instead of never. Requests younger than a minute are left to the
 * process that answered them. Every instance may run it.
 */
@ApplicationScoped
public class PasswordResetRequestSweep {

    private static final Logger LOG = Logger.getLogger(PasswordResetRequestSweep.class);
    static final Duration LEFT_AFTER = Duration.ofMinutes(1);
    private static final int BATCH = 100;

    private final PasswordResetRequestRepository requests;
    private final PasswordResetService service;
    private final Clock clock;

    public PasswordResetRequestSweep(PasswordResetRequestRepository requests, PasswordResetService service, Clock clock) {
        this.requests = requests;
        this.service = service;
        this.clock = clock;
    }

    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().onFailure().invoke(e -> LOG.warnf("forgotten-password requests not swept: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Handles the requests left for more than {@link #LEFT_AFTER}; answers how many links were made. */
    public Uni<Integer> run() {
        return Panache.withSession(() -> requests.leftBefore(clock.instant().minus(LEFT_AFTER), BATCH))
                .chain(this::handle);
    }

    private Uni<Integer> handle(List<PasswordResetRequest> left) {
        Uni<Integer> made = Uni.createFrom().item(0);
        for (PasswordResetRequest request : left) {
            made = made.chain(sum -> service.issue(request.id, request.email).map(links -> sum + links));
        }
        return made.invoke(links -> {
            if (!left.isEmpty()) {
                LOG.infof("forgotten-password requests left by a stopped process: %d handled, %d link(s) made",
                        left.size(), links);
            }
        });
    }
}
