package io.paddock.api.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "prod", "prod-eu-1", "0", "a1-b2-c3"})
    void acceptsKubernetesLabels(String name) {
        assertEquals(name, ResourceNames.requireDns1123Label("cluster", name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Prod", "-prod", "prod-", "prod_eu", "prod.eu", "pröd", "a b", "../etc"})
    void rejectsNamesKubernetesWouldRefuse(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ResourceNames.requireDns1123Label("cluster", name));
        assertTrue(e.getMessage().startsWith("cluster name '" + name + "' is invalid"), e.getMessage());
    }

    @Test
    void rejectsEmptyAndTooLongNames() {
        assertEquals("cluster name must not be empty",
            assertThrows(IllegalArgumentException.class, () -> ResourceNames.requireDns1123Label("cluster", "")).getMessage());
        String tooLong = "a".repeat(64);
        String message = assertThrows(IllegalArgumentException.class,
            () -> ResourceNames.requireDns1123Label("cluster", tooLong)).getMessage();
        assertTrue(message.contains("64 characters long; at most 63"), message);
        assertEquals("a".repeat(63), ResourceNames.requireDns1123Label("cluster", "a".repeat(63)));
    }

    @Test
    void clusterImportValidatesTheNameAndHidesTheKubeconfig() {
        assertThrows(IllegalArgumentException.class, () -> new ClusterImport("Prod", null, null, "kubeconfig", null));
        ClusterImport request = new ClusterImport("prod", null, null, "token: s3cr3t", null);
        assertTrue(!request.toString().contains("s3cr3t"), request.toString());
    }
}
