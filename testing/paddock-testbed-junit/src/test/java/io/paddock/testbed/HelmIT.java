package io.paddock.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.paddock.localcluster.KubeBinaries;
import io.paddock.localcluster.LocalCluster;

/**
 * The test bed's helm (built by {@code testing/k8s/build.sh}) installs a local chart into a test-bed cluster,
 * lists it as deployed and uninstalls it again. No repository and no network: the chart is written here.
 */
@ExtendWith(TestBedExtension.class)
class HelmIT {

    private static final String NAMESPACE = "helm-it";
    private static final String RELEASE = "greeter";

    @TempDir
    Path tmp;

    @Test
    void installListAndUninstallALocalChart(@KubeCluster(nodes = 1) LocalCluster cluster) throws Exception {
        Path helm = KubeBinaries.helm(KubeBinaries.defaultCache());
        Path chart = writeChart(tmp.resolve("greeter"));

        String version = run(List.of(helm.toString(), "version", "--short"));
        assertTrue(version.startsWith("v3."), "helm version --short: " + version);

        String installed = run(helm(helm, cluster, "install", RELEASE, chart.toString(), "--namespace", NAMESPACE,
            "--create-namespace", "--set", "greeting=hello from helm"));
        assertTrue(installed.contains("STATUS: deployed"), installed);

        // helm list -o json: [{"name":"greeter","namespace":"helm-it","revision":"1",...,"status":"deployed","chart":"greeter-0.1.0",...}]
        String listed = run(helm(helm, cluster, "list", "--namespace", NAMESPACE, "--output", "json"));
        assertTrue(listed.contains("\"name\":\"" + RELEASE + "\""), listed);
        assertTrue(listed.contains("\"status\":\"deployed\""), listed);
        assertTrue(listed.contains("\"chart\":\"greeter-0.1.0\""), listed);

        // the rendered ConfigMap, read with the test bed's kubectl
        String greeting = run(cluster.kubectlCommand("get", "configmap", RELEASE + "-greeting", "--namespace", NAMESPACE,
            "--output", "jsonpath={.data.greeting}/{.metadata.labels.app\\.kubernetes\\.io/managed-by}"));
        assertEquals("hello from helm/Helm", greeting);

        String uninstalled = run(helm(helm, cluster, "uninstall", RELEASE, "--namespace", NAMESPACE, "--wait"));
        assertTrue(uninstalled.contains("release \"" + RELEASE + "\" uninstalled"), uninstalled);
        assertEquals("", run(helm(helm, cluster, "list", "--namespace", NAMESPACE, "--all", "--short")));
        Result gone = exec(cluster.kubectlCommand("get", "configmap", RELEASE + "-greeting", "--namespace", NAMESPACE));
        assertNotEquals(0, gone.exitCode(), gone.output());
        assertTrue(gone.output().contains("NotFound"), gone.output());
    }

    /** A minimal chart: Chart.yaml, values.yaml and one ConfigMap template. */
    private static Path writeChart(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("Chart.yaml"), """
            apiVersion: v2
            name: greeter
            version: 0.1.0
            description: Test chart of the Paddock test bed
            """);
        Files.writeString(dir.resolve("values.yaml"), "greeting: hello\n");
        Files.writeString(dir.resolve("templates").resolve("configmap.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-greeting
              labels:
                app.kubernetes.io/managed-by: {{ .Release.Service }}
            data:
              greeting: {{ .Values.greeting | quote }}
            """);
        return dir;
    }

    /** A helm command line against {@code cluster} as admin; helm's config, cache and data stay in the test's temp dir. */
    private List<String> helm(Path helm, LocalCluster cluster, String... args) {
        List<String> command = new ArrayList<>(List.of(helm.toString(), "--kubeconfig", cluster.kubeconfigFile().toString()));
        command.addAll(List.of(args));
        return command;
    }

    private record Result(int exitCode, String output) {
    }

    private Result exec(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HELM_CONFIG_HOME", tmp.resolve("helm-config").toString());
        builder.environment().put("HELM_CACHE_HOME", tmp.resolve("helm-cache").toString());
        builder.environment().put("HELM_DATA_HOME", tmp.resolve("helm-data").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), output.strip());
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        Result result = exec(command);
        assertEquals(0, result.exitCode(), String.join(" ", command) + " failed: " + result.output());
        return result.output();
    }
}
