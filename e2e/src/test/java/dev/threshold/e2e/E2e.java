package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.filter.log.LogDetail;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.util.List;

/** Settings of the suite (system properties set by the e2e pom) and shared assertions. */
final class E2e {

    static final List<String> REGIONS = List.of("us-east-1", "eu-central-1");

    /** Path prefix of each service's API behind the gateway, and its service name. */
    enum Service {
        IDENTITY("/api/v2", "identity"),
        MFA("/api/v2/mfa", "mfa"),
        INVITATION("/api/v2/invitations", "invitation");

        final String prefix;
        final String name;

        Service(String prefix, String name) {
            this.prefix = prefix;
            this.name = name;
        }

        String serviceInfo() {
            return prefix + "/service-info";
        }

        /** The process name used by ./threshold for this service in a region. */
        String process(String region) {
            return name + "-" + region;
        }
    }

    static final String GATEWAY = System.getProperty("threshold.gateway.url", "http://localhost:8080");
    static final Path ROOT = Path.of(System.getProperty("threshold.root", "..")).toAbsolutePath().normalize();
    static final String MAIL_HOST = System.getProperty("threshold.mail.host", "127.0.0.1");
    static final int SMTP_PORT = Integer.getInteger("threshold.mail.smtp.port", 3025);
    static final int IMAP_PORT = Integer.getInteger("threshold.mail.imap.port", 3143);
    static final String MAIL_API = System.getProperty("threshold.mail.api.url", "http://127.0.0.1:8025");

    static final String PROBLEM_JSON = "application/problem+json";

    private E2e() {
    }

    /** A request to the gateway that never follows redirects and logs everything on failure. */
    static RequestSpecification gateway() {
        return RestAssured.given()
                .spec(new RequestSpecBuilder()
                        .setBaseUri(GATEWAY)
                        .setConfig(RestAssuredConfig.config()
                                .redirect(RedirectConfig.redirectConfig().followRedirects(false))
                                .httpClient(HttpClientConfig.httpClientConfig()
                                        .setParam("http.connection.timeout", 5_000)
                                        .setParam("http.socket.timeout", 15_000)))
                        .build())
                .log().ifValidationFails(LogDetail.ALL);
    }

    /**
     * Asserts an RFC 9457 problem as in docs/CONVENTIONS.md: content type
     * application/problem+json, {@code status} equal to the HTTP status, the given {@code code},
     * and {@code type} urn:threshold:problem:&lt;code&gt;.
     */
    static void assertProblem(Response response, int status, String code) {
        String body = response.asString();
        assertThat(response.statusCode()).as("HTTP status; body: %s", body).isEqualTo(status);
        assertThat(response.contentType()).as("content type; body: %s", body).startsWith(PROBLEM_JSON);
        assertThat(response.jsonPath().getInt("status")).as("problem status; body: %s", body).isEqualTo(status);
        assertThat(response.jsonPath().getString("code")).as("problem code; body: %s", body).isEqualTo(code);
        assertThat(response.jsonPath().getString("type")).as("problem type; body: %s", body)
                .isEqualTo("urn:threshold:problem:" + code);
        assertThat(response.jsonPath().getString("title")).as("problem title; body: %s", body).isNotBlank();
    }

    /** Asserts a problem of the given status with any non-blank code; returns the code. */
    static String assertAnyProblem(Response response, int status) {
        String body = response.asString();
        assertThat(response.statusCode()).as("HTTP status; body: %s", body).isEqualTo(status);
        assertThat(response.contentType()).as("content type; body: %s", body).startsWith(PROBLEM_JSON);
        String code = response.jsonPath().getString("code");
        assertThat(code).as("problem code; body: %s", body).isNotBlank().matches("[a-z0-9_]+");
        assertThat(response.jsonPath().getString("type")).as("problem type; body: %s", body)
                .isEqualTo("urn:threshold:problem:" + code);
        return code;
    }
}
