package io.paddock.cluster.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ClusterFileTest {

    private static final String DEFAULT_VERSION = "v1.34.4";

    private static ClusterFile file(String yaml) {
        return ClusterFile.fromForm(Map.of("clusterFile", yaml), DEFAULT_VERSION);
    }

    private static void assertRefused(String yaml, String message) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> file(yaml));
        assertTrue(refused.getMessage().startsWith(message), refused.getMessage());
    }

    @Test
    void readsEveryFieldOfAClusterFile() {
        ClusterFile file = file("""
            kubernetesVersion: v1.35.4
            nodes: 3
            network:
              serviceCidr: 10.96.0.0/16
              apiServerPort: 16443
            kubeApiServer:
              extraArgs: ["--v=2", "--feature-gates=InPlacePodVerticalScaling=true"]
            etcd:
              snapshotIntervalMinutes: 60
              snapshotRetention: 3
            """);
        assertEquals(new ClusterFile("v1.35.4", 3, "10.96.0.0/16", 16443,
            List.of("--v=2", "--feature-gates=InPlacePodVerticalScaling=true"), 60, 3), file);
    }

    @Test
    void anEmptyFormGivesTheDefaults() {
        assertEquals(new ClusterFile(DEFAULT_VERSION, 1, "10.43.0.0/24", 0, List.of(), 360, 5),
            ClusterFile.fromForm(Map.of(), DEFAULT_VERSION));
    }

    @Test
    void formFieldsOverrideTheFile() {
        ClusterFile file = ClusterFile.fromForm(Map.of("clusterFile", "nodes: 3\nnetwork: {serviceCidr: 10.96.0.0/16}\n",
            "nodes", "5", "apiServerPort", "17443", "snapshotRetention", ""), DEFAULT_VERSION);
        assertEquals(5, file.nodes());
        assertEquals(17443, file.apiServerPort());
        assertEquals("10.96.0.0/16", file.serviceCidr(), "untouched by the form");
        assertEquals(5, file.snapshotRetention(), "an empty form field means the default");
    }

    @Test
    void errorsNameTheField() {
        assertRefused("nodes: many", "nodes: must be a whole number");
        assertRefused("nodes: 1001", "nodes: must be between 0 and 1000");
        assertRefused("kubernetesVersion: 1.34", "kubernetesVersion: '1.34' is not a version");
        assertRefused("network: {serviceCidr: 10.0.0.0/8}", "network.serviceCidr: /8 is not allowed");
        assertRefused("network: {serviceCidr: 300.0.0.0/16}", "network.serviceCidr: '300.0.0.0/16' is not an IPv4 range");
        assertRefused("network: {apiServerPort: 443}", "network.apiServerPort: 443 is a privileged port");
        assertRefused("network: {apiServerPort: 70000}", "network.apiServerPort: must be between 0 and 65535");
        assertRefused("network: {podCidr: 10.1.0.0/16}", "network.podCidr: unknown field");
        assertRefused("netwrk: {}", "netwrk: unknown field");
        assertRefused("network: 10.0.0.0/24", "network: must be a mapping");
        assertRefused("kubeApiServer: {extraArgs: --v=2}", "kubeApiServer.extraArgs: must be a list");
        assertRefused("kubeApiServer: {extraArgs: [\"-v=2\"]}", "kubeApiServer.extraArgs[0]: '-v=2' is not a flag");
        assertRefused("kubeApiServer: {extraArgs: [\"--secure-port=1\"]}",
            "kubeApiServer.extraArgs[0]: --secure-port is set by the provider; use network.apiServerPort");
        assertRefused("kubeApiServer: {extraArgs: [\"--v=2\", \"--etcd-servers=http://elsewhere\"]}",
            "kubeApiServer.extraArgs[1]: --etcd-servers is set by the provider");
        assertRefused("etcd: {snapshotIntervalMinutes: 1}", "etcd.snapshotIntervalMinutes: 1 is too often");
        assertRefused("etcd: {snapshotRetention: 0}", "etcd.snapshotRetention: must be between 1 and 100");
        assertRefused("nodes: [1", "clusterFile: not valid YAML");
        assertRefused("- a list", "clusterFile: must be a mapping");
    }

    @Test
    void unknownFormFieldsAreRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> ClusterFile.fromForm(Map.of("nodeCount", "3"), DEFAULT_VERSION));
        assertTrue(refused.getMessage().contains("unknown field 'nodeCount'"), refused.getMessage());
    }

    @Test
    void theWrittenFileReadsBackTheSame() {
        ClusterFile file = new ClusterFile("v1.35.4", 2, "10.96.0.0/16", 0, List.of("--v=2"), 0, 5);
        assertEquals(file, file(file.toYaml()));
        assertEquals(file.withNodes(7), file(file.withNodes(7).toYaml()));
    }
}
