package io.paddock.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.paddock.localcluster.KubeBinaries;
import io.paddock.localcluster.LocalCluster;
import io.paddock.localcluster.LocalClusterSpec;

/** A cluster started with a token webhook asks it about bearer tokens it does not know itself. */
class TokenWebhookIT {

    private final List<String> reviews = new CopyOnWriteArrayList<>();

    @Test
    void apiServerAuthenticatesBearerTokensThroughTheConfiguredWebhook() throws Exception {
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/authenticate", this::review);
        webhook.start();
        Path dir = TestBedExtension.workRoot().resolve("webhook-config");
        Files.createDirectories(dir);
        Path config = dir.resolve("authn-webhook.kubeconfig");
        Files.writeString(config, """
            apiVersion: v1
            kind: Config
            clusters: [{name: webhook, cluster: {server: "http://127.0.0.1:%d/authenticate"}}]
            users: [{name: apiserver, user: {}}]
            contexts: [{name: webhook, context: {cluster: webhook, user: apiserver}}]
            current-context: webhook
            """.formatted(webhook.getAddress().getPort()));
        KubeBinaries binaries = KubeBinaries.fromCache(KubeBinaries.defaultCache(), null);
        try (LocalCluster cluster = LocalCluster.start(LocalClusterSpec.of("webhook", TestBedExtension.workRoot()
            .resolve("webhook"), binaries, 0).withTokenWebhook(config))) {

            KubernetesClientException known = assertThrows(KubernetesClientException.class,
                () -> withToken(cluster, "good-token").namespaces().list());
            assertEquals(403, known.getCode(), "authenticated by the webhook, then refused by RBAC");
            assertTrue(known.getMessage().contains("User \"webhook-user\""), known.getMessage());

            // plain HTTP/1.1: on HTTP/2 the API server answers unauthenticated clients with GOAWAY, not a readable 401
            assertEquals(401, statusWithToken(cluster, "bad-token"));
            assertTrue(reviews.stream().anyMatch(r -> r.contains("good-token")), "the webhook was asked");
        } finally {
            webhook.stop(0);
        }
    }

    private static KubernetesClient withToken(LocalCluster cluster, String token) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.server())
            .withCaCertData(Base64.getEncoder().encodeToString(cluster.caCertificatePem().getBytes(StandardCharsets.US_ASCII)))
            .withOauthToken(token).withRequestRetryBackoffLimit(0).build()).build();
    }

    private static int statusWithToken(LocalCluster cluster, String token) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(cluster.caCertificatePem().getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.server() + "/api/v1/namespaces"))
            .header("Authorization", "Bearer " + token).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Answers a TokenReview in the API version it was asked in: "good-token" is webhook-user. */
    private void review(HttpExchange exchange) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        reviews.add(request);
        String apiVersion = request.contains("authentication.k8s.io/v1beta1") ? "authentication.k8s.io/v1beta1"
            : "authentication.k8s.io/v1";
        String status = request.contains("\"good-token\"")
            ? "{\"authenticated\":true,\"user\":{\"username\":\"webhook-user\",\"groups\":[\"webhook-group\"]}}"
            : "{\"authenticated\":false}";
        byte[] body = ("{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"TokenReview\",\"status\":" + status + "}")
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
