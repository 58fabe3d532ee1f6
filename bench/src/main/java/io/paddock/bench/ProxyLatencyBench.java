package io.paddock.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.paddock.it.AgentProcess;
import io.paddock.it.ApiClient;
import io.paddock.it.Eventually;
import io.paddock.it.PaddockProcess;
import io.paddock.localcluster.LocalCluster;
import io.paddock.testbed.TestBedExtension;

/**
 * What the Kubernetes proxy adds to a request: the GET of one ConfigMap and the LIST of 1000, sent
 * through Paddock's {@code /k8s/clusters/<cluster>/...} and straight to the API server, one of each
 * per round (which goes first alternates), so both see the same machine load. Each side is one
 * HTTP/1.1 client keeping its connection alive, so the figures hold the proxy's work, not
 * connection setup.
 *
 * <p>The proxied caller is a project member with an API token, as a kubectl user is: every request
 * is authenticated, checked against the member's bindings and impersonated downstream. The direct
 * caller is the cluster admin with its client certificate from the kubeconfig. Paddock is reached on
 * its plain HTTP port, as the integration tests reach it; kubectl would add TLS on that hop.
 *
 * <p>With {@code agent}, Paddock reaches the cluster only through its agent (run as a local process
 * with its manifest's settings), so the figures hold the tunnel too: proxy, loopback port, tunnel
 * over a TLS WebSocket, agent, API server.
 *
 * <p>Usage: {@code bench/run.sh proxy [rounds] [import|agent]}: rounds of the GET (default 500); the
 * LIST gets a fifth of them; how Paddock reaches the cluster (default {@code import}).
 */
public final class ProxyLatencyBench {

    private static final String PASSWORD = "bench-admin-password";
    private static final String CLUSTER = "bench";
    private static final String PROJECT = "bench";
    private static final String NAMESPACE = "bench-objects";
    private static final String CONFIG_MAPS = "/api/v1/namespaces/" + NAMESPACE + "/configmaps";
    private static final String MEMBER = "bench-member";
    private static final int OBJECTS = 1000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient proxy = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final HttpClient direct;
    private final PaddockProcess paddock;
    private final LocalCluster cluster;
    private String memberToken;

    private ProxyLatencyBench(PaddockProcess paddock, LocalCluster cluster) throws Exception {
        this.paddock = paddock;
        this.cluster = cluster;
        this.direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(adminTls(cluster)).build();
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        boolean throughAgent = args.length > 1 && args[1].equals("agent");
        try (LocalCluster cluster = TestBedExtension.start("bench-proxy", 1, null);
             PaddockProcess paddock = PaddockProcess.startHealthy("bench-proxy", PASSWORD)) {
            ProxyLatencyBench bench = new ProxyLatencyBench(paddock, cluster);
            ApiClient admin = ApiClient.login(paddock, "admin", PASSWORD);
            try (AgentProcess agent = throughAgent ? bench.registerThroughAgent(admin) : null) {
                if (!throughAgent) {
                    admin.expect(201, admin.post("/v1/clusters", Map.of("name", CLUSTER, "kubeconfig", cluster.kubeconfig())));
                }
                bench.run(admin, rounds, throughAgent);
            }
        }
    }

    /** Registers the cluster through its agent, started as its manifest says, and waits until Paddock reaches it. */
    private AgentProcess registerThroughAgent(ApiClient admin) throws Exception {
        admin.expect(201, admin.post("/v1/clusters", Map.of("name", CLUSTER, "provider", "agent")));
        String manifest = admin.get("/v1/clusters/" + CLUSTER + "/agent-manifest").body();
        AgentProcess.apply(cluster, manifest, paddock.home().resolve("agent"));
        AgentProcess agent = AgentProcess.start(cluster, manifest, null, paddock.home().resolve("agent"));
        Eventually.eventually(SYNC_TIMEOUT, () -> admin.expect(200, admin.get("/v1/clusters/" + CLUSTER)).get("status")
            .get("state").asText(), state -> state.equals("ACTIVE"));
        return agent;
    }

    private void run(ApiClient admin, int rounds, boolean throughAgent) throws Exception {
        int listed = prepare(admin);
        System.out.printf("proxied%s: %s as project member '%s' (API token); direct: %s as cluster admin (client certificate)%n",
            throughAgent ? " through the cluster's agent" : "", proxied("").uri(), MEMBER, cluster.server());
        System.out.printf("both HTTP/1.1 on a kept-alive connection; after %d/%d warm-up rounds, milliseconds:%n",
            warmUp(rounds), warmUp(rounds / 5));
        System.out.printf("%-26s %12s %12s %12s %12s %10s %10s %12s%n", "request", "proxied p50", "proxied p99",
            "direct p50", "direct p99", "ratio p50", "ratio p99", "added p50");
        compare("GET one ConfigMap", rounds, CONFIG_MAPS + "/cm-0500");
        compare("LIST " + listed + " ConfigMaps", rounds / 5, CONFIG_MAPS);
    }

    /**
     * Makes a project in the registered cluster with one namespace of {@value #OBJECTS} ConfigMaps, and a
     * member who may read them; returns how many ConfigMaps the namespace lists (the cluster adds its own).
     */
    private int prepare(ApiClient admin) throws Exception {
        admin.expect(201, admin.post("/v1/clusters/" + CLUSTER + "/projects", Map.of("name", PROJECT)));
        admin.expect(200, admin.put("/v1/clusters/" + CLUSTER + "/projects/" + PROJECT + "/namespaces/" + NAMESPACE, null));
        admin.expect(201, admin.post("/v1/users", Map.of("username", MEMBER, "password", MEMBER + "-password")));
        admin.expect(201, admin.post("/v1/bindings", Map.of("cluster", CLUSTER, "project", PROJECT, "role", "project-member",
            "user", MEMBER)));
        memberToken = ApiClient.login(paddock, MEMBER, MEMBER + "-password").token();

        Eventually.eventually(SYNC_TIMEOUT, () -> send(direct, direct("/api/v1/namespaces/" + NAMESPACE)).statusCode(),
            status -> status == 200);
        long start = System.nanoTime();
        for (int i = 0; i < OBJECTS; i++) {
            String body = JSON.writeValueAsString(Map.of("metadata", Map.of("name", String.format("cm-%04d", i)),
                "data", Map.of("index", Integer.toString(i))));
            HttpResponse<byte[]> created = send(direct, HttpRequest.newBuilder(URI.create(cluster.server() + CONFIG_MAPS))
                .header("Content-Type", "application/json").timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("ConfigMap " + i + " not created: HTTP " + created.statusCode() + " "
                    + new String(created.body(), StandardCharsets.UTF_8));
            }
        }
        System.out.printf("created %d ConfigMaps directly in %.1f s%n", OBJECTS, (System.nanoTime() - start) / 1e9);

        // the member's RoleBinding reaches the cluster asynchronously
        Eventually.eventually(SYNC_TIMEOUT, () -> send(proxy, proxied(CONFIG_MAPS + "/cm-0000")).statusCode(), status -> status == 200);
        int viaPaddock = JSON.readTree(send(proxy, proxied(CONFIG_MAPS)).body()).path("items").size();
        int straight = JSON.readTree(send(direct, direct(CONFIG_MAPS)).body()).path("items").size();
        if (viaPaddock != straight || straight < OBJECTS) {
            throw new IllegalStateException("listed " + viaPaddock + " ConfigMaps through Paddock and " + straight + " directly");
        }
        return straight;
    }

    private HttpRequest proxied(String path) {
        return HttpRequest.newBuilder(paddock.uri("/k8s/clusters/" + CLUSTER + path)).header("Authorization", "Bearer "
            + memberToken).timeout(REQUEST_TIMEOUT).GET().build();
    }

    private HttpRequest direct(String path) {
        return HttpRequest.newBuilder(URI.create(cluster.server() + path)).timeout(REQUEST_TIMEOUT).GET().build();
    }

    /** Times the proxied and the direct request alternately, the first of each round changing sides. */
    private void compare(String what, int rounds, String path) throws IOException, InterruptedException {
        HttpRequest viaPaddock = proxied(path);
        HttpRequest straight = direct(path);
        List<Long> proxiedNanos = new ArrayList<>();
        List<Long> directNanos = new ArrayList<>();
        int warmUp = warmUp(rounds);
        for (int i = 0; i < warmUp + rounds; i++) {
            long proxiedTime;
            long directTime;
            if (i % 2 == 0) {
                proxiedTime = timed(proxy, viaPaddock);
                directTime = timed(direct, straight);
            } else {
                directTime = timed(direct, straight);
                proxiedTime = timed(proxy, viaPaddock);
            }
            if (i >= warmUp) {
                proxiedNanos.add(proxiedTime);
                directNanos.add(directTime);
            }
        }
        double proxied50 = Percentiles.millis(proxiedNanos, 50);
        double proxied99 = Percentiles.millis(proxiedNanos, 99);
        double direct50 = Percentiles.millis(directNanos, 50);
        double direct99 = Percentiles.millis(directNanos, 99);
        System.out.printf("%-26s %12.2f %12.2f %12.2f %12.2f %9.2fx %9.2fx %12.2f   (%d rounds)%n", what, proxied50, proxied99,
            direct50, direct99, proxied50 / direct50, proxied99 / direct99, proxied50 - direct50, rounds);
    }

    /** Rounds run first and not counted: the JIT of both JVMs and the API server's caches settle. */
    private static int warmUp(int rounds) {
        return Math.max(10, rounds / 5);
    }

    private static long timed(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = send(client, request);
        long took = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + ": HTTP " + response.statusCode() + " "
                + new String(response.body(), StandardCharsets.UTF_8));
        }
        return took;
    }

    private static HttpResponse<byte[]> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** TLS as the cluster admin of the kubeconfig: its client certificate and key, and trust in the cluster's CA only. */
    private static SSLContext adminTls(LocalCluster cluster) throws Exception {
        String kubeconfig = cluster.kubeconfig();
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        Certificate certificate = x509.generateCertificate(new ByteArrayInputStream(kubeconfigData(kubeconfig,
            "client-certificate-data")));
        String keyPem = new String(kubeconfigData(kubeconfig, "client-key-data"), StandardCharsets.US_ASCII);
        byte[] keyDer = Base64.getMimeDecoder().decode(keyPem.replaceAll("-----[A-Z ]+-----", ""));
        // the test bed's keys are RSA, as PKCS#8
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(keyDer));
        char[] password = new char[0];
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("admin", key, password, new Certificate[] {certificate});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", x509.generateCertificate(new ByteArrayInputStream(
            cluster.caCertificatePem().getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return tls;
    }

    private static byte[] kubeconfigData(String kubeconfig, String field) {
        Matcher value = Pattern.compile(field + ": (\\S+)").matcher(kubeconfig);
        if (!value.find()) {
            throw new IllegalStateException("no " + field + " in the cluster's kubeconfig");
        }
        return Base64.getDecoder().decode(value.group(1));
    }
}
