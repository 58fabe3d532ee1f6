package io.paddock.agent.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.paddock.localcluster.internal.Pki;

class ReviewServerTest {

    private final AtomicBoolean ready = new AtomicBoolean(false);

    @Test
    void servesReviewsOverHttpsWithTheGivenCertificate(@TempDir Path dir) throws Exception {
        Pki pki = Pki.generate("webhook");
        pki.write(dir);
        SSLContext tls = TlsFiles.serverContext(dir.resolve("serving.crt"), dir.resolve("serving.key"));
        TokenReviews reviews = new TokenReviews(name -> null, ready::get, Clock.systemUTC());
        try (ReviewServer server = ReviewServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tls, reviews,
            ready::get)) {
            HttpClient client = HttpClient.newBuilder().sslContext(pki.caTrustSslContext()).build();
            String base = "https://127.0.0.1:" + server.address().getPort();
            assertEquals(503, client.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "not ready before the mirror is read");
            ready.set(true);
            assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> review = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/authenticate"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\","
                    + "\"spec\":{\"token\":\"pdk_someid.secret\"}}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, review.statusCode());
            assertTrue(review.body().contains("\"authenticated\":false"), review.body());
            HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/authenticate")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(405, get.statusCode());
            byte[] huge = new byte[ReviewServer.MAX_REQUEST_BYTES + 1];
            HttpResponse<String> oversized = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/authenticate"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(oversized.body().contains("\"authenticated\":false"), oversized.body());
        }
    }

    @Test
    void aKeyThatIsNotPkcs8IsRefusedWithTheCommandThatConvertsIt(@TempDir Path dir) throws Exception {
        Pki.generate("webhook").write(dir);
        Path rsa = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> TlsFiles.serverContext(dir.resolve("serving.crt"), rsa));
        assertTrue(refused.getMessage().contains("openssl pkcs8 -topk8"), refused.getMessage());
    }
}
