package io.paddock.agent.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * The webhook's HTTP(S) endpoint, on the JDK's own server: {@code POST /v1/authenticate} for
 * TokenReviews (the URL in kube-apiserver's webhook kubeconfig) and {@code GET /healthz}, which
 * answers 200 once the mirrored tokens have been read, for liveness and readiness probes.
 */
final class ReviewServer implements AutoCloseable {

    static final String REVIEW_PATH = "/v1/authenticate";
    static final String HEALTH_PATH = "/healthz";
    /** A TokenReview with a token is a few hundred bytes; kube-apiserver's own limit on a token is far below this. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService threads;

    private ReviewServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Starts serving; with {@code tls} {@code null}, plain HTTP. */
    static ReviewServer start(InetSocketAddress address, SSLContext tls, TokenReviews reviews, BooleanSupplier ready)
        throws IOException {
        HttpServer server;
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext(REVIEW_PATH, exchange -> review(exchange, reviews));
        server.createContext(HEALTH_PATH, exchange -> health(exchange, ready));
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, r -> new Thread(r, "review-" + count.incrementAndGet()));
        server.setExecutor(threads);
        server.start();
        return new ReviewServer(server, threads);
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private static void review(HttpExchange exchange, TokenReviews reviews) throws IOException {
        try (exchange) {
            if (!REVIEW_PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                send(exchange, 405, "text/plain", "POST a TokenReview\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] request = readLimited(exchange.getRequestBody());
            send(exchange, 200, "application/json", reviews.answer(request));
        }
    }

    private static void health(HttpExchange exchange, BooleanSupplier ready) throws IOException {
        try (exchange) {
            boolean ok = ready.getAsBoolean();
            send(exchange, ok ? 200 : 503, "text/plain", (ok ? "ok\n" : "mirrored tokens not read yet\n")
                .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The body, or nothing when it is too large: an oversized request gets the answer for a request that is not a TokenReview. */
    private static byte[] readLimited(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_REQUEST_BYTES + 1);
        return bytes.length > MAX_REQUEST_BYTES ? new byte[0] : bytes;
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(1);
        threads.shutdownNow();
    }
}
