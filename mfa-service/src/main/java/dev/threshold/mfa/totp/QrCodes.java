package dev.threshold.mfa.totp;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.mfa.config.MfaConfig;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Renders otpauth URIs as QR code PNGs on a small bounded pool of its own: rendering is CPU work
 * that must not run on the event loop, and a full pool answers 503 instead of piling up.
 */
@ApplicationScoped
public class QrCodes {

    static final int SIZE = 240;
    private static final Map<EncodeHintType, Object> HINTS = Map.of(
            EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
            EncodeHintType.CHARACTER_SET, "UTF-8",
            EncodeHintType.MARGIN, 4);

    private final ThreadPoolExecutor pool;

    public QrCodes(MfaConfig config) {
        AtomicInteger count = new AtomicInteger();
        int threads = Math.max(1, config.rendering().threads());
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, config.rendering().queue())),
                runnable -> {
                    Thread thread = new Thread(runnable, "mfa-qr-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** The PNG of {@code text}, rendered off the caller's thread. */
    public Uni<byte[]> png(String text) {
        return Uni.createFrom().emitter(emitter -> {
            try {
                pool.execute(() -> {
                    try {
                        emitter.complete(render(text));
                    } catch (RuntimeException e) {
                        emitter.fail(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                emitter.fail(new ProblemException(CommonProblem.SERVICE_UNAVAILABLE));
            }
        });
    }

    public Uni<String> dataUri(String text) {
        return png(text).map(png -> "data:image/png;base64," + Base64.getEncoder().encodeToString(png));
    }

    static byte[] render(String text) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, SIZE, SIZE, HINTS);
            ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
            MatrixToImageWriter.writeToStream(matrix, "PNG", out);
            return out.toByteArray();
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode as a QR code", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }
}
