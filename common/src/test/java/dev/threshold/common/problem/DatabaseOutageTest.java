package dev.threshold.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

    @Test
    void aRefusedConnectionAnywhereInTheChainIsAnOutage() {
        ConnectException refused = new ConnectException("Connection refused: /127.0.0.1:5432");
        assertThat(DatabaseOutage.causeOf(new CompletionException(new RuntimeException(refused)))).isSameAs(refused);
        assertThat(DatabaseOutage.causeOf(ClosedConnectionException.INSTANCE)).isNotNull();
        assertThat(DatabaseOutage.causeOf(new java.net.SocketException("Connection reset"))).isNotNull();
    }

    @Test
    void aServerShuttingDownOrStartingIsAnOutage() {
        for (String state : new String[] {"57P01", "57P02", "57P03", "08006", "08001", "53300"}) {
            assertThat(DatabaseOutage.causeOf(new PgException("FATAL", "FATAL", state, null))).as(state).isNotNull();
        }
    }

    @Test
    void aCommandOnAConnectionThatIsClosingIsAnOutage() {
        Throwable notActive = new io.vertx.core.impl.NoStackTraceThrowable(
                "Connection is not active now, current status: CLOSED");
        assertThat(DatabaseOutage.causeOf(new CompletionException(notActive))).isSameAs(notActive);
        assertThat(DatabaseOutage.causeOf(new io.vertx.core.impl.NoStackTraceThrowable("Timeout"))).isNull();
    }

    @Test
    void anUnexplainedFailureCountsAsTheOutagesAftermathOnlyForAFewSeconds() {
        // an hour ago: the static state this leaves behind must not turn other tests' 500s into 503s
        long seenAt = System.nanoTime() - java.time.Duration.ofHours(1).toNanos();
        DatabaseOutage.seen(seenAt);
        assertThat(DatabaseOutage.seenWithin(seenAt + DatabaseOutage.AFTERMATH.toNanos())).isTrue();
        assertThat(DatabaseOutage.seenWithin(seenAt + DatabaseOutage.AFTERMATH.toNanos() + 1)).isFalse();
    }

    @Test
    void bugsAndConstraintViolationsAreNot() {
        assertThat(DatabaseOutage.causeOf(new PgException("duplicate key", "ERROR", "23505", null))).isNull();
        assertThat(DatabaseOutage.causeOf(new IllegalStateException("bug"))).isNull();
        assertThat(DatabaseOutage.causeOf(new RuntimeException(new NullPointerException()))).isNull();
    }
}
