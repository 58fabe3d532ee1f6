package io.paddock.kube;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;

import javax.net.ssl.SSLException;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Why a call to a cluster failed, from fabric8's wrapped exceptions: a reason word for programs and
 * conditions, and a sentence a user can act on. Never a stack trace.
 *
 * @param reason  CamelCase word, e.g. {@code ConnectionRefused}
 * @param message sentence for people
 */
public record KubeFailure(String reason, String message) {

    public static KubeFailure of(Throwable error) {
        if (error instanceof KubernetesClientException k && k.getCode() > 0) {
            return switch (k.getCode()) {
                case 401 -> new KubeFailure("Unauthorized", "the API server rejected the credentials (HTTP 401)");
                case 403 -> new KubeFailure("Forbidden", "the credentials may not do this (HTTP 403)");
                default -> new KubeFailure("HttpError", "the API server answered HTTP " + k.getCode());
            };
        }
        Throwable root = error;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new KubeFailure("ConnectionRefused", "connection refused or host unreachable");
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                return new KubeFailure("Timeout", "the API server did not answer in time (see connect.timeout.seconds and"
                    + " request.timeout.seconds in etc/io.paddock.kube.cfg)");
            }
            if (t instanceof SSLException) {
                return new KubeFailure("TLSError", "TLS failed: " + t.getMessage());
            }
            if (t instanceof UnknownHostException) {
                return new KubeFailure("UnknownHost", "unknown host " + t.getMessage());
            }
            root = t;
        }
        return new KubeFailure("Unreachable", root.getClass().getSimpleName() + (root.getMessage() != null ? ": " + root.getMessage() : ""));
    }
}
