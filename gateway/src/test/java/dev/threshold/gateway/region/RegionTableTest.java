package dev.threshold.gateway.region;

import dev.threshold.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegionTableTest {

    static GatewayConfig.Region region(String name, String baseUrl, Integer order) {
        return new GatewayConfig.Region() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String identity() {
                return baseUrl;
            }

            @Override
            public String mfa() {
                return baseUrl;
            }

            @Override
            public String invitation() {
                return baseUrl;
            }

            @Override
            public OptionalInt order() {
                return order == null ? OptionalInt.empty() : OptionalInt.of(order);
            }
        };
    }

    @Test
    void ordersRegionsByOrderThenCodeWhenListed() {
        Map<String, GatewayConfig.Region> configured = new LinkedHashMap<>();
        configured.put("zz-last-1", region("Z", "http://z:1", null));
        configured.put("aa-unordered-1", region("A", "http://a:1", null));
        configured.put("eu-central-1", region("Frankfurt", "http://e:1", 2));
        configured.put("ap-south-1", region("Mumbai", "http://m:1", 2));
        configured.put("us-east-1", region("Virginia", "http://u:1", 1));

        List<String> codes = new RegionTable(configured).ordered().stream().map(Region::code).toList();

        assertThat(codes).containsExactly("us-east-1", "ap-south-1", "eu-central-1", "aa-unordered-1", "zz-last-1");
    }

    @Test
    void refusesToStartWhenNoRegionIsConfigured() {
        assertThatThrownBy(() -> new RegionTable(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no region configured");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a url", "ftp://files.example:21", "http://", "/relative/path",
            "http://host:1/?query=1", "http://user:secret@host:1", "http://host:1/#fragment"})
    void refusesToStartWhenAnUpstreamUrlIsInvalid(String url) {
        assertThatThrownBy(() -> new RegionTable(Map.of("us-east-1", region("Virginia", url, 1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("threshold.gateway.regions.us-east-1.identity");
    }

    @Test
    void refusesToStartWhenRegionCodeOrNameIsInvalid() {
        assertThatThrownBy(() -> new RegionTable(Map.of("US_EAST", region(" ", "http://u:1", 1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("region code")
                .hasMessageContaining("name: must not be blank");
    }

    @Test
    void findsRegionIgnoringCaseAndBlanksWhenLookedUp() {
        RegionTable table = new RegionTable(Map.of("eu-central-1", region("Frankfurt", "http://e:1", 1)));

        assertThat(table.find(" EU-Central-1 ")).map(Region::code).contains("eu-central-1");
        assertThat(table.find("eu-central-9")).isEmpty();
        assertThat(table.find(null)).isEmpty();
    }

    @Test
    void keepsHostPortSchemeAndBasePathWhenUpstreamUrlIsParsed() {
        assertThat(Upstream.parse("https://identity.eu.svc/base/")).isEqualTo(new Upstream("identity.eu.svc", 443, true, "/base"));
        assertThat(Upstream.parse("http://127.0.0.1:8110")).isEqualTo(new Upstream("127.0.0.1", 8110, false, ""));
        assertThat(Upstream.parse("http://[::1]:8110")).isEqualTo(new Upstream("::1", 8110, false, ""));
    }
}
