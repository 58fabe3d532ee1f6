package io.paddock.agent;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.paddock.tunnel.protocol.TunnelTarget;

/**
 * The agent's settings, read from the environment as a cluster's Deployment gives them.
 *
 * @param tunnelUri        {@code wss://<server>/tunnel/connect}, from {@code PADDOCK_SERVER}
 * @param caChecksum       SHA-256 of the server CA's DER encoding, lower-case hex ({@code PADDOCK_CA_CHECKSUM})
 * @param tokenFile        the registration token ({@code PADDOCK_TOKEN_FILE})
 * @param clusterApi       the only target the agent dials ({@code PADDOCK_CLUSTER_API}, or the
 *                         in-cluster {@code KUBERNETES_SERVICE_HOST}:{@code KUBERNETES_SERVICE_PORT})
 * @param clusterTokenFile the service-account token handed to the server ({@code PADDOCK_CLUSTER_TOKEN_FILE})
 * @param clusterCaFile    the cluster's CA certificate, PEM ({@code PADDOCK_CLUSTER_CA_FILE})
 */
record AgentConfig(URI tunnelUri, String caChecksum, Path tokenFile, TunnelTarget clusterApi, Path clusterTokenFile,
                   Path clusterCaFile, String kind) {

    static final String TUNNEL_PATH = "/tunnel/connect";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount/";

    /**
     * Reads and checks every setting.
     *
     * @throws IllegalArgumentException naming every setting that is missing or wrong, and how to fix it
     */
    static AgentConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        URI tunnelUri = tunnelUri(env.get("PADDOCK_SERVER"), problems);
        String checksum = env.get("PADDOCK_CA_CHECKSUM");
        if (checksum == null || !SHA256_HEX.matcher(checksum.strip()).matches()) {
            problems.add("PADDOCK_CA_CHECKSUM must be the SHA-256 of the server's CA certificate (DER) in 64 hex digits,"
                + " e.g. from: openssl x509 -in paddock-tls-ca.pem -outform der | sha256sum");
            checksum = null;
        } else {
            checksum = checksum.strip().toLowerCase(Locale.ROOT);
        }
        Path tokenFile = readableFile(env, "PADDOCK_TOKEN_FILE", "/paddock-credentials/token", problems);
        TunnelTarget clusterApi = clusterApi(env, problems);
        Path clusterTokenFile = readableFile(env, "PADDOCK_CLUSTER_TOKEN_FILE", SERVICE_ACCOUNT + "token", problems);
        Path clusterCaFile = readableFile(env, "PADDOCK_CLUSTER_CA_FILE", SERVICE_ACCOUNT + "ca.crt", problems);
        String kind = env.getOrDefault("PADDOCK_AGENT_KIND", "cluster").strip();
        if (!kind.equals("cluster") && !kind.equals("node")) {
            problems.add("PADDOCK_AGENT_KIND must be 'cluster' (the cluster agent) or 'node' (a node agent, the fallback)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new AgentConfig(tunnelUri, checksum, tokenFile, clusterApi, clusterTokenFile, clusterCaFile, kind);
    }

    private static URI tunnelUri(String server, List<String> problems) {
        if (server == null || server.isBlank()) {
            problems.add("PADDOCK_SERVER is not set: give the https URL of the Paddock server, e.g. https://paddock.example.com");
            return null;
        }
        try {
            URI base = new URI(server.strip());
            if (!"https".equalsIgnoreCase(base.getScheme()) || base.getRawAuthority() == null
                || base.getRawQuery() != null || base.getRawFragment() != null || base.getRawUserInfo() != null) {
                problems.add("PADDOCK_SERVER '" + server + "' must be an https URL without user, query or fragment, e.g. https://paddock.example.com");
                return null;
            }
            String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
            return new URI("wss://" + base.getRawAuthority() + path + TUNNEL_PATH);
        } catch (URISyntaxException e) {
            problems.add("PADDOCK_SERVER '" + server + "' is not a URL: " + e.getMessage());
            return null;
        }
    }

    private static TunnelTarget clusterApi(Map<String, String> env, List<String> problems) {
        String explicit = env.get("PADDOCK_CLUSTER_API");
        String host = env.get("KUBERNETES_SERVICE_HOST");
        String port = env.get("KUBERNETES_SERVICE_PORT");
        try {
            if (explicit != null && !explicit.isBlank()) {
                return TunnelTarget.parse(explicit.strip());
            }
            if (host != null && port != null) {
                String address = host.strip();
                return TunnelTarget.parse((address.contains(":") ? "[" + address + "]" : address) + ":" + port.strip());
            }
            problems.add("PADDOCK_CLUSTER_API is not set and the agent runs outside a cluster (no KUBERNETES_SERVICE_HOST"
                + " and KUBERNETES_SERVICE_PORT): give the API server's host:port");
        } catch (IllegalArgumentException e) {
            problems.add("the cluster's API server address is wrong: " + e.getMessage());
        }
        return null;
    }

    private static Path readableFile(Map<String, String> env, String variable, String defaultPath, List<String> problems) {
        String value = env.get(variable);
        Path file = Path.of(value == null || value.isBlank() ? defaultPath : value.strip());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problems.add(variable + ": cannot read " + file + (value == null ? " (the default; set " + variable + " to change it)" : ""));
        }
        return file;
    }
}
