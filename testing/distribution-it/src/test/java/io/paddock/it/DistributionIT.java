package io.paddock.it;

import static io.paddock.it.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.paddock.it.PaddockProcess.ShellResult;
import io.paddock.localcluster.LocalCluster;
import io.paddock.testbed.TestBedExtension;

/** The assembled distribution, started as a user starts it, with a generated administrator password. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(TestBedExtension.class)
class DistributionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PRINTED_PASSWORD = Pattern.compile("password: (\\S+)");
    private static final List<String> PADDOCK_FEATURES = List.of("paddock-api", "paddock-core", "paddock-store",
        "paddock-tp-fabric8", "paddock-tp-jackson", "paddock-tp-bouncycastle", "paddock-tp-shiro", "paddock-tp-h2",
        "paddock-tp-postgresql", "paddock-tp-hikaricp", "paddock-tp-flyway", "paddock-console");

    private static PaddockProcess paddock;
    private static String adminPassword;

    @BeforeAll
    static void start() throws Exception {
        paddock = PaddockProcess.unpack("distribution");
        paddock.start();
        String console = eventually(Duration.ofSeconds(60), paddock::console, c -> PRINTED_PASSWORD.matcher(c).find());
        Matcher m = PRINTED_PASSWORD.matcher(console);
        assertTrue(m.find());
        adminPassword = m.group(1);
        paddock.awaitHealthy();
    }

    @AfterAll
    static void stop() throws Exception {
        if (paddock != null) {
            paddock.close();
        }
    }

    private static ShellResult shell(String command) throws Exception {
        return paddock.ssh("admin", adminPassword, command);
    }

    @Test
    @Order(1)
    void generatedAdminPasswordIsStrongPrintedOnceAndStoredOnlyAsArgon2Hash() throws Exception {
        assertTrue(adminPassword.length() >= 20, adminPassword);
        String users = Files.readString(paddock.etc("users.properties"));
        assertTrue(users.contains("admin = {CRYPT}$argon2id$v=19$"), users);
        assertFalse(users.contains(adminPassword), "plain password stored in users.properties");
        assertFalse(paddock.log().contains(adminPassword), "password written to karaf.log");
        assertEquals(1, countMatches(paddock.console(), "password: "));
    }

    @Test
    @Order(2)
    void everyPaddockFeatureIsInstalledAndEveryBundleActive() throws Exception {
        ShellResult features = shell("feature:list -i --no-format");
        assertEquals(0, features.exitStatus(), features.output());
        for (String feature : PADDOCK_FEATURES) {
            assertTrue(features.output().lines().anyMatch(l -> l.split("\t")[0].trim().equals(feature) && l.contains("\tStarted\t")),
                feature + " not started:\n" + features.output());
        }
        ShellResult bundles = shell("bundle:list -s -t 0 --no-format");
        List<String> rows = bundles.output().lines().filter(l -> l.matches("^\\s*\\d+\\s*\\t.*")).toList();
        assertTrue(rows.size() > 100, bundles.output());
        for (String row : rows) {
            String state = row.split("\t")[1].trim();
            if (!state.equals("Active")) {
                assertEquals("Resolved", state, row);
                assertTrue(isFragment(row), "bundle resolved but not started: " + row);
            }
        }
        for (String bundle : List.of("io.paddock.api", "io.paddock.kube", "io.paddock.core", "io.paddock.security",
            "io.paddock.rest", "io.paddock.shell", "io.paddock.store", "io.paddock.management", "io.paddock.audit",
            "io.paddock.console")) {
            assertTrue(rows.stream().anyMatch(l -> l.split("\t")[1].trim().equals("Active") && l.endsWith("\t" + bundle)), bundle + ":\n" + bundles.output());
        }
    }

    private boolean isFragment(String bundleRow) throws Exception {
        String id = bundleRow.trim().split("\\s+")[0];
        return shell("bundle:headers " + id).output().contains("Fragment-Host");
    }

    @Test
    @Order(3)
    void versionCommandAnswersOverSsh() throws Exception {
        ShellResult version = shell("paddock:version");
        assertEquals(0, version.exitStatus(), version.output());
        assertEquals("Paddock " + System.getProperty("paddock.version") + " (Karaf " + System.getProperty("karaf.version")
            + ", Java " + System.getProperty("java.version") + ")", version.output().trim());
    }

    @Test
    @Order(4)
    void healthAndVersionAnswerOverHttpWithJson() throws Exception {
        HttpResponse<String> health = paddock.get("/v1/health");
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("application/json", health.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonNode report = JSON.readTree(health.body());
        assertEquals("UP", report.get("status").asText());
        for (String check : List.of("admin-account", "bundles", "kube-client", "store", "cluster-monitor")) {
            assertEquals("UP", report.get("checks").get(check).get("status").asText(), health.body());
        }
        JsonNode version = JSON.readTree(paddock.get("/v1/version").body());
        assertEquals(System.getProperty("paddock.version"), version.get("version").asText());

        HttpResponse<String> post = paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/health"))
            .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, post.statusCode());
        JsonNode error = JSON.readTree(post.body());
        assertEquals(405, error.get("status").asInt());
        assertEquals("MethodNotAllowed", error.get("reason").asText());
        assertTrue(error.get("message").asText().contains("POST is not supported on /v1/health"), post.body());
    }

    @Test
    @Order(5)
    void fabric8InsideTheContainerDeserializesTypedResourcesOverTheJdkClient() throws Exception {
        ShellResult install = shell("bundle:install -s file:" + PaddockProcess.probeBundle());
        assertEquals(0, install.exitStatus(), install.output());
        ShellResult probe = eventually(Duration.ofSeconds(30), () -> shell("paddock-itest:fabric8"),
            r -> r.exitStatus() == 0);
        String out = probe.output();
        assertTrue(out.contains("http-client: io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientImpl"), out);
        assertTrue(out.contains("deserialized: v1/Pod -> io.fabric8.kubernetes.api.model.Pod"), out);
        assertTrue(out.contains("deserialized: apps/v1/Deployment -> io.fabric8.kubernetes.api.model.apps.Deployment"), out);
        assertTrue(out.contains("deserialized: rbac.authorization.k8s.io/v1/ClusterRole -> io.fabric8.kubernetes.api.model.rbac.ClusterRole"), out);
        assertFalse(out.contains("GenericKubernetesResource"), out);
    }

    @Test
    @Order(6)
    void clientsBuiltInsideTheContainerTalkToARealApiServer(LocalCluster cluster) throws Exception {
        Path kubeconfig = paddock.home.resolve("test-cluster.kubeconfig");
        Files.writeString(kubeconfig, cluster.kubeconfig());

        ShellResult check = shell("paddock:kube-check --kubeconfig " + kubeconfig);
        assertEquals(0, check.exitStatus(), check.output());
        assertTrue(check.output().matches("(?s).*Server\\s+\\|\\s+" + Pattern.quote(cluster.server()) + "/?\\s.*"), check.output());
        assertTrue(check.output().matches("(?s).*Version\\s+\\|\\s+" + Pattern.quote(cluster.kubernetesVersion()) + "\\s.*"), check.output());
        assertTrue(check.output().matches("(?s).*Nodes\\s+\\|\\s+3\\s.*"), check.output());
        assertTrue(check.output().contains("JDK HttpClient (io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientImpl)"), check.output());

        ShellResult probe = shell("paddock-itest:fabric8 --kubeconfig " + kubeconfig);
        assertEquals(0, probe.exitStatus(), probe.output());
        assertTrue(probe.output().contains("server-version: " + cluster.kubernetesVersion()), probe.output());
        assertTrue(probe.output().contains("namespace: kube-system io.fabric8.kubernetes.api.model.Namespace"), probe.output());
    }

    @Test
    @Order(7)
    void unreachableClusterGivesAClearError() throws Exception {
        Path kubeconfig = kubeconfigOfUnreachableServer("unreachable.kubeconfig", "{token: not-a-real-token}");
        assertShellError("paddock:kube-check -k " + kubeconfig, "cannot talk to the API server: connection refused or host unreachable");
    }

    @Test
    @Order(8)
    void badShellInputGetsAClearMessageAndNoStackTrace() throws Exception {
        assertShellError("paddock:version extra", "too many arguments specified");
        assertShellError("paddock:kube-check --bogus x", "undefined option --bogus");
        assertShellError("paddock:kube-check", "option -k is required");
        assertShellError("paddock:kube-check -k /nonexistent/kubeconfig", "kubeconfig file '/nonexistent/kubeconfig' does not exist");

        Path marker = paddock.home.resolve("exec-ran");
        Path evil = kubeconfigOfUnreachableServer("evil.kubeconfig",
            "{exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/touch, args: [\"" + marker + "\"]}}");
        assertShellError("paddock:kube-check -k " + evil, "user 'u' uses an exec credential plugin ('/bin/touch')");
        assertFalse(Files.exists(marker), "the kubeconfig's exec plugin ran on the server");
    }

    private static Path kubeconfigOfUnreachableServer(String fileName, String user) throws Exception {
        Path file = paddock.home.resolve(fileName);
        Files.writeString(file, """
            apiVersion: v1
            kind: Config
            current-context: c
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]
            contexts: [{name: c, context: {cluster: c, user: u}}]
            users: [{name: u, user: %s}]
            """.formatted(user));
        return file;
    }

    private void assertShellError(String command, String message) throws Exception {
        ShellAssertions.assertRefused(command, shell(command), message);
    }

    @Test
    @Order(9)
    void malformedConfigValueIsReportedWithFileKeyAndExpectation() throws Exception {
        Path cfg = paddock.etc("io.paddock.kube.cfg");
        String original = Files.readString(cfg);
        Files.writeString(cfg, original.replace("connect.timeout.seconds = 10", "connect.timeout.seconds = ten"));
        HttpResponse<String> down = eventually(Duration.ofSeconds(30), () -> paddock.get("/v1/health"),
            r -> r.statusCode() == 503);
        JsonNode kube = JSON.readTree(down.body()).get("checks").get("kube-client");
        assertEquals("DOWN", kube.get("status").asText());
        assertTrue(kube.get("message").asText().startsWith(
            "etc/io.paddock.kube.cfg: connect.timeout.seconds = 'ten' is invalid; expected a whole number from 1 to 300"),
            down.body());
        assertTrue(shell("paddock:health").output().contains("Paddock is DOWN"));

        Files.writeString(cfg, original);
        eventually(Duration.ofSeconds(30), () -> paddock.get("/v1/health").statusCode(), s -> s == 200);
    }

    @Test
    @Order(10)
    void restartKeepsAccountsConfigurationAndData() throws Exception {
        ShellResult set = shell("config:property-set -p io.paddock.kube request.timeout.seconds 45");
        assertEquals(0, set.exitStatus(), set.output());
        eventually(Duration.ofSeconds(30), () -> paddock.get("/v1/health").body(), b -> b.contains("request timeout 45s"));
        Path bundleCache = paddock.home.resolve("data/cache");
        assertTrue(Files.isDirectory(bundleCache));

        paddock.stop();
        String consoleBefore = paddock.console();
        paddock.start();
        paddock.awaitHealthy();

        String health = paddock.get("/v1/health").body();
        assertTrue(health.contains("administrator 'admin' exists"), health);
        assertTrue(health.contains("request timeout 45s"), health);
        assertTrue(Files.readString(paddock.etc("io.paddock.kube.cfg")).contains("45"));
        assertFalse(paddock.console().substring(consoleBefore.length()).contains("password: "),
            "a second start must not print or reset the password");
        assertEquals(0, shell("paddock:version").exitStatus());
        assertTrue(shell("bundle:list -s -t 0 --no-format").output().contains("io.paddock.itest.probe"),
            "bundles installed at run time survive a restart");
    }

    @Test
    @Order(11)
    void administratorChangesThePasswordAsTheDocsSay() throws Exception {
        String newPassword = "a-new-admin-password-2026";
        ShellResult change = shell("jaas:realm-manage --realm karaf; jaas:user-add admin " + newPassword + "; jaas:update");
        assertEquals(0, change.exitStatus(), change.output());
        String users = Files.readString(paddock.etc("users.properties"));
        assertFalse(users.contains(newPassword), "new password stored in clear");
        assertTrue(users.contains("admin = {CRYPT}$argon2id$"), users);
        assertEquals(0, paddock.ssh("admin", newPassword, "paddock:version").exitStatus());
        assertThrows(java.io.IOException.class, () -> paddock.ssh("admin", adminPassword, "paddock:version"));
        adminPassword = newPassword;

        String audit = shell("paddock:audit-list").output();
        assertTrue(audit.contains("jaas:user-add admin ********"), audit);
        assertFalse(audit.contains(newPassword), "password in the audit trail:\n" + audit);
    }

    private static int countMatches(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
