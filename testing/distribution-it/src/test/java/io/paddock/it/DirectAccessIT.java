package io.paddock.it;

import static io.paddock.it.Eventually.eventually;
import static io.paddock.it.Eventually.promptly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.paddock.localcluster.KubeBinaries;
import io.paddock.localcluster.LocalCluster;
import io.paddock.localcluster.LocalClusterSpec;
import io.paddock.localcluster.LoopbackPorts;
import io.paddock.testbed.TestBedExtension;

/**
 * Direct access (the authorized cluster endpoint) end to end: a test-bed cluster whose
 * kube-apiserver asks Paddock's token webhook program, run next to it as its Pod would run it;
 * Paddock mirrors the tokens, kubeconfigs gain a direct context, and the real kubectl works with it
 * while Paddock is down and stops working once the token is revoked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectAccessIT {

    private static final String PASSWORD = "direct-admin-password";
    private static final Duration SYNC = Duration.ofSeconds(20);
    /** The bound this test holds Paddock to: a revoked token's, disabled user's or unbound user's Secret is gone within it. */
    private static final Duration MIRROR_BOUND = Duration.ofSeconds(2);
    /**
     * How long kube-apiserver keeps accepting a token it accepted: its fixed 10 s cache of successful
     * bearer token authentications, or its --authentication-token-webhook-cache-ttl if longer (5 s here).
     */
    private static final Duration API_SERVER_CACHE = Duration.ofSeconds(10);
    /** kubectl's own start and round trip, on top of the bounds. */
    private static final Duration KUBECTL_RUN = Duration.ofSeconds(1);
    private static final Pattern TOKEN = Pattern.compile("token: \"?(pdk_[a-z0-9]+\\.[A-Za-z0-9_-]+)");

    private static LocalCluster cluster;
    private static TokenWebhookProcess webhook;
    private static PaddockProcess paddock;
    private static ApiClient admin;
    private static ApiClient alice;

    @BeforeAll
    static void start() throws Exception {
        webhook = new TokenWebhookProcess(TestBedExtension.workRoot().resolve("direct-access-webhook"), LoopbackPorts.free());
        KubeBinaries binaries = KubeBinaries.fromCache(KubeBinaries.defaultCache(), null);
        // the test bed asks for v1 TokenReviews, as recommended; the webhook answers v1beta1 (the API server's default) as well
        cluster = LocalCluster.start(LocalClusterSpec.of("direct-access", TestBedExtension.workRoot().resolve("direct-access"),
            binaries, 1).withTokenWebhook(webhook.apiServerConfig()));
        paddock = PaddockProcess.startHealthy("direct-access", PASSWORD);
        admin = ApiClient.login(paddock, "admin", PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (paddock != null) {
            paddock.close();
        }
        if (webhook != null) {
            webhook.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theDirectContextWorksWithThePaddockTokenAndTheClusterEnforcesRbac() throws Exception {
        admin.expect(201, admin.post("/v1/clusters", Map.of("name", "direct", "kubeconfig", cluster.kubeconfig())));
        JsonNode enabled = admin.expect(200, admin.send("PATCH", "/v1/clusters/direct", Map.of("directAccess",
            Map.of("enabled", true)))).get("spec").get("directAccess");
        assertEquals(cluster.server(), enabled.get("server").asText(), "defaults to the imported kubeconfig's API server");
        assertEquals(cluster.caCertificatePem().strip(), enabled.get("certificateAuthority").asText());
        eventually(SYNC, () -> Kubectl.admin(cluster, "get", "serviceaccount", "paddock-token-webhook", "-n", "paddock-system",
            "-o", "name"), "serviceaccount/paddock-token-webhook"::equals);
        webhook.start(cluster);

        admin.expect(201, admin.post("/v1/users", Map.of("username", "alice", "password", "alice-password-1")));
        admin.expect(201, admin.post("/v1/clusters/direct/projects", Map.of("name", "shop")));
        admin.expect(200, admin.put("/v1/clusters/direct/projects/shop/namespaces/shop-web", null));
        Kubectl.admin(cluster, "create", "namespace", "other");
        admin.expect(201, admin.post("/v1/bindings", Map.of("cluster", "direct", "project", "shop", "role", "project-member",
            "user", "alice")));
        alice = ApiClient.login(paddock, "alice", "alice-password-1");
        alice.expect(403, alice.send("PATCH", "/v1/clusters/direct", Map.of("directAccess", Map.of("enabled", false))));
        Path config = kubeconfig(alice, "alice");
        assertTrue(Files.readString(config).contains("name: \"direct-direct\""), "a second context straight to the cluster");

        Kubectl.Result pods = eventually(SYNC, () -> direct(config, "get", "pods", "-n", "shop-web"), Kubectl.Result::ok);
        assertTrue(pods.output().contains("No resources found"), pods.output());
        assertEquals("paddock:user:alice", direct(config, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}")
            .output());
        assertTrue(direct(config, "run", "web", "--image=registry.example/web:1", "-n", "shop-web").ok());
        Kubectl.assertForbidden(direct(config, "get", "pods", "-n", "other"));
        Kubectl.assertForbidden(direct(config, "get", "secrets", "-n", "paddock-system"));
        Kubectl.Result wrong = direct(withToken(config, tokenOf(config).replaceAll(".$", "x")), "get", "pods", "-n", "shop-web");
        assertUnauthorized(wrong);

        Path adminConfig = kubeconfig(admin, "admin");
        Kubectl.Result nodes = eventually(SYNC, () -> direct(adminConfig, "get", "nodes", "-o", "name"), Kubectl.Result::ok);
        assertEquals(1, nodes.output().lines().count(), "administrators are cluster administrators directly too");

        String mirrored = Kubectl.admin(cluster, "get", "secrets", "-n", "paddock-system", "-l", "paddock.io/managed=auth-token",
            "-o", "json");
        assertFalse(mirrored.contains(tokenOf(config).substring(tokenOf(config).indexOf('.') + 1)), "only hashes leave Paddock");
        assertEquals("yes", Kubectl.admin(cluster, "auth", "can-i", "watch", "secrets", "-n", "paddock-system",
            "--as=system:serviceaccount:paddock-system:paddock-token-webhook"));
        assertEquals("no", Kubectl.admin(cluster, "auth", "can-i", "get", "secrets", "-n", "kube-system",
            "--as=system:serviceaccount:paddock-system:paddock-token-webhook"));
        assertFalse(Files.readString(webhook.log()).contains(tokenOf(config)), "the webhook never logs tokens");
    }

    @Test
    @Order(2)
    void badSettingsAreRefusedWithTheReason() throws Exception {
        Map<Object, String> refusals = Map.of(
            Map.of("directAccess", Map.of("enabled", true, "server", "http://10.0.0.1:6443")), "must be https://",
            Map.of("directAccess", Map.of("enabled", true, "server", "https://10.0.0.1:6443", "certificateAuthority", "not a PEM")),
            "must be PEM certificates",
            Map.of("displayName", "x"), "unknown field 'displayName'",
            Map.of(), "nothing to change");
        for (Map.Entry<Object, String> refusal : refusals.entrySet()) {
            HttpResponse<String> answer = admin.send("PATCH", "/v1/clusters/direct", refusal.getKey());
            assertEquals(400, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains(refusal.getValue()), answer.body());
        }
        admin.expect(404, admin.send("PATCH", "/v1/clusters/nowhere", Map.of("directAccess", Map.of("enabled", true))));
        ShellAssertions.assertRefused("cluster-direct-access", shell("paddock:cluster-direct-access --server http://10.0.0.1"
            + " direct"), "must be https://");
        assertTrue(shell("paddock:cluster-describe direct").output().contains("enabled at " + cluster.server()),
            "the setting is unchanged");
    }

    @Test
    @Order(3)
    void theDirectContextKeepsWorkingWhilePaddockIsDown() throws Exception {
        Path config = paddock.home.resolve("alice.kubeconfig");
        paddock.stop();
        try {
            assertFalse(Kubectl.run(cluster, config, "get", "pods", "-n", "shop-web").ok(), "the proxy context needs Paddock");
            Kubectl.Result pods = direct(config, "get", "pods", "-n", "shop-web", "-o", "name");
            assertEquals("pod/web", pods.output());
            Kubectl.assertForbidden(direct(config, "get", "pods", "-n", "other"));
        } finally {
            paddock.start();
            paddock.awaitHealthy();
        }
        eventually(SYNC, () -> Kubectl.run(cluster, config, "get", "pods", "-n", "shop-web"), Kubectl.Result::ok);
    }

    @Test
    @Order(4)
    void aRevokedTokenStopsWorkingDirectlyWithinTheBound() throws Exception {
        Path config = paddock.home.resolve("alice.kubeconfig");
        String id = idOf(config);
        assertTrue(direct(config, "get", "pods", "-n", "shop-web").ok());
        long start = System.nanoTime();
        alice.expect(204, alice.delete("/v1/tokens/" + id));
        Duration mirrored = untilSecretGone(id, start);
        Kubectl.Result refused = promptly(SYNC, () -> direct(config, "get", "pods", "-n", "shop-web"), r -> !r.ok());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertUnauthorized(refused);
        System.out.println("[measure] revoked token: Secret gone after " + mirrored.toMillis() + " ms, refused directly after "
            + took.toMillis() + " ms (API server cache " + API_SERVER_CACHE.toSeconds() + " s)");
        assertTrue(mirrored.compareTo(MIRROR_BOUND) < 0, "the Secret stayed " + mirrored.toMillis() + " ms");
        assertTrue(took.compareTo(MIRROR_BOUND.plus(API_SERVER_CACHE).plus(KUBECTL_RUN)) < 0,
            "direct access lasted " + took.toMillis() + " ms after the revocation");
    }

    @Test
    @Order(5)
    void disablingTheUserOrRemovingTheirLastBindingRemovesTheirTokens() throws Exception {
        for (String user : List.of("bob", "carol")) {
            admin.expect(201, admin.post("/v1/users", Map.of("username", user, "password", user + "-password-1")));
            admin.expect(201, admin.post("/v1/bindings", Map.of("cluster", "direct", "project", "shop", "role", "read-only",
                "user", user)));
        }
        Path bob = kubeconfig(ApiClient.login(paddock, "bob", "bob-password-1"), "bob");
        Path carol = kubeconfig(ApiClient.login(paddock, "carol", "carol-password-1"), "carol");
        for (Path config : List.of(bob, carol)) {
            eventually(SYNC, () -> direct(config, "get", "pods", "-n", "shop-web"), Kubectl.Result::ok);
        }

        long start = System.nanoTime();
        admin.expect(200, admin.send("PATCH", "/v1/users/bob", Map.of("enabled", false)));
        Duration disabled = untilSecretGone(idOf(bob), start);
        System.out.println("[measure] disabled user: Secret gone after " + disabled.toMillis() + " ms");
        assertTrue(disabled.compareTo(MIRROR_BOUND) < 0, "the Secret stayed " + disabled.toMillis() + " ms");
        assertUnauthorized(eventually(SYNC, () -> direct(bob, "get", "pods", "-n", "shop-web"), r -> !r.ok()));

        String binding = admin.expect(200, admin.get("/v1/bindings?cluster=direct&project=shop")).findParents("subject").stream()
            .filter(b -> b.get("subject").get("name").asText().equals("carol")).findFirst().orElseThrow().get("name").asText();
        start = System.nanoTime();
        admin.expect(204, admin.delete("/v1/bindings/" + binding));
        Duration unbound = untilSecretGone(idOf(carol), start);
        System.out.println("[measure] last binding removed: Secret gone after " + unbound.toMillis() + " ms");
        assertTrue(unbound.compareTo(MIRROR_BOUND) < 0, "the Secret stayed " + unbound.toMillis() + " ms");
        assertUnauthorized(eventually(SYNC, () -> direct(carol, "get", "pods", "-n", "shop-web"), r -> !r.ok()));
    }

    @Test
    @Order(6)
    void aNewTokenWorksDirectlyAtOnceAndMirroredSecretsEditedDeletedOrForgedByHandAreRepaired() throws Exception {
        long issued = System.nanoTime();
        Path config = kubeconfig(alice, "alice");
        promptly(SYNC, () -> direct(config, "get", "pods", "-n", "shop-web"), Kubectl.Result::ok);
        Duration usable = Duration.ofNanos(System.nanoTime() - issued);
        System.out.println("[measure] new token usable directly after " + usable.toMillis() + " ms");
        assertTrue(usable.compareTo(MIRROR_BOUND.plus(KUBECTL_RUN)) < 0, "a refusal before the mirror was cached: "
            + usable.toMillis() + " ms");
        String secret = "paddock-token-" + idOf(config);
        String hash = Kubectl.admin(cluster, "get", "secret", secret, "-n", "paddock-system", "-o", "jsonpath={.data.hash}");

        Kubectl.admin(cluster, "patch", "secret", secret, "-n", "paddock-system", "--type=merge", "-p",
            "{\"data\":{\"hash\":\"MDAwMA==\",\"username\":\"c3lzdGVtOmFkbWlu\"}}");
        eventually(SYNC, () -> Kubectl.admin(cluster, "get", "secret", secret, "-n", "paddock-system", "-o",
            "jsonpath={.data.hash} {.data.username}"), s -> s.equals(hash + " cGFkZG9jazp1c2VyOmFsaWNl"));
        Kubectl.admin(cluster, "delete", "secret", secret, "-n", "paddock-system");
        eventually(SYNC, () -> Kubectl.admin(cluster, "get", "secret", secret, "-n", "paddock-system", "-o",
            "jsonpath={.data.hash}"), hash::equals);
        Kubectl.admin(cluster, "create", "secret", "generic", "paddock-token-forged", "-n", "paddock-system",
            "--type=paddock.io/auth-token", "--from-literal=token-id=forged");
        Kubectl.admin(cluster, "label", "secret", "paddock-token-forged", "-n", "paddock-system", "paddock.io/managed=auth-token");
        eventually(SYNC, () -> Kubectl.admin(cluster, "get", "secret", "paddock-token-forged", "-n", "paddock-system",
            "--ignore-not-found", "-o", "name"), String::isEmpty);
        eventually(SYNC, () -> direct(config, "get", "pods", "-n", "shop-web"), Kubectl.Result::ok);
    }

    @Test
    @Order(7)
    void turningDirectAccessOffOrRemovingTheClusterTakesTheMirrorAway() throws Exception {
        Path config = paddock.home.resolve("alice.kubeconfig");
        assertTrue(shell("paddock:cluster-direct-access --disable direct").output().contains("disabled"));
        eventually(SYNC, () -> Kubectl.admin(cluster, "get", "secrets,serviceaccounts,roles,rolebindings", "-n", "paddock-system",
            "-l", "paddock.io/managed=auth-token", "-o", "name"), String::isEmpty);
        assertTrue(shell("paddock:cluster-describe direct").output().contains("disabled"));
        assertUnauthorized(eventually(SYNC, () -> direct(config, "get", "pods", "-n", "shop-web"), r -> !r.ok()));
        assertTrue(Kubectl.run(cluster, config, "get", "pods", "-n", "shop-web").ok(), "the proxy context still works");
        assertFalse(Files.readString(kubeconfig(alice, "alice-off")).contains("direct-direct"), "no direct context any more");

        assertTrue(shell("paddock:cluster-direct-access direct").output().contains("enabled at " + cluster.server()),
            "enabled again with the server set before");
        eventually(SYNC, () -> Kubectl.admin(cluster, "get", "secrets", "-n", "paddock-system", "-l",
            "paddock.io/managed=auth-token", "-o", "name"), s -> !s.isEmpty());
        admin.expect(204, admin.delete("/v1/clusters/direct"));
        eventually(SYNC, () -> Kubectl.admin(cluster, "get", "secrets,serviceaccounts,roles,rolebindings", "-n", "paddock-system",
            "-l", "paddock.io/managed=auth-token", "-o", "name"), String::isEmpty);
    }

    // ---- helpers

    private static PaddockProcess.ShellResult shell(String command) throws Exception {
        return paddock.ssh("admin", PASSWORD, command);
    }

    private static Kubectl.Result direct(Path kubeconfig, String... args) throws Exception {
        String[] withContext = new String[args.length + 1];
        withContext[0] = "--context=direct-direct";
        System.arraycopy(args, 0, withContext, 1, args.length);
        return Kubectl.run(cluster, kubeconfig, withContext);
    }

    private static void assertUnauthorized(Kubectl.Result result) {
        assertFalse(result.ok(), result.output());
        assertTrue(result.output().contains("Unauthorized") || result.output().contains("must be logged in"), result.output());
    }

    private static Path kubeconfig(ApiClient user, String name) throws Exception {
        HttpResponse<String> answer = user.get("/v1/clusters/direct/kubeconfig");
        assertEquals(200, answer.statusCode(), answer.body());
        Path file = paddock.home.resolve(name + ".kubeconfig");
        Files.writeString(file, answer.body());
        return file;
    }

    private static String tokenOf(Path kubeconfig) throws Exception {
        Matcher token = TOKEN.matcher(Files.readString(kubeconfig));
        assertTrue(token.find(), "a token in " + kubeconfig);
        return token.group(1);
    }

    private static String idOf(Path kubeconfig) throws Exception {
        String token = tokenOf(kubeconfig);
        return token.substring("pdk_".length(), token.indexOf('.'));
    }

    private static Path withToken(Path kubeconfig, String token) throws Exception {
        Path copy = kubeconfig.resolveSibling("changed-" + kubeconfig.getFileName());
        Files.writeString(copy, Files.readString(kubeconfig).replace(tokenOf(kubeconfig), token));
        return copy;
    }

    /** How long after {@code start} the token's Secret was gone from the cluster. */
    private static Duration untilSecretGone(String id, long start) throws Exception {
        promptly(SYNC, () -> Kubectl.admin(cluster, "get", "secret", "paddock-token-" + id, "-n", "paddock-system",
            "--ignore-not-found", "-o", "name"), String::isEmpty);
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
