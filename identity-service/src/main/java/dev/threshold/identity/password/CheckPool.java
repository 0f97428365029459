package dev.threshold.identity.password;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the live password checks run ({@code POST .../password/check}): their own small bounded
 * pool, apart from {@link HashingPool}, so a flood of checks (the public one needs only an
 * invitation token) can neither block the event loop with zxcvbn's few milliseconds each nor
 * delay anyone's login; when full it answers {@code 503 service_busy} with {@code Retry-After: 1}.
 * {@code threshold.password.check-pool.threads} (default 1) and {@code .queue} (default 16).
 */
@ApplicationScoped
public class CheckPool {

    private final HashingPool pool;

    public CheckPool(@ConfigProperty(name = "threshold.password.check-pool.threads", defaultValue = "1") int threads,
            @ConfigProperty(name = "threshold.password.check-pool.queue", defaultValue = "16") int queue) {
        this.pool = new HashingPool(threads, queue);
        Guessability.warmUp();
        CommonPasswords.size();
    }

    public <T> Uni<T> run(Supplier<T> work) {
        return pool.run(work);
    }

    @PreDestroy
    void shutdown() {
        pool.shutdown();
    }
}
