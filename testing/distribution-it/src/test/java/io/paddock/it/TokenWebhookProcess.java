package io.paddock.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;


import io.paddock.localcluster.LocalCluster;
import io.paddock.localcluster.internal.Component;
import io.paddock.localcluster.internal.Pki;
import io.paddock.localcluster.internal.ProcessGuard;
import io.paddock.testbed.ServerProcesses;

/**
 * Paddock's token webhook program ({@code agent/token-webhook}) as a local process next to a
 * test-bed cluster, configured as its Pod would be: HTTPS with its own certificate, watching the
 * cluster with the {@code paddock-token-webhook} service account's token. Its process dies with the
 * test JVM, even a killed one.
 */
final class TokenWebhookProcess implements AutoCloseable {

    private static final Path JAR = Path.of(System.getProperty("paddock.it.artifacts", "target/artifacts"),
        "paddock-token-webhook.jar");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String ACCOUNT = "paddock-token-webhook";

    private final Path directory;
    private final int port;
    private final Pki pki = Pki.generate("token-webhook");
    private Component process;
    private ProcessGuard guard;

    /** Certificates and the API server's webhook kubeconfig in {@code directory}; nothing runs yet. */
    TokenWebhookProcess(Path directory, int port) throws IOException {
        this.directory = directory;
        this.port = port;
        ProcessGuard.reapOrphans(directory.getParent());
        ServerProcesses.deleteTree(directory);
        Files.createDirectories(directory);
        pki.write(directory.resolve("pki"));
        Files.writeString(apiServerConfig(), LocalCluster.tokenWebhookConfig(port, directory.resolve("pki/ca.crt")));
    }

    /** For kube-apiserver's {@code --authentication-token-webhook-config-file}. */
    Path apiServerConfig() {
        return directory.resolve("authn-webhook.kubeconfig");
    }

    /** Starts the webhook once Paddock has made its service account, and waits until it has read the mirror. */
    void start(LocalCluster cluster) throws Exception {
        String token = Kubectl.admin(cluster, "create", "token", ACCOUNT, "-n", "paddock-system", "--duration=2h");
        Path kubeconfig = directory.resolve("service-account.kubeconfig");
        Files.writeString(kubeconfig, """
            apiVersion: v1
            kind: Config
            clusters: [{name: cluster, cluster: {server: "%s", certificate-authority-data: "%s"}}]
            users: [{name: %s, user: {token: "%s"}}]
            contexts: [{name: cluster, context: {cluster: cluster, user: %s}}]
            current-context: cluster
            """.formatted(cluster.server(), Base64.getEncoder().encodeToString(cluster.caCertificatePem()
            .getBytes(StandardCharsets.US_ASCII)), ACCOUNT, token, ACCOUNT));
        guard = new ProcessGuard(directory);
        process = Component.start("token-webhook", List.of("env",
            "PADDOCK_WEBHOOK_LISTEN=127.0.0.1:" + port,
            "PADDOCK_WEBHOOK_TLS_CERT=" + directory.resolve("pki/serving.crt"),
            "PADDOCK_WEBHOOK_TLS_KEY=" + directory.resolve("pki/serving.key"),
            "PADDOCK_WEBHOOK_KUBECONFIG=" + kubeconfig,
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
            JAR.toAbsolutePath().toString()), log());
        guard.record(process);
        HttpClient client = HttpClient.newBuilder().sslContext(pki.caTrustSslContext()).connectTimeout(Duration.ofSeconds(2))
            .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the token webhook did not start: " + process.describeExit());
            }
            try {
                if (client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/healthz")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the token webhook was not healthy within " + START_TIMEOUT.toSeconds() + " s: "
            + process.describeExit());
    }

    Path log() {
        return directory.resolve("token-webhook.log");
    }

    @Override
    public void close() throws IOException {
        if (process != null) {
            process.stop(Duration.ofSeconds(5));
            guard.release();
        }
    }
}
