package dev.threshold.identity.password;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Where the live password checks run ({@code POST .../password/check}): their own small bounded
 * pool, apart from {@link HashingPool}, so a flood of checks (the public one needs only an
 * invitation token) can neither block the event loop with zxcvbn's few milliseconds each nor
 * delay anyone's login; when full it answers {@code 503 service_busy} with {@code Retry-After: 1}.
 * {@code threshold.password.check-pool.threads} (default 1) and {@code .queue} (default 16).
 */
@ApplicationScoped
public class CheckPool {

    private static final Logger LOG = Logger.getLogger(CheckPool.class);

    private final HashingPool pool;

    public CheckPool(@ConfigProperty(name = "threshold.password.check-pool.threads", defaultValue = "1") int threads,
            @ConfigProperty(name = "threshold.password.check-pool.queue", defaultValue = "16") int queue) {
        this.pool = new HashingPool(threads, queue);
    }

    /**
     * Loads the list (about 0.1 s) and zxcvbn's dictionaries (about 1 s of CPU) on this pool's
     * thread at start-up, so neither the first login nor the event loop pays for it.
     */
    void warmUp(@Observes StartupEvent start) {
        pool.run(() -> {
            CommonPasswords.size();
            Guessability.warmUp();
            return null;
        }).subscribe().with(ignored -> { }, failure -> LOG.warnf("password checker warm-up failed: %s", failure.toString()));
    }

    public <T> Uni<T> run(Supplier<T> work) {
        return pool.run(work);
    }

    @PreDestroy
    void shutdown() {
        pool.shutdown();
    }
}
