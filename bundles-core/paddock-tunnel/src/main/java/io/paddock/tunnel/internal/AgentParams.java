package io.paddock.tunnel.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.paddock.tunnel.protocol.TunnelTarget;

/**
 * What an agent tells the server in {@code X-Paddock-Agent-Params}: Base64 of
 * {@code {"kind": "cluster"|"node", "cluster": {"address": "host:port", "token": "...", "caCert": "PEM"}}},
 * the API server it relays to, its service-account token and the cluster's CA. {@code kind} is
 * optional ({@code cluster}).
 */
record AgentParams(String kind, TunnelTarget address, String token, String caCertificatePem) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_HEADER_CHARS = 64 * 1024;

    @Override
    public String toString() { // never the token
        return "AgentParams[" + kind + " agent for " + address + "]";
    }

    /** @throws IllegalArgumentException saying what is wrong, without repeating the values */
    static AgentParams parse(String header) {
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException("the X-Paddock-Agent-Params header is missing");
        }
        if (header.length() > MAX_HEADER_CHARS) {
            throw new IllegalArgumentException("the X-Paddock-Agent-Params header is too long");
        }
        JsonNode root;
        try {
            root = JSON.readTree(Base64.getDecoder().decode(header.strip()));
        } catch (IllegalArgumentException | IOException e) {
            throw new IllegalArgumentException("X-Paddock-Agent-Params is not Base64 of a JSON object");
        }
        String kind = root.path("kind").asText("cluster");
        if (!kind.equals("cluster") && !kind.equals("node")) {
            throw new IllegalArgumentException("agent kind must be 'cluster' or 'node'");
        }
        JsonNode cluster = root.path("cluster");
        String address = cluster.path("address").asText("");
        String token = cluster.path("token").asText("");
        String ca = cluster.path("caCert").asText("");
        if (address.isEmpty() || token.isEmpty() || ca.isEmpty()) {
            throw new IllegalArgumentException("X-Paddock-Agent-Params needs cluster.address, cluster.token and cluster.caCert");
        }
        TunnelTarget target;
        try {
            target = TunnelTarget.parse(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cluster.address must be host:port");
        }
        try {
            if (CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(ca.getBytes(StandardCharsets.US_ASCII))).isEmpty()) {
                throw new IllegalArgumentException("cluster.caCert holds no certificate");
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("cluster.caCert is not a PEM certificate");
        }
        return new AgentParams(kind, target, token, ca);
    }
}
