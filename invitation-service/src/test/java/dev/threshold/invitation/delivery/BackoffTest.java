package dev.threshold.invitation.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromInitialUpToTheCap() {
        Duration initial = Duration.ofSeconds(30);
        Duration max = Duration.ofHours(1);
        assertThat(DeliveryOutcome.backoff(1, initial, max)).isEqualTo(Duration.ofSeconds(30));
        assertThat(DeliveryOutcome.backoff(2, initial, max)).isEqualTo(Duration.ofSeconds(60));
        assertThat(DeliveryOutcome.backoff(5, initial, max)).isEqualTo(Duration.ofMinutes(8));
        assertThat(DeliveryOutcome.backoff(8, initial, max)).isEqualTo(Duration.ofHours(1));
        assertThat(DeliveryOutcome.backoff(200, initial, max)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void keepsFailureReasonsShortAndOnOneLine() {
        String reason = DeliveryOutcome.reason(new RuntimeException("outer",
                new IllegalStateException("Connection refused\r\nline two " + "x".repeat(500))));
        assertThat(reason).startsWith("IllegalStateException: Connection refused line two").hasSize(300)
                .doesNotContain("\n");
    }
}
