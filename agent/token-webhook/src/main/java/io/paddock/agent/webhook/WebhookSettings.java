package io.paddock.agent.webhook;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How the webhook runs, from its environment (as a Pod spec or a systemd unit sets it).
 *
 * @param listen      address and port to serve TokenReviews on
 * @param certificate PEM certificate chain for HTTPS, or {@code null} for plain HTTP (loopback only)
 * @param key         PEM private key (PKCS#8) of the certificate, or {@code null}
 * @param kubeconfig  kubeconfig file to watch the cluster with, or {@code null} for the Pod's service account
 * @param namespace   namespace Paddock mirrors the tokens into
 */
record WebhookSettings(InetSocketAddress listen, Path certificate, Path key, Path kubeconfig, String namespace) {

    static final String LISTEN = "PADDOCK_WEBHOOK_LISTEN";
    static final String TLS_CERT = "PADDOCK_WEBHOOK_TLS_CERT";
    static final String TLS_KEY = "PADDOCK_WEBHOOK_TLS_KEY";
    static final String KUBECONFIG = "PADDOCK_WEBHOOK_KUBECONFIG";
    static final String NAMESPACE = "PADDOCK_WEBHOOK_NAMESPACE";
    static final String DEFAULT_LISTEN = "127.0.0.1:6440";
    static final String DEFAULT_NAMESPACE = "paddock-system";

    boolean tls() {
        return certificate != null;
    }

    /** @throws IllegalArgumentException naming the variable that is wrong and what it should be */
    static WebhookSettings from(Map<String, String> environment) {
        InetSocketAddress listen = address(environment.getOrDefault(LISTEN, DEFAULT_LISTEN));
        Path certificate = existingFile(environment, TLS_CERT);
        Path key = existingFile(environment, TLS_KEY);
        if ((certificate == null) != (key == null)) {
            throw new IllegalArgumentException("set both " + TLS_CERT + " and " + TLS_KEY + " for HTTPS, or neither");
        }
        if (certificate == null && !listen.getAddress().isLoopbackAddress()) {
            // kube-apiserver sends every bearer token it cannot place itself: never over a network in clear text
            throw new IllegalArgumentException(LISTEN + "=" + environment.get(LISTEN) + " is not a loopback address: serving"
                + " it needs HTTPS; set " + TLS_CERT + " and " + TLS_KEY);
        }
        String namespace = environment.getOrDefault(NAMESPACE, DEFAULT_NAMESPACE);
        if (!namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException(NAMESPACE + "='" + namespace + "' is not a namespace name");
        }
        return new WebhookSettings(listen, certificate, key, existingFile(environment, KUBECONFIG), namespace);
    }

    private static InetSocketAddress address(String value) {
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "" : value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (colon < 0 || host.isEmpty() || port < 0 || port > 65_535) {
            throw new IllegalArgumentException(LISTEN + "='" + value + "' must be <address>:<port>, e.g. " + DEFAULT_LISTEN);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(LISTEN + "='" + value + "': unknown address '" + host + "'");
        }
    }

    private static Path existingFile(Map<String, String> environment, String variable) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            return null;
        }
        Path file = Path.of(value);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(variable + "='" + value + "' is not a readable file");
        }
        return file;
    }
}
