import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Password logins, refresh grants and client-credentials grants per second against a running
 * identity-service (./threshold up), each with p50/p99. Single-file program (java AuthBench.java),
 * JDK only. Each refresh worker chains its own session (a refresh token is good once).
 *
 * Usage: java AuthBench.java <identity base URL> <mail API URL> <operator token> <seconds> <concurrency>
 */
public class AuthBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String PASSWORD = "Bench-Secret-4242";
    static String base;

    public static void main(String[] args) throws Exception {
        base = args[0];
        String mailApi = args[1];
        String operator = args[2];
        int seconds = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);

        String org = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String email = "bench-" + UUID.randomUUID() + "@bench.test";
        check(post("/api/v2/orgs", "application/json", "{\"name\":\"" + org + "\",\"adminEmail\":\"" + email
                + "\",\"adminName\":\"Bench\",\"locale\":\"en\"}", "Bearer " + operator), 201);
        String token = invitationToken(mailApi, email);
        String accepted = check(post("/api/v2/auth/invitations/accept", "application/json",
                "{\"token\":\"" + token + "\",\"password\":\"" + PASSWORD + "\",\"cookie\":false}", null), 200);
        String access = field(accepted, "accessToken");
        String client = check(post("/api/v2/oauth/clients", "application/json",
                "{\"name\":\"bench\",\"roles\":[\"admin\"]}", "Bearer " + access), 201);
        String basic = "Basic " + Base64.getEncoder().encodeToString((field(client, "clientId") + ":"
                + field(client, "clientSecret")).getBytes(StandardCharsets.UTF_8));
        String loginBody = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"cookie\":false}";

        System.out.printf("identity-service %s, %d s per scenario, %d concurrent requests%n", base, seconds, concurrency);
        System.out.println("| scenario | successful requests/s | p50 ms | p99 ms | other answers (e.g. 503 busy) |");
        System.out.println("|---|---|---|---|---|");

        // logins: as many in flight as the hashing pool takes (threads + queue), more only get 503
        run("password login", seconds, Math.min(concurrency, 4), worker -> () ->
                post("/api/v2/auth/login", "application/json", loginBody, null), 200);

        List<String[]> sessions = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            sessions.add(new String[] {field(check(post("/api/v2/auth/login", "application/json", loginBody, null), 200),
                    "refreshToken")});
        }
        run("refresh grant", seconds, concurrency, worker -> () -> {
            String[] session = sessions.get(worker);
            return post("/api/v2/auth/refresh", "application/json", "{\"refreshToken\":\"" + session[0] + "\"}", null)
                    .thenApply(response -> {
                        if (response.statusCode() == 200) {
                            session[0] = field(response.body(), "refreshToken");
                        }
                        return response;
                    });
        }, 200);

        run("client credentials grant", seconds, concurrency, worker -> () ->
                post("/oauth/token", "application/x-www-form-urlencoded", "grant_type=client_credentials", basic), 200);
    }

    interface Call {
        CompletableFuture<HttpResponse<String>> call();
    }

    static void run(String name, int seconds, int concurrency, Function<Integer, Call> calls, int expected)
            throws Exception {
        // warm-up: a fifth of the time, not counted
        drive(calls, concurrency, Math.max(2, seconds / 5), expected);
        Result result = drive(calls, concurrency, seconds, expected);
        long[] sorted = result.latencies;
        Arrays.sort(sorted);
        System.out.printf("| %s | %.0f | %.1f | %.1f | %d |%n", name, (sorted.length - result.errors) / (double) seconds,
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, result.errors);
    }

    record Result(long[] latencies, long errors) {
    }

    static Result drive(Function<Integer, Call> calls, int concurrency, int seconds, int expected) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong errors = new AtomicLong();
        List<List<Long>> latencies = new ArrayList<>();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            List<Long> mine = new ArrayList<>();
            latencies.add(mine);
            Call call = calls.apply(w);
            workers.add(CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> response = call.call().join();
                        if (response.statusCode() != expected) {
                            errors.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                    mine.add(System.nanoTime() - start);
                }
            }, runnable -> new Thread(runnable).start()));
        }
        Thread.sleep(seconds * 1000L);
        running.set(false);
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
        return new Result(latencies.stream().flatMap(List::stream).mapToLong(Long::longValue).toArray(), errors.get());
    }

    static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static CompletableFuture<HttpResponse<String>> post(String path, String type, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", type).header("X-Forwarded-For", "10.9.8.7")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String check(CompletableFuture<HttpResponse<String>> call, int status) {
        HttpResponse<String> response = call.join();
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.uri() + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException(name + " not in " + json);
        }
        return m.group(1);
    }

    static String invitationToken(String mailApi, String email) throws Exception {
        Pattern link = Pattern.compile("invite\\?token=([A-Za-z0-9_-]+)");
        for (int i = 0; i < 120; i++) {
            HttpResponse<String> inbox = HTTP.send(HttpRequest.newBuilder(URI.create(mailApi + "/api/user/"
                    + URLEncoder.encode(email, StandardCharsets.UTF_8) + "/messages/INBOX")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = link.matcher(inbox.body().replace("=\r\n", "").replace("=\n", "").replace("=3D", "="));
            if (inbox.statusCode() == 200 && m.find()) {
                return m.group(1);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no invitation mail for " + email);
    }
}
