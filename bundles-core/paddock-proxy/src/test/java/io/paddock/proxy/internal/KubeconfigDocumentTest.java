package io.paddock.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.paddock.api.cluster.DirectAccess;

class KubeconfigDocumentTest {

    private static final String PADDOCK_CA = "-----BEGIN CERTIFICATE-----\npaddock\n-----END CERTIFICATE-----";
    private static final String CLUSTER_CA = "-----BEGIN CERTIFICATE-----\ncluster\n-----END CERTIFICATE-----";

    private static JsonNode read(String yaml) throws Exception {
        return new YAMLMapper().readTree(yaml);
    }

    private static List<String> names(JsonNode entries) {
        return entries.findValuesAsText("name").stream().filter(n -> !n.startsWith("paddock-")).toList();
    }

    @Test
    void withoutDirectAccessOnlyTheProxyIsReached() throws Exception {
        JsonNode config = read(KubeconfigDocument.of("prod", "https://paddock:8443/k8s/clusters/prod", PADDOCK_CA, "alice",
            "pdk_id.secret", DirectAccess.DISABLED));
        assertEquals(List.of("prod"), names(config.get("contexts")));
        assertEquals(1, config.get("clusters").size());
    }

    @Test
    void directAccessAddsAContextToTheClusterWithTheSameTokenAndKeepsTheProxyCurrent() throws Exception {
        JsonNode config = read(KubeconfigDocument.of("prod", "https://paddock:8443/k8s/clusters/prod", PADDOCK_CA, "alice",
            "pdk_id.secret", new DirectAccess(true, "https://10.0.0.1:6443", CLUSTER_CA)));
        assertEquals("prod", config.get("current-context").asText());
        assertEquals(List.of("prod", "prod-direct"), config.get("contexts").findValuesAsText("name"));
        JsonNode direct = config.get("clusters").get(1).get("cluster");
        assertEquals("https://10.0.0.1:6443", direct.get("server").asText());
        assertEquals(CLUSTER_CA, new String(Base64.getDecoder().decode(direct.get("certificate-authority-data").asText()),
            StandardCharsets.US_ASCII));
        JsonNode directContext = config.get("contexts").get(1).get("context");
        assertEquals(config.get("contexts").get(0).get("context").get("user"), directContext.get("user"), "one user, one token");
        assertEquals(1, config.get("users").size());
    }

    @Test
    void aPubliclyTrustedApiServerGetsNoCertificateAuthority() throws Exception {
        JsonNode config = read(KubeconfigDocument.of("prod", "https://paddock:8443/k8s/clusters/prod", PADDOCK_CA, "alice",
            "pdk_id.secret", new DirectAccess(true, "https://prod.example.com", "")));
        assertFalse(config.get("clusters").get(1).get("cluster").has("certificate-authority-data"));
    }
}
