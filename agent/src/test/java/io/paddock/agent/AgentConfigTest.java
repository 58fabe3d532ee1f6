package io.paddock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.paddock.tunnel.protocol.TunnelTarget;

class AgentConfigTest {

    private static final String CHECKSUM = "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789ABCDEF";

    @TempDir
    Path dir;

    @Test
    void readsTheSettingsAClusterDeploymentGives() throws IOException {
        Map<String, String> env = validEnvironment();
        env.put("PADDOCK_SERVER", "https://paddock.example.com:8443/base/");
        env.remove("PADDOCK_CLUSTER_API");
        env.put("KUBERNETES_SERVICE_HOST", "10.43.0.1");
        env.put("KUBERNETES_SERVICE_PORT", "443");

        AgentConfig config = AgentConfig.fromEnvironment(env);
        assertEquals(URI.create("wss://paddock.example.com:8443/base/tunnel/connect"), config.tunnelUri());
        assertEquals(CHECKSUM.toLowerCase(), config.caChecksum());
        assertEquals(new TunnelTarget("10.43.0.1", 443), config.clusterApi());

        env.put("KUBERNETES_SERVICE_HOST", "fd00:10:43::1");
        assertEquals("[fd00:10:43::1]:443", AgentConfig.fromEnvironment(env).clusterApi().toString());
        env.put("PADDOCK_CLUSTER_API", "api.internal:6443");
        assertEquals(new TunnelTarget("api.internal", 6443), AgentConfig.fromEnvironment(env).clusterApi());
    }

    @Test
    void namesEveryMissingOrWrongSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentConfig.fromEnvironment(Map.of(
            "PADDOCK_CLUSTER_TOKEN_FILE", dir.resolve("missing-token").toString(),
            "PADDOCK_CLUSTER_CA_FILE", dir.resolve("missing-ca").toString())));
        assertEquals("PADDOCK_SERVER is not set: give the https URL of the Paddock server, e.g. https://paddock.example.com; "
            + "PADDOCK_CA_CHECKSUM must be the SHA-256 of the server's CA certificate (DER) in 64 hex digits, e.g. from: "
            + "openssl x509 -in paddock-tls-ca.pem -outform der | sha256sum; "
            + "PADDOCK_TOKEN_FILE: cannot read /paddock-credentials/token (the default; set PADDOCK_TOKEN_FILE to change it); "
            + "PADDOCK_CLUSTER_API is not set and the agent runs outside a cluster (no KUBERNETES_SERVICE_HOST and "
            + "KUBERNETES_SERVICE_PORT): give the API server's host:port; "
            + "PADDOCK_CLUSTER_TOKEN_FILE: cannot read " + dir.resolve("missing-token") + "; "
            + "PADDOCK_CLUSTER_CA_FILE: cannot read " + dir.resolve("missing-ca"), e.getMessage());
    }

    @Test
    void refusesAServerWithoutTls() throws IOException {
        Map<String, String> env = validEnvironment();
        env.put("PADDOCK_SERVER", "http://paddock.example.com");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentConfig.fromEnvironment(env));
        assertEquals("PADDOCK_SERVER 'http://paddock.example.com' must be an https URL without user, query or fragment,"
            + " e.g. https://paddock.example.com", e.getMessage());

        env.put("PADDOCK_SERVER", "https://paddock.example.com");
        env.put("PADDOCK_CLUSTER_API", "10.43.0.1");
        e = assertThrows(IllegalArgumentException.class, () -> AgentConfig.fromEnvironment(env));
        assertTrue(e.getMessage().startsWith("the cluster's API server address is wrong: target '10.43.0.1' is not host:port"),
            e.getMessage());
    }

    private Map<String, String> validEnvironment() throws IOException {
        Map<String, String> env = new HashMap<>(Map.of(
            "PADDOCK_SERVER", "https://paddock.example.com",
            "PADDOCK_CA_CHECKSUM", CHECKSUM,
            "PADDOCK_CLUSTER_API", "10.43.0.1:443"));
        for (String variable : new String[] {"PADDOCK_TOKEN_FILE", "PADDOCK_CLUSTER_TOKEN_FILE", "PADDOCK_CLUSTER_CA_FILE"}) {
            Path file = Files.writeString(dir.resolve(variable), "content");
            env.put(variable, file.toString());
        }
        return env;
    }
}
