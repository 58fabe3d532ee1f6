package io.paddock.agent;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.paddock.tunnel.protocol.TunnelTarget;

/**
 * The {@code X-Paddock-Agent-Params} header: how the server reaches the cluster through this agent.
 * Base64 (standard alphabet) of the JSON
 * <pre>{"kind": "cluster", "cluster": {"address": "host:port", "token": "&lt;service-account token&gt;", "caCert": "&lt;PEM&gt;"}}</pre>
 * where {@code kind} says whether this is the cluster agent or a node agent (the server prefers the
 * cluster agent and falls back to node agents),
 * {@code address} is the API server the agent dials (the only target it allows), {@code token}
 * the agent's service-account token and {@code caCert} the cluster's CA certificate, so that the
 * server can speak TLS to the API server, end to end through the tunnel. It mirrors Rancher's
 * {@code X-API-Tunnel-Params} from its cluster agent, except that the CA is PEM text, not Base64.
 * Holds a credential: only ever sent over the pinned TLS connection, never logged.
 */
final class AgentParams {

    private AgentParams() {
    }

    static String encode(String kind, TunnelTarget address, String token, String caCertPem) {
        String json = "{\"kind\":" + jsonString(kind) + ",\"cluster\":{\"address\":" + jsonString(address.toString())
            + ",\"token\":" + jsonString(token)
            + ",\"caCert\":" + jsonString(caCertPem) + "}}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped. */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
