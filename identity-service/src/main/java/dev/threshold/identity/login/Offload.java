package dev.threshold.identity.login;

import dev.threshold.identity.password.HashingPool;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Runs password hashing on the bounded hashing pool and comes back to the caller's Vert.x context,
 * where Hibernate Reactive sessions must be used.
 */
@ApplicationScoped
public class Offload {

    private final HashingPool pool;

    public Offload(HashingPool pool) {
        this.pool = pool;
    }

    public <T> Uni<T> hashing(Supplier<T> work) {
        Context context = Vertx.currentContext();
        Uni<T> result = pool.run(work);
        return context == null ? result : result.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
}
