package io.paddock.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterPathTest {

    private static final String PREFIX = "/k8s/clusters/";

    @Test
    void clusterAndPathAsSent() {
        ClusterPath path = ClusterPath.of("/k8s/clusters/alpha/api/v1/namespaces/shop/pods/a%20b", PREFIX);
        assertEquals("alpha", path.cluster());
        assertEquals("/api/v1/namespaces/shop/pods/a%20b", path.path(), "the cluster sees the encoding the client chose");
        assertEquals("/", ClusterPath.of("/k8s/clusters/alpha", PREFIX).path());
        assertEquals("/apis/", ClusterPath.of("/k8s/clusters/alpha/apis/", PREFIX).path());
        assertEquals("al pha", ClusterPath.of("/k8s/clusters/al%20pha/api", PREFIX).cluster(), "then refused as a name");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/k8s/clusters/alpha/api/v1/namespaces/shop/../../nodes",
        "/k8s/clusters/alpha/api/v1/namespaces/shop/%2e%2e/x",
        "/k8s/clusters/alpha/./api/v1/nodes",
        "/k8s/clusters/alpha//api/v1/nodes",
        "/k8s/clusters/alpha/api/v1/namespaces%2Fkube-system/secrets",
        "/k8s/clusters/alpha%2F..%2Fbeta/api",
        "/k8s/clusters/alpha/api/v1/pods%5c..%5cx",
        "/k8s/clusters/alpha/api/v1/pods/a%0d%0aImpersonate-User:%20admin",
        "/k8s/clusters/alpha/api/v1/pods/%zz",
        "/k8s/%63lusters/alpha/api"})
    void pathsThatServersMayReadDifferentlyAreRefused(String uri) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ClusterPath.of(uri, PREFIX));
        assertTrue(refused.getMessage().startsWith("the path"), refused.getMessage());
    }
}
