package dev.threshold.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.threshold.common.region.RegionConfig;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The rows the outbox writes, one by one or many at once: the same CloudEvents envelope either
 * way, in the order given, at most {@value Outbox#CHUNK} per insert statement.
 */
class OutboxTest {

    final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    final Outbox outbox = new Outbox(mapper, region(), events("invitation"));

    static RegionConfig region() {
        return new RegionConfig() {
            @Override
            public String region() {
                return "eu-central-1";
            }

            @Override
            public String service() {
                return "invitation-service";
            }
        };
    }

    static EventsConfig events(String schema) {
        return (EventsConfig) Proxy.newProxyInstance(OutboxTest.class.getClassLoader(), new Class<?>[] {EventsConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("schema")) {
                        return schema;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    record Created(String email) {
    }

    static List<Outbox.Event> events(int count) {
        String org = UUID.randomUUID().toString();
        return IntStream.range(0, count)
                .mapToObj(i -> new Outbox.Event("invitation.created", "invitation-" + i, org, new Created(i + "@example.test")))
                .toList();
    }

    @Test
    void anEventIsACloudEventOfThisRegionAndService() throws Exception {
        UUID org = UUID.randomUUID();
        Outbox.Row row = outbox.row(new Outbox.Event("org.created", org.toString(), org.toString(), Map.of("name", "Acme")));

        EventEnvelope envelope = row.envelope();
        assertThat(envelope.specversion()).isEqualTo("1.0");
        assertThat(envelope.type()).isEqualTo("threshold.org.created.v1");
        assertThat(envelope.name()).isEqualTo("org.created");
        assertThat(envelope.source()).isEqualTo("/threshold/eu-central-1/invitation-service");
        assertThat(envelope.subject()).isEqualTo(org.toString());
        assertThat(envelope.orgid()).isEqualTo(org.toString());
        assertThat(envelope.region()).isEqualTo("eu-central-1");
        assertThat(envelope.data().path("name").asText()).isEqualTo("Acme");
        assertThat(mapper.readValue(row.payload(), EventEnvelope.class)).isEqualTo(envelope);
    }

    @Test
    void manyEventsAreInsertedInTheirOrderAThousandAStatement() {
        List<Outbox.Row> rows = events(2_345).stream().map(outbox::row).toList();

        List<Outbox.Insert> inserts = Outbox.inserts("invitation.outbox", rows);

        assertThat(inserts).hasSize(3);
        assertThat(inserts).extracting(insert -> insert.parameters().size()).containsExactly(6_000, 6_000, 2_070);
        List<Object> parameters = new ArrayList<>();
        inserts.forEach(insert -> parameters.addAll(insert.parameters()));
        for (int i = 0; i < rows.size(); i++) {
            Outbox.Row row = rows.get(i);
            assertThat(parameters.subList(i * 6, i * 6 + 6)).containsExactly(UUID.fromString(row.envelope().id()),
                    "invitation.created", "invitation-" + i, row.event().orgId(), row.payload(), row.envelope().time());
        }
    }

    @Test
    void eachStatementNumbersItsOwnPlaceholders() {
        List<Outbox.Insert> inserts = Outbox.inserts("mfa.outbox", events(1_001).stream().map(outbox::row).toList());

        assertThat(inserts.get(0).sql())
                .startsWith("insert into mfa.outbox (event_id, type, aggregate_id, org_id, payload, created_at) values "
                        + "(?1, ?2, ?3, ?4, ?5, ?6), (?7, ?8, ?9, ?10, ?11, ?12), ")
                .endsWith("(?5995, ?5996, ?5997, ?5998, ?5999, ?6000)");
        assertThat(inserts.get(1).sql()).endsWith(" values (?1, ?2, ?3, ?4, ?5, ?6)");
        assertThat(Outbox.inserts("mfa.outbox", List.of())).isEmpty();
    }

    @Test
    void anEventWithoutOrganizationKeepsItsPlace() {
        Outbox.Row row = outbox.row(new Outbox.Event("region.started", "eu-central-1", null, Map.of()));

        List<Object> parameters = Outbox.inserts("identity.outbox", List.of(row)).get(0).parameters();

        assertThat(parameters).hasSize(6);
        assertThat(parameters.get(3)).isNull();
        assertThat(row.envelope().orgid()).isNull();
    }
}
