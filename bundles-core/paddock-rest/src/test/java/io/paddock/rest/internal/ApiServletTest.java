package io.paddock.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.paddock.api.cluster.ClusterException;

class ApiServletTest {

    @Test
    void clusterOperationRefusalsMapToStatuses() {
        assertEquals(409, ApiServlet.translate(new ClusterException("Busy", "busy")).status());
        assertEquals(409, ApiServlet.translate(new ClusterException("NotCreated", "never created")).status());
        ApiException unsupported = ApiServlet.translate(new ClusterException("NotSupported", "cannot"));
        assertEquals(400, unsupported.status());
        assertEquals("NotSupported", unsupported.reason());
        assertEquals(404, ApiServlet.translate(new ClusterException("NotFound", "no snapshot")).status());
        assertEquals(400, ApiServlet.translate(new IllegalArgumentException("kubernetesVersion is required")).status());
    }
}
