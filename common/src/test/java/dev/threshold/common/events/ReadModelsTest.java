package dev.threshold.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The statement of every read model kept from events (the services' tests run it: an older event
 * never overwrites a newer one, e.g. mfa-service's and invitation-service's OrgEventsConsumerTest).
 */
class ReadModelsTest {

    @Test
    void aRowTakesAnEventsStateUnlessItReflectsANewerOne() {
        assertThat(ReadModels.upsertUnlessNewer("mfa.org", List.of("region", "mfa_required")))
                .isEqualTo("insert into mfa.org (id, region, mfa_required, event_time, updated_at)"
                        + " values (:id, :region, :mfa_required, :event_time, :updated_at)"
                        + " on conflict (id) do update set region = excluded.region, mfa_required = excluded.mfa_required,"
                        + " event_time = excluded.event_time, updated_at = excluded.updated_at"
                        + " where mfa.org.event_time <= excluded.event_time");
    }

    @Test
    void takesNamesOnlyNeverText() {
        assertThatThrownBy(() -> ReadModels.upsertUnlessNewer("org", List.of("name")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReadModels.upsertUnlessNewer("mfa.org", List.of("name; drop table x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEventTimeIsKeptToTheMicrosecondAndNowStandsInForAMissingOne() {
        Clock clock = Clock.fixed(Instant.parse("2030-01-02T03:04:05.123456789Z"), ZoneOffset.UTC);
        assertThat(ReadModels.eventTime(Instant.parse("2030-01-01T00:00:00.999999999Z"), clock))
                .isEqualTo(Instant.parse("2030-01-01T00:00:00.999999Z"));
        assertThat(ReadModels.eventTime(null, clock)).isEqualTo(Instant.parse("2030-01-02T03:04:05.123456Z"));
        assertThat(ReadModels.now(clock)).isEqualTo(Instant.parse("2030-01-02T03:04:05.123456Z"));
    }
}
