package io.paddock.proxy.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** A kubeconfig with one cluster, user and context, as kubectl and helm read it. */
final class KubeconfigDocument {

    private static final YAMLMapper YAML = new YAMLMapper();

    private KubeconfigDocument() {
    }

    static String of(String cluster, String server, String caPem, String user, String token) {
        String userEntry = "paddock-" + user;
        Map<String, Object> config = Map.of(
            "apiVersion", "v1",
            "kind", "Config",
            "clusters", List.of(Map.of("name", cluster, "cluster", Map.of("server", server,
                "certificate-authority-data", Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII))))),
            "users", List.of(Map.of("name", userEntry, "user", Map.of("token", token))),
            "contexts", List.of(Map.of("name", cluster, "context", Map.of("cluster", cluster, "user", userEntry))),
            "current-context", cluster);
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a kubeconfig: " + e.getOriginalMessage(), e);
        }
    }
}
