package dev.threshold.gateway.region;

import dev.threshold.gateway.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokenRegionTest {

    @Test
    void readsRegionClaimWhenTokenIsAJws() {
        assertThat(BearerTokenRegion.of(Tokens.bearerWithRegion("eu-central-1"))).contains("eu-central-1");
        assertThat(BearerTokenRegion.of(Tokens.bearerWithRegion("eu-central-1").replace("Bearer", "bearer")))
                .contains("eu-central-1");
    }

    @Test
    void readsRegionClaimWhenPayloadIsPadded() {
        String padded = Tokens.bearerWithPayload("{\"region\":\"us-east-1\"}");
        String[] parts = padded.split("\\.");
        String withPadding = parts[0] + "." + parts[1] + "==." + parts[2];

        assertThat(BearerTokenRegion.of(withPadding)).contains("us-east-1");
    }

    @Test
    void readsRegionClaimWhenTokenIsUnsigned() {
        String unsigned = Tokens.bearerWithRegion("eu-central-1");
        unsigned = unsigned.substring(0, unsigned.lastIndexOf('.') + 1);

        assertThat(BearerTokenRegion.of(unsigned)).contains("eu-central-1");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Bearer", "Bearer ", "Bearer opaque-operator-secret", "Bearer a.b", "Bearer a.!!!.c",
            "Bearer a.b.c.d.e", "Basic dXNlcjpwYXNz", "Bearer eyJhbGciOiJub25lIn0..sig"})
    void hasNoClaimWhenTokenIsMalformed(String authorization) {
        assertThat(BearerTokenRegion.of(authorization)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[\"region\"]", "{\"region\":42}", "{\"region\":\"\"}", "{\"region\":null}",
            "{\"sub\":\"u\"}", "{\"region\":{\"code\":\"us-east-1\"}}"})
    void hasNoClaimWhenPayloadHasNoStringRegion(String payload) {
        assertThat(BearerTokenRegion.of(Tokens.bearerWithPayload(payload))).isEmpty();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "{\"sub\":{\"region\":\"eu-central-1\"},\"region\":\"us-east-1\"}|us-east-1",
        "{\"arr\":[{\"region\":\"x\"},\"]\"],\"region\":\"eu-central-1\"}|eu-central-1",
        "{\"region\":\"ap-south-1\",\"region\":\"eu-west-1\"}|eu-west-1",
        "{\"region\":\"us-\\u0065ast-1\"}|us-east-1",
        " { \"n\" : -1.5e3 , \"t\" : true , \"region\" : \"sa-east-1\" } |sa-east-1",
        "{\"note\":\"say \\\"region\\\":\\\"zz\\\"\",\"region\":\"ca-central-1\"}|ca-central-1"})
    void readsOnlyTheTopLevelRegionMemberWhenPayloadHasMore(String payload, String region) {
        assertThat(BearerTokenRegion.of(Tokens.bearerWithPayload(payload))).contains(region);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"sub\":{\"region\":\"eu-central-1\"}}", "{\"aud\":\"region\"}",
            "{\"region\":\"us-east-1\"", "{\"region\" \"us-east-1\"}", "{\"region\":\"us-east-1\",}x",
            "{\"region\":\"us-east-1\",\"region\":7}", "{\"region\":\"\\uZZZZ\"}"})
    void hasNoClaimWhenTheTopLevelObjectHasNoStringRegion(String payload) {
        assertThat(BearerTokenRegion.of(Tokens.bearerWithPayload(payload))).isEmpty();
    }
}
