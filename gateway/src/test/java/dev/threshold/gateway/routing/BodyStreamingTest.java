package dev.threshold.gateway.routing;

import dev.threshold.gateway.testing.FakeUpstreams;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class BodyStreamingTest {

    private static final int ONE_MEGABYTE = 1024 * 1024;

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void streamsBodyThroughIntactWhenPostingOneMegabyte() {
        byte[] body = randomBytes(ONE_MEGABYTE, 1);

        Response response = given().header("X-Region", "eu-west-1")
                .contentType("application/octet-stream")
                .body(body)
                .post(FakeUpstreams.ECHO_BODY_PATH);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("X-Upstream")).isEqualTo("eu-west-1/identity");
        assertThat(response.asByteArray()).isEqualTo(body);
    }

    @Test
    void streamsBodyThroughIntactWhenLengthIsUnknown() throws Exception {
        byte[] body = randomBytes(ONE_MEGABYTE + 17, 2);
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "api/v2/invitations/bulk/echo-body"))
                .header("X-Region", "ap-northeast-2")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<byte[]> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Upstream")).contains("ap-northeast-2/invitation");
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void refusesADeclaredBodyOverTheLimitBeforeProxyingIt() {
        byte[] body = randomBytes(10 * ONE_MEGABYTE + 1, 3);

        Response response = given().header("X-Region", "eu-west-1")
                .contentType("application/octet-stream")
                .body(body)
                .post(FakeUpstreams.ECHO_BODY_PATH);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("code")).isEqualTo("payload_too_large");
        assertThat(response.header("X-Upstream")).isNull();
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
