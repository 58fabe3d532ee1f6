package io.paddock.it;

import static io.paddock.it.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import io.paddock.it.PaddockProcess.ShellResult;
import io.paddock.localcluster.LocalCluster;
import io.paddock.testbed.KubeCluster;
import io.paddock.testbed.TestBedExtension;

/** Importing real clusters into a running Paddock and watching their health through the shell. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(TestBedExtension.class)
class ClusterManagementIT {

    private static final String PASSWORD = "cluster-management-admin";
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(30);

    private static PaddockProcess paddock;

    @BeforeAll
    static void start() throws Exception {
        paddock = PaddockProcess.unpack("cluster-management");
        paddock.env("PADDOCK_BOOTSTRAP_PASSWORD", PASSWORD).start();
        paddock.awaitHealthy();
    }

    @AfterAll
    static void stop() throws Exception {
        if (paddock != null) {
            paddock.close();
        }
    }

    private static ShellResult shell(String command) throws Exception {
        return paddock.ssh("admin", PASSWORD, command);
    }

    /** Writes the cluster's admin kubeconfig to {@code <name>.kubeconfig} in Paddock's home. */
    private static Path kubeconfigFile(String name, LocalCluster cluster) throws Exception {
        Path file = paddock.home.resolve(name + ".kubeconfig");
        Files.writeString(file, cluster.kubeconfig());
        return file;
    }

    /** The cluster-list row of {@code name}: state, version and ready/total nodes. */
    private static Optional<String[]> row(String name) throws Exception {
        Pattern row = Pattern.compile("^" + Pattern.quote(name) + "\\s*\\|\\s*(\\S+)\\s*\\|\\s*(\\S*)\\s*\\|\\s*(\\S+)\\s*\\|\\s*(\\S+)",
            Pattern.MULTILINE);
        Matcher m = row.matcher(shell("paddock:cluster-list").output());
        return m.find() ? Optional.of(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)}) : Optional.empty();
    }

    private static String[] awaitState(String name, String state, String nodes) throws Exception {
        return eventually(STATUS_TIMEOUT, () -> row(name).orElse(new String[] {"absent", "", "", ""}),
            r -> r[0].equals(state) && (nodes == null || r[3].equals(nodes)));
    }

    @Test
    @Order(1)
    void importedClustersBecomeActiveWithTheirNodes(LocalCluster alpha, @KubeCluster(nodes = 1) LocalCluster beta)
        throws Exception {
        ShellResult imported = shell("paddock:cluster-import -k " + kubeconfigFile("alpha", alpha) + " --display-name \"Alpha prod\" alpha");
        assertEquals(0, imported.exitStatus(), imported.output());
        assertTrue(imported.output().contains("Imported cluster alpha (" + alpha.kubernetesVersion()), imported.output());
        assertEquals(0, shell("paddock:cluster-import -k " + kubeconfigFile("beta", beta) + " beta").exitStatus());

        String[] a = awaitState("alpha", "ACTIVE", "3/3");
        assertEquals(alpha.kubernetesVersion(), a[1]);
        assertEquals("import", a[2]);
        awaitState("beta", "ACTIVE", "1/1");

        String describe = shell("paddock:cluster-describe alpha").output();
        for (int i = 0; i < 3; i++) {
            assertTrue(describe.contains(alpha.nodeName(i)), describe);
        }
        assertTrue(describe.matches("(?s).*Reachable\\s*\\|\\s*true.*"), describe);

        Path deployment = paddock.home.resolve("requests.yaml");
        Files.writeString(deployment, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api, namespace: default}
            spec:
              replicas: 3
              selector: {matchLabels: {app: api}}
              template:
                metadata: {labels: {app: api}}
                spec:
                  containers:
                  - name: api
                    image: registry.invalid/api:1
                    resources: {requests: {cpu: 100m, memory: 128Mi}}
            """);
        String applied = Kubectl.admin(alpha, "apply", "-f", deployment.toString());
        assertTrue(applied.contains("deployment.apps/api created"), applied);
        eventually(STATUS_TIMEOUT, () -> shell("paddock:cluster-describe alpha").output(),
            d -> d.matches("(?s).*Requested\\s*\\|\\s*300m CPU, 384Mi \\(pod requests, not measured usage\\).*"));
        assertTrue(row("alpha").orElseThrow()[3].equals("3/3"));
    }

    @Test
    @Order(2)
    void projectsGroupNamespacesAndTheirQuotaAppearDownstream(LocalCluster alpha) throws Exception {
        assertEquals(0, shell("paddock:project-create -d Shop alpha shop").exitStatus());
        assertEquals(0, shell("paddock:project-create alpha other").exitStatus());
        assertEquals(0, shell("paddock:project-namespace alpha shop web").exitStatus());
        assertEquals(0, shell("paddock:project-namespace alpha shop db").exitStatus());
        ShellResult quota = shell("paddock:project-quota --cpu 4 --memory 8Gi --pods 20 --default-cpu 500m --default-memory 256Mi"
            + " alpha shop");
        assertEquals(0, quota.exitStatus(), quota.output());

        for (String namespace : new String[] {"web", "db"}) {
            eventually(STATUS_TIMEOUT, () -> Kubectl.admin(alpha, "get", "resourcequota", "paddock-project-quota", "-n", namespace,
                "-o", "jsonpath={.spec.hard}"), hard -> hard.contains("\"limits.cpu\":\"4\"") && hard.contains("\"pods\":\"20\"")
                && hard.contains("\"limits.memory\":\"8Gi\""));
            eventually(STATUS_TIMEOUT, () -> Kubectl.admin(alpha, "get", "limitrange", "paddock-project-limits", "-n", namespace,
                "-o", "jsonpath={.spec.limits[0].default.cpu}"), cpu -> cpu.equals("500m"));
        }
        String listed = shell("paddock:project-list alpha").output();
        assertTrue(listed.matches("(?s).*shop\\s*\\|\\s*Shop\\s*\\|\\s*db, web.*"), listed);

        assertEquals(0, shell("paddock:project-namespace alpha other db").exitStatus(), "move db to the other project");
        eventually(STATUS_TIMEOUT, () -> Kubectl.admin(alpha, "get", "namespace", "db", "-o", "jsonpath={.metadata.labels.paddock\\.io/project}"),
            label -> label.equals("other"));
        eventually(STATUS_TIMEOUT, () -> Kubectl.admin(alpha, "get", "resourcequota", "-n", "db", "-o", "name"), String::isEmpty);

        assertEquals(0, shell("paddock:project-namespace --remove alpha shop web").exitStatus());
        eventually(STATUS_TIMEOUT, () -> Kubectl.admin(alpha, "get", "resourcequota,limitrange", "-n", "web", "-o", "name"), String::isEmpty);
        assertEquals("", Kubectl.admin(alpha, "get", "namespace", "web", "-o", "jsonpath={.metadata.labels.paddock\\.io/project}"));

        assertEquals(0, shell("paddock:project-delete alpha other").exitStatus());
        eventually(STATUS_TIMEOUT, () -> Kubectl.admin(alpha, "get", "namespace", "db", "-o", "jsonpath={.metadata.labels.paddock\\.io/project}"),
            String::isEmpty);

        assertShellError("paddock:project-create alpha shop", "cluster 'alpha' already has a project named 'shop'");
        assertShellError("paddock:project-create alpha Shop", "project name 'Shop' is invalid");
        assertShellError("paddock:project-create nope shop", "no cluster named 'nope'");
        assertShellError("paddock:project-quota --cpu lots alpha shop", "--cpu 'lots' is not a valid quantity");
        assertShellError("paddock:project-namespace alpha missing web", "cluster 'alpha' has no project named 'missing'");
    }

    @Test
    @Order(3)
    void badImportsAreRefusedClearlyAndStoreNothing() throws Exception {
        assertShellError("paddock:cluster-import -k " + paddock.home.resolve("alpha.kubeconfig") + " alpha",
            "a cluster named 'alpha' already exists");
        assertShellError("paddock:cluster-import -k " + paddock.home.resolve("alpha.kubeconfig") + " Alpha",
            "cluster name 'Alpha' is invalid");
        Path unreachable = paddock.home.resolve("unreachable.kubeconfig");
        Files.writeString(unreachable, Files.readString(paddock.home.resolve("alpha.kubeconfig"))
            .replaceAll("server: https://127.0.0.1:\\d+", "server: https://127.0.0.1:9"));
        assertShellError("paddock:cluster-import -k " + unreachable + " gamma",
            "cluster 'gamma' not imported: cannot talk to its API server: connection refused or host unreachable");
        Path garbage = paddock.home.resolve("garbage.kubeconfig");
        Files.writeString(garbage, "clusters: [unclosed");
        assertShellError("paddock:cluster-import -k " + garbage + " gamma", "kubeconfig is not valid YAML or JSON");
        assertTrue(row("gamma").isEmpty(), "a refused import left a record behind");
    }

    @Test
    @Order(4)
    void aClusterThatGoesDownTurnsUnavailableAndRecovers(@KubeCluster(nodes = 1) LocalCluster beta) throws Exception {
        beta.stopApiServer();
        awaitState("beta", "UNAVAILABLE", null);
        String describe = shell("paddock:cluster-describe beta").output();
        assertTrue(describe.matches("(?s).*Reachable\\s*\\|\\s*false\\s*\\|\\s*ConnectionRefused.*"), describe);
        beta.startApiServer();
        awaitState("beta", "ACTIVE", "1/1");
    }

    @Test
    @Order(5)
    void restartingPaddockKeepsClustersAndResumesWatching() throws Exception {
        paddock.stop();
        paddock.start();
        paddock.awaitHealthy();
        awaitState("alpha", "ACTIVE", "3/3");
        awaitState("beta", "ACTIVE", "1/1");
    }

    @Test
    @Order(6)
    void credentialsNeverAppearInLogsOrInTheDatabaseFiles() throws Exception {
        String kubeconfig = Files.readString(paddock.home.resolve("alpha.kubeconfig"));
        Matcher key = Pattern.compile("client-key-data: (\\S+)").matcher(kubeconfig);
        assertTrue(key.find());
        String secret = key.group(1).substring(0, 40);
        assertFalse(paddock.log().contains(secret), "client key in karaf.log");
        try (Stream<Path> files = Files.walk(paddock.home.resolve("data"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret),
                    "client key stored in clear in " + file);
            }
        }
    }

    @Test
    @Order(7)
    void secretsSurviveAKeyRotation() throws Exception {
        Path keys = paddock.etc("io.paddock.store.keys");
        byte[] newKey = new byte[32];
        new java.security.SecureRandom().nextBytes(newKey);
        String rotated = Files.readString(keys).replaceAll("(?m)^primary\\s*=.*$", "primary = rotated")
            + "\nkey.rotated = " + java.util.Base64.getEncoder().encodeToString(newKey) + "\n";
        Files.writeString(keys, rotated);
        ShellResult result = shell("paddock:store-reencrypt-secrets");
        assertEquals(0, result.exitStatus(), result.output());
        assertTrue(result.output().matches("(?s)Re-encrypted [2-9]\\d* secret values with the primary key.*"), result.output());
        paddock.stop();
        paddock.start();
        paddock.awaitHealthy();
        awaitState("alpha", "ACTIVE", "3/3");
    }

    @Test
    @Order(8)
    void removedClusterIsGone() throws Exception {
        ShellResult removed = shell("paddock:cluster-remove beta");
        assertEquals(0, removed.exitStatus(), removed.output());
        assertTrue(row("beta").isEmpty());
        assertShellError("paddock:cluster-describe beta", "no cluster named 'beta'");
        assertShellError("paddock:cluster-remove beta", "no cluster named 'beta'");
    }

    @Test
    @Order(9)
    void changesAndRefusalsAreInTheAuditTrailReadsAreNot() throws Exception {
        String audit = shell("paddock:audit-list --no-format -n 200").output();
        assertTrue(audit.matches("(?s).*\\tadmin\\s*\\tshell\\s*\\tpaddock:cluster-import -k \\S+ beta\\s*\\tsuccess.*"), audit);
        assertTrue(audit.matches("(?s).*\\tpaddock:cluster-import -k \\S+ gamma\\s*\\tfailure\\s*\\tcluster 'gamma' not imported.*"),
            audit);
        assertTrue(audit.contains("paddock:cluster-remove beta"), audit);
        assertFalse(audit.contains("paddock:cluster-list"), "read-only commands are not audited:\n" + audit);
        assertShellError("paddock:audit-list -n 0", "--limit must be from 1 to 1000");
    }

    private static void assertShellError(String command, String message) throws Exception {
        ShellAssertions.assertRefused(command, shell(command), message);
    }
}
