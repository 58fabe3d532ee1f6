package io.paddock.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ClusterResourceTest {

    @Test
    void lifecycleRoutesAreInTheOpenApiDocument() {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) OpenApiDocument.document(
            new ClusterResource(null, null, null, null, null, null, Map.of()).routes()).get("paths");

        assertEquals(Set.of("get", "patch", "delete"), paths.get("/v1/clusters/{cluster}").keySet());
        assertEquals(Set.of("post"), paths.get("/v1/clusters/{cluster}/upgrade").keySet());
        assertEquals(Set.of("get", "post"), paths.get("/v1/clusters/{cluster}/snapshots").keySet());
        assertEquals(Set.of("post"), paths.get("/v1/clusters/{cluster}/snapshots/{snapshot}/restore").keySet());
        assertEquals(Set.of("get"), paths.get("/v1/clusters/{cluster}/provider").keySet());
    }
}
