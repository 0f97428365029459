package dev.threshold.identity.sso.saml;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the SAML tables small: expired AuthnRequest ids, assertion ids past their expiry (a replay
 * of them fails the expiry check anyway) and unredeemed completions. Idempotent, every instance may run it.
 */
@ApplicationScoped
public class SamlCleanup {

    private static final Logger LOG = Logger.getLogger(SamlCleanup.class);

    private final Pool pool;
    private final Clock clock;
    private final List<String> statements;

    public SamlCleanup(Pool pool, Clock clock, @ConfigProperty(name = "threshold.events.schema") String schema) {
        this.pool = pool;
        this.clock = clock;
        this.statements = List.of("delete from " + schema + ".saml_request where expires_at < $1",
                "delete from " + schema + ".saml_assertion where expires_at < $1",
                "delete from " + schema + ".saml_completion where expires_at < $1");
    }

    @Scheduled(every = "10m", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().onFailure().invoke(e -> LOG.warnf("SAML tables not cleaned up: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes what has expired; answers the number of rows deleted. */
    public Uni<Integer> run() {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        Uni<Integer> total = Uni.createFrom().item(0);
        for (String sql : statements) {
            total = total.chain(sum -> pool.preparedQuery(sql).execute(Tuple.of(now)).map(rows -> sum + rows.rowCount()));
        }
        return total;
    }
}
