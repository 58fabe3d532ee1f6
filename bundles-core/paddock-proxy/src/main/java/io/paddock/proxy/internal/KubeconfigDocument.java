package io.paddock.proxy.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.paddock.api.cluster.DirectAccess;

/**
 * A kubeconfig as kubectl and helm read it: one user with the Paddock token, a context through the
 * proxy (the current one) and, with direct access, a context {@code <cluster>-direct} to the
 * cluster's own API server with the same token, which works while Paddock is down.
 */
final class KubeconfigDocument {

    static final String DIRECT_SUFFIX = "-direct";
    private static final YAMLMapper YAML = new YAMLMapper();

    private KubeconfigDocument() {
    }

    static String of(String cluster, String server, String caPem, String user, String token, DirectAccess direct) {
        String userEntry = "paddock-" + user;
        List<Object> clusters = new ArrayList<>(List.of(entry(cluster, "cluster", clusterEntry(server, caPem))));
        List<Object> contexts = new ArrayList<>(List.of(entry(cluster, "context", Map.of("cluster", cluster, "user", userEntry))));
        if (direct.enabled()) {
            String name = cluster + DIRECT_SUFFIX;
            clusters.add(entry(name, "cluster", clusterEntry(direct.server(), direct.certificateAuthority())));
            contexts.add(entry(name, "context", Map.of("cluster", name, "user", userEntry)));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiVersion", "v1");
        config.put("kind", "Config");
        config.put("clusters", clusters);
        config.put("users", List.of(entry(userEntry, "user", Map.of("token", token))));
        config.put("contexts", contexts);
        config.put("current-context", cluster);
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a kubeconfig: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> entry(String name, String key, Map<String, Object> value) {
        return Map.of("name", name, key, value);
    }

    /** An empty CA means a publicly trusted certificate: kubectl then uses the system's trust store. */
    private static Map<String, Object> clusterEntry(String server, String caPem) {
        return caPem.isEmpty() ? Map.of("server", server) : Map.of("server", server,
            "certificate-authority-data", Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)));
    }
}
