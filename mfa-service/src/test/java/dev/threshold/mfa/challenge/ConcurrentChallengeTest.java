package dev.threshold.mfa.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threshold.mfa.support.Api;
import dev.threshold.mfa.support.Otp;
import dev.threshold.common.testing.TestClock;
import dev.threshold.mfa.support.TestData;
import dev.threshold.mfa.support.User;
import dev.threshold.mfa.totp.QrCodes;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConcurrentChallengeTest {

    @Inject
    QrCodes qrCodes;

    @AfterEach
    void realTime() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void acceptsACodeOnceEvenWhenItArrivesManyTimesAtOnce() throws Exception {
        User user = User.in(TestData.org(true));
        Otp.pinMidStep();
        Api.Enrolled device = Api.enrolled(user, "Phone");
        String code = Otp.code(device.secret(), 1);
        String token = user.challengeToken(UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> Api.challengeCode(token, code).extract().statusCode(), pool));
            }
            List<Integer> statuses = calls.stream().map(CompletableFuture::join).toList();
            assertThat(statuses).containsOnly(200, 400);
            assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rendersQrCodesOffTheEventLoop() {
        String thread = qrCodes.png("otpauth://totp/x").map(png -> Thread.currentThread().getName())
                .await().atMost(Duration.ofSeconds(10));
        assertThat(thread).startsWith("mfa-qr-");
    }
}
