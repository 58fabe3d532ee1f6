package io.paddock.it;

import static io.paddock.it.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.paddock.localcluster.KubeBinaries;
import io.paddock.localcluster.LocalCluster;
import io.paddock.testbed.KubeCluster;
import io.paddock.testbed.TestBedExtension;

/**
 * Access end to end with real clusters and the real kubectl: bindings in Paddock become RBAC
 * downstream, and kubectl with a Paddock kubeconfig goes through the proxy as the Paddock user.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(TestBedExtension.class)
class AccessIT {

    private static final String PASSWORD = "access-admin-password";
    private static final Duration SYNC = Duration.ofSeconds(20);
    /** The bound this test holds Paddock to: a removed binding stops working downstream within it. */
    private static final Duration UNBIND_BOUND = Duration.ofSeconds(2);

    private static PaddockProcess paddock;
    private static ApiClient admin;
    private static ApiClient alice;
    private static ApiClient bob;

    @BeforeAll
    static void start() throws Exception {
        paddock = PaddockProcess.startHealthy("access", PASSWORD);
        admin = ApiClient.login(paddock, "admin", PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (paddock != null) {
            paddock.close();
        }
    }

    @Test
    @Order(1)
    void projectMemberWorksInItsNamespacesOnlyAndClusterOwnerInItsClusterOnly(LocalCluster alpha,
                                                                            @KubeCluster(nodes = 1) LocalCluster beta)
        throws Exception {
        admin.expect(201, admin.post("/v1/clusters", Map.of("name", "alpha", "kubeconfig", alpha.kubeconfig())));
        // the same import, as a provider's form (what the console submits)
        admin.expect(201, admin.post("/v1/clusters", Map.of("name", "beta", "provider", "import",
            "config", Map.of("kubeconfig", beta.kubeconfig(), "displayName", "Beta"))));
        for (String user : List.of("alice", "bob")) {
            admin.expect(201, admin.post("/v1/users", Map.of("username", user, "password", user + "-password-1")));
        }
        admin.expect(201, admin.post("/v1/clusters/alpha/projects", Map.of("name", "shop")));
        admin.expect(200, admin.put("/v1/clusters/alpha/projects/shop/namespaces/shop-web", null));
        admin.expect(200, admin.put("/v1/clusters/alpha/projects/shop/namespaces/shop-db", null));
        Kubectl.admin(alpha, "create", "namespace", "other");
        admin.expect(201, admin.post("/v1/bindings", Map.of("cluster", "alpha", "project", "shop", "role", "project-member",
            "user", "alice")));
        admin.expect(201, admin.post("/v1/bindings", Map.of("cluster", "alpha", "role", "cluster-owner", "user", "bob")));
        alice = ApiClient.login(paddock, "alice", "alice-password-1");
        bob = ApiClient.login(paddock, "bob", "bob-password-1");

        Path aliceConfig = kubeconfig(alice, "alpha", "alice");
        Kubectl.Result pods = eventually(SYNC, () -> Kubectl.run(alpha, aliceConfig, "get", "pods", "-n", "shop-web"), r -> r.ok());
        assertTrue(pods.output().contains("No resources found"), pods.output());
        Kubectl.Result created = Kubectl.run(alpha, aliceConfig, "run", "web", "--image=registry.example/web:1", "-n", "shop-web");
        assertTrue(created.ok() && created.output().contains("pod/web created"), created.output());
        assertEquals("yes", Kubectl.run(alpha, aliceConfig, "auth", "can-i", "create", "deployments", "-n", "shop-db").output());
        Kubectl.assertForbidden(Kubectl.run(alpha, aliceConfig, "get", "pods", "-n", "other"));
        Kubectl.assertForbidden(Kubectl.run(alpha, aliceConfig, "get", "nodes"));
        Kubectl.assertForbidden(Kubectl.run(alpha, aliceConfig, "create", "namespace", "alice-made"));
        Kubectl.assertForbidden(Kubectl.run(alpha, aliceConfig, "get", "secrets", "-n", "kube-system"));
        Kubectl.admin(alpha, "run", "outsider", "--image=registry.example/outsider:1", "-n", "other");
        Kubectl.Result exec = Kubectl.run(alpha, aliceConfig, "exec", "outsider", "-n", "other", "--", "id");
        Kubectl.assertForbidden(exec); // the cluster's refusal of the stream reaches kubectl as it was
        assertTrue(exec.output().contains("pods/exec") || exec.output().contains("pods \"outsider\""), exec.output());
        Kubectl.Result whoami = Kubectl.run(alpha, aliceConfig, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");
        assertEquals("paddock:user:alice", whoami.output());
        alice.expect(403, alice.get("/v1/clusters/beta/kubeconfig"));
        alice.expect(403, alice.get("/v1/clusters/beta"));
        assertEquals(List.of("alpha"), names(alice.expect(200, alice.get("/v1/clusters"))));

        Path bobConfig = kubeconfig(bob, "alpha", "bob");
        Kubectl.Result nodes = eventually(SYNC, () -> Kubectl.run(alpha, bobConfig, "get", "nodes", "-o", "name"), r -> r.ok());
        assertEquals(3, nodes.output().lines().count(), nodes.output());
        assertTrue(Kubectl.run(alpha, bobConfig, "create", "namespace", "bob-made").ok());
        assertTrue(Kubectl.run(alpha, bobConfig, "get", "pods", "-n", "other").ok());
        bob.expect(403, bob.get("/v1/clusters/beta/kubeconfig"));
        assertEquals(List.of("alpha"), names(bob.expect(200, bob.get("/v1/clusters"))));
    }

    @Test
    @Order(2)
    void watchesStreamThroughTheProxyAsEventsHappen(LocalCluster alpha) throws Exception {
        Path bobConfig = paddock.home.resolve("bob-alpha.kubeconfig");
        Process watch = new ProcessBuilder(KubeBinaries.fromCache(KubeBinaries.defaultCache(), alpha.kubernetesVersion()).kubectl()
            .toString(), "--kubeconfig", bobConfig.toString(), "get", "pods", "-n", "bob-made", "--watch", "-o", "name")
            .redirectErrorStream(true).start();
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))
            .lines().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        try {
            Thread.sleep(2000); // the watch is open
            long created = System.nanoTime();
            Kubectl.admin(alpha, "run", "streamed", "--image=registry.example/streamed:1", "-n", "bob-made");
            String line = lines.poll(15, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("pod/streamed", line, "the watch event must arrive while the watch stays open");
            System.out.println("[measure] watch event through the proxy after " + (System.nanoTime() - created) / 1_000_000 + " ms");
            assertTrue(watch.isAlive(), "the watch is still streaming");
        } finally {
            watch.destroy();
        }
    }

    @Test
    @Order(3)
    void helmWorksThroughTheProxyWithinTheProjectOnly() throws Exception {
        Path chart = paddock.home.resolve("chart-greeter");
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: greeter\nversion: 0.1.0\n");
        Files.writeString(chart.resolve("templates/configmap.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
            + "  name: {{ .Release.Name }}-greeting\ndata:\n  greeting: hello\n");
        Path aliceConfig = paddock.home.resolve("alice-alpha.kubeconfig");
        Kubectl.Result installed = helm(aliceConfig, "install", "greeter", chart.toString(), "--namespace", "shop-web", "--wait");
        assertTrue(installed.ok() && installed.output().contains("STATUS: deployed"), installed.output());
        Kubectl.Result listed = helm(aliceConfig, "list", "--namespace", "shop-web", "--short");
        assertEquals("greeter", listed.output());
        Kubectl.Result refused = helm(aliceConfig, "install", "greeter", chart.toString(), "--namespace", "other");
        assertFalse(refused.ok(), refused.output());
        assertTrue(refused.output().contains("forbidden"), refused.output());
        assertTrue(helm(aliceConfig, "uninstall", "greeter", "--namespace", "shop-web").ok());
    }

    private static Kubectl.Result helm(Path kubeconfig, String... args) throws Exception {
        Path home = paddock.home.resolve("helm-home");
        List<String> command = new ArrayList<>(List.of(KubeBinaries.helm(KubeBinaries.defaultCache()).toString(),
            "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
        builder.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
        builder.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new Kubectl.Result(process.waitFor(), out);
    }

    @Test
    @Order(4)
    void execLogsAndPortForwardStreamThroughTheProxy(@KubeCluster(nodes = 1, podIo = true) LocalCluster io) throws Exception {
        admin.expect(201, admin.post("/v1/clusters", Map.of("name", "io", "kubeconfig", io.kubeconfig())));
        admin.expect(201, admin.post("/v1/clusters/io/projects", Map.of("name", "tools")));
        admin.expect(200, admin.put("/v1/clusters/io/projects/tools/namespaces/tools", null));
        admin.expect(201, admin.post("/v1/bindings", Map.of("cluster", "io", "project", "tools", "role", "project-member",
            "user", "alice")));
        String node = Kubectl.admin(io, "get", "nodes", "-o", "jsonpath={.items[0].metadata.name}");
        Path pod = paddock.home.resolve("io-pod.yaml");
        Files.writeString(pod, "apiVersion: v1\nkind: Pod\nmetadata: {name: box, namespace: tools}\nspec: {nodeName: " + node
            + ", containers: [{name: box, image: registry.example/box:1, ports: [{containerPort: 8080}]}]}\n");
        Kubectl.admin(io, "apply", "-f", pod.toString());
        eventually(SYNC, () -> Kubectl.admin(io, "get", "pod", "box", "-n", "tools", "-o", "jsonpath={.status.phase}"),
            "Running"::equals);
        Path config = kubeconfig(alice, "io", "alice");

        // exec: kubectl's WebSocket stream goes through the proxy's bridge
        Kubectl.Result hello = eventually(SYNC, () -> Kubectl.run(io, config, "exec", "box", "-n", "tools", "--", "echo", "hello"), Kubectl.Result::ok);
        assertEquals("hello", hello.output());
        Process stdin = new ProcessBuilder(KubeBinaries.fromCache(KubeBinaries.defaultCache(), io.kubernetesVersion()).kubectl()
            .toString(), "--kubeconfig", config.toString(), "exec", "-i", "box", "-n", "tools", "--", "sh", "-c", "read line; echo got $line")
            .redirectErrorStream(true).start();
        stdin.getOutputStream().write("through-the-proxy\n".getBytes(StandardCharsets.UTF_8));
        stdin.getOutputStream().flush();
        String answer = new BufferedReader(new InputStreamReader(stdin.getInputStream(), StandardCharsets.UTF_8)).readLine();
        stdin.destroy();
        assertEquals("got through-the-proxy", answer);

        // logs -f: a plain streamed response
        Process logs = new ProcessBuilder(KubeBinaries.fromCache(KubeBinaries.defaultCache(), io.kubernetesVersion()).kubectl()
            .toString(), "--kubeconfig", config.toString(), "logs", "-f", "box", "-n", "tools").redirectErrorStream(true).start();
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(logs.getInputStream(), StandardCharsets.UTF_8))
            .lines().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        try {
            Thread.sleep(1500);
            io.appendPodLog("streamed line");
            assertEquals("streamed line", lines.poll(15, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            logs.destroy();
        }

        // port-forward: kubectl's WebSocket stream carrying SPDY, to a local server standing in for the pod's port
        com.sun.net.httpserver.HttpServer target = com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), io.podPortForwardTarget()), 0);
        target.createContext("/", exchange -> {
            byte[] body = "from the pod".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
        int local;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            local = free.getLocalPort();
        }
        Process forward = new ProcessBuilder(KubeBinaries.fromCache(KubeBinaries.defaultCache(), io.kubernetesVersion()).kubectl()
            .toString(), "--kubeconfig", config.toString(), "port-forward", "pod/box", "-n", "tools", local + ":8080")
            .redirectErrorStream(true).start();
        try {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            String body = eventually(SYNC, () -> {
                try {
                    return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + local + "/"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                } catch (java.io.IOException notYet) {
                    return "";
                }
            }, "from the pod"::equals);
            assertEquals("from the pod", body);
        } catch (AssertionError e) {
            forward.destroy();
            throw new AssertionError(e.getMessage() + "\nkubectl port-forward said:\n"
                + new String(forward.getInputStream().readAllBytes(), StandardCharsets.UTF_8), e);
        } finally {
            forward.destroy();
            target.stop(0);
        }

        // a refused stream keeps the cluster's answer
        Kubectl.admin(io, "create", "namespace", "elsewhere");
        Kubectl.assertForbidden(Kubectl.run(io, config, "exec", "box", "-n", "elsewhere", "--", "id"));
    }

    @Test
    @Order(5)
    void unbindingRemovesAccessDownstreamWithinTheBound(LocalCluster alpha) throws Exception {
        Path aliceConfig = paddock.home.resolve("alice-alpha.kubeconfig");
        assertTrue(Kubectl.run(alpha, aliceConfig, "get", "pods", "-n", "shop-web").ok());
        String binding = bindingOf("alpha", "shop", "project-member", "alice");
        long start = System.nanoTime();
        admin.expect(204, admin.delete("/v1/bindings/" + binding));
        Kubectl.Result refused = eventually(Duration.ofSeconds(10), () -> Kubectl.run(alpha, aliceConfig, "get", "pods", "-n", "shop-web"),
            r -> !r.ok());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Kubectl.assertForbidden(refused);
        System.out.println("[measure] unbind to forbidden downstream: " + took.toMillis() + " ms");
        assertTrue(took.compareTo(UNBIND_BOUND) < 0, "access lasted " + took.toMillis() + " ms after unbinding");
        admin.expect(201, admin.post("/v1/bindings", Map.of("cluster", "alpha", "project", "shop", "role", "project-member",
            "user", "alice")));
        eventually(SYNC, () -> Kubectl.run(alpha, aliceConfig, "get", "pods", "-n", "shop-web"), Kubectl.Result::ok);
    }

    @Test
    @Order(7)
    void downstreamObjectsGrowWithTemplatesAndNamespacesNotWithUsers(LocalCluster alpha) throws Exception {
        int before = managedObjects(alpha);
        for (int i = 1; i <= 10; i++) {
            admin.expect(201, admin.post("/v1/users", Map.of("username", "member" + i, "password", "member-password-" + i)));
            admin.expect(201, admin.post("/v1/bindings", Map.of("cluster", "alpha", "project", "shop", "role",
                "project-member", "user", "member" + i)));
        }
        String subjects = eventually(SYNC, () -> Kubectl.admin(alpha, "get", "rolebinding", "paddock-prtb-project-member", "-n",
            "shop-web", "-o", "jsonpath={.subjects[*].name}"), s -> s.contains("paddock:user:member10"));
        assertEquals(11, subjects.split(" ").length, subjects);
        assertEquals(before, managedObjects(alpha), "10 more members must not add RBAC objects");
        admin.expect(200, admin.put("/v1/clusters/alpha/projects/shop/namespaces/shop-cache", null));
        eventually(SYNC, () -> managedObjects(alpha), n -> n == before + 2); // owner's and members' binding in the new namespace
    }

    @Test
    @Order(8)
    void driftIsRepaired(LocalCluster alpha) throws Exception {
        Kubectl.admin(alpha, "delete", "rolebinding", "paddock-prtb-project-member", "-n", "shop-web");
        Kubectl.admin(alpha, "patch", "clusterrole", "paddock-rt-project-member", "--type=json",
            "-p=[{\"op\":\"replace\",\"path\":\"/rules/0/verbs\",\"value\":[\"get\"]}]");
        eventually(SYNC, () -> Kubectl.admin(alpha, "get", "rolebinding", "paddock-prtb-project-member", "-n", "shop-web",
            "-o", "name"), s -> s.equals("rolebinding.rbac.authorization.k8s.io/paddock-prtb-project-member"));
        eventually(SYNC, () -> Kubectl.admin(alpha, "get", "clusterrole", "paddock-rt-project-member", "-o",
            "jsonpath={.rules[0].verbs}"), s -> s.equals("[\"*\"]"));
    }

    @Test
    @Order(9)
    void watchStreamsClusterChangesToTheConsole(LocalCluster alpha) throws Exception {
        JsonNode list = admin.expect(200, admin.get("/v1/clusters"));
        long version = list.get("resourceVersion").asLong();
        HttpRequest request = HttpRequest.newBuilder(paddock.uri("/v1/watch?kinds=project&resourceVersion=" + version))
            .header("Authorization", "Bearer " + alice.token()).GET().build();
        HttpResponse<InputStream> stream = java.net.http.HttpClient.newHttpClient().send(request,
            HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream", stream.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        admin.expect(201, admin.post("/v1/clusters/alpha/projects", Map.of("name", "hidden")));
        admin.expect(200, admin.put("/v1/clusters/alpha/projects/shop/quota", Map.of("pods", 20)));
        List<String> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events.add(line);
                    if (line.contains("\"alpha/shop\"")) {
                        break;
                    }
                }
            }
        }
        // alice sees her cluster's projects; a watch filters per cluster, as the list does
        assertTrue(events.stream().anyMatch(e -> e.contains("\"alpha/shop\"") && e.contains("\"pods\":20")), events.toString());
    }

    @Test
    @Order(10)
    void shellCommandsGrantListAndWriteKubeconfigs(LocalCluster alpha) throws Exception {
        assertTrue(shell("paddock:user-list").output().contains("alice"));
        String granted = shell("paddock:bind --cluster alpha --user alice cluster-member").output();
        assertTrue(granted.contains("Granted cluster-member to user alice in cluster alpha"), granted);
        String listed = shell("paddock:binding-list --cluster alpha").output();
        assertTrue(listed.contains("cluster-member") && listed.contains("user alice") && listed.contains("project alpha/shop"),
            listed);
        PaddockProcess.ShellResult refused = shell("paddock:bind --cluster alpha --user alice no-such-role");
        ShellAssertions.assertRefused("bind", refused, "role template 'no-such-role' does not exist");
        String nodes = shell("paddock:node-list alpha").output();
        assertEquals(3, nodes.lines().filter(line -> line.contains("| yes")).count(), nodes);
        admin.expect(200, admin.put("/v1/settings/server-url", Map.of("value", "https://localhost:" + paddock.httpsPort,
            "resourceVersion", 0)));
        Path file = paddock.home.resolve("admin-alpha.kubeconfig");
        assertTrue(shell("paddock:kubeconfig --output " + file + " alpha").output().contains("written to"));
        assertTrue(Files.readString(file).contains("server: \"https://localhost:" + paddock.httpsPort + "/k8s/clusters/alpha\""),
            "the server-url setting names the server");
        Kubectl.Result adminNodes = eventually(SYNC, () -> Kubectl.run(alpha, file, "get", "nodes", "-o", "name"), Kubectl.Result::ok);
        assertEquals(3, adminNodes.output().lines().count(), "Paddock administrators are cluster administrators");
        String binding = listed.lines().filter(line -> line.contains("cluster-member")).findFirst().orElseThrow().split("\\|")[0]
            .trim();
        assertTrue(shell("paddock:unbind " + binding).output().contains("removed"));
    }

    private static PaddockProcess.ShellResult shell(String command) throws Exception {
        return paddock.ssh("admin", PASSWORD, command);
    }

    @Test
    @Order(11)
    void removalIsComplete(LocalCluster alpha, @KubeCluster(nodes = 1) LocalCluster beta) throws Exception {
        admin.expect(204, admin.delete("/v1/clusters/alpha/projects/shop"));
        eventually(SYNC, () -> Kubectl.admin(alpha, "get", "rolebindings", "-A", "-l", "paddock.io/managed=rbac", "-o", "name"),
            String::isEmpty);
        assertTrue(names(admin.expect(200, admin.get("/v1/bindings?cluster=alpha&project=shop"))).isEmpty());
        admin.expect(204, admin.delete("/v1/users/bob"));
        eventually(SYNC, () -> Kubectl.admin(alpha, "get", "clusterrolebindings", "-l", "paddock.io/managed=rbac", "-o",
            "jsonpath={.items[*].subjects[*].name}"), s -> !s.contains("paddock:user:bob"));
        assertEquals(401, paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/me")).header("Authorization", "Bearer "
            + bob.token()).GET()).statusCode());
        admin.expect(204, admin.delete("/v1/clusters/beta"));
        eventually(SYNC, () -> Kubectl.admin(beta, "get", "clusterroles,clusterrolebindings,rolebindings", "-A", "-l",
            "paddock.io/managed=rbac", "-o", "name"), String::isEmpty);
        eventually(SYNC, () -> Kubectl.admin(beta, "get", "namespace", "paddock-system", "-o", "jsonpath={.status.phase}"),
            s -> !s.equals("Active"));
    }

    // ---- helpers

    private static Path kubeconfig(ApiClient user, String cluster, String name) throws Exception {
        HttpResponse<String> answer = user.get("/v1/clusters/" + cluster + "/kubeconfig");
        assertEquals(200, answer.statusCode(), answer.body());
        Path file = paddock.home.resolve(name + "-" + cluster + ".kubeconfig");
        Files.writeString(file, answer.body());
        return file;
    }

    private static String bindingOf(String cluster, String project, String role, String user) throws Exception {
        for (JsonNode binding : admin.expect(200, admin.get("/v1/bindings?cluster=" + cluster + "&project=" + project)).get("items")) {
            if (binding.get("role").asText().equals(role) && binding.get("subject").get("name").asText().equals(user)) {
                return binding.get("name").asText();
            }
        }
        throw new AssertionError("no binding of " + role + " to " + user);
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.get("items").forEach(item -> names.add(item.get("name").asText()));
        return names;
    }

    private static int managedObjects(LocalCluster cluster) throws Exception {
        String out = Kubectl.admin(cluster, "get", "clusterroles,clusterrolebindings,rolebindings", "-A", "-l",
            "paddock.io/managed=rbac", "-o", "name");
        return out.isEmpty() ? 0 : (int) out.lines().count();
    }
}
