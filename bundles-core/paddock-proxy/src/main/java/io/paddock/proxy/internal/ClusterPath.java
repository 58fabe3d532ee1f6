package io.paddock.proxy.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The cluster and the API path of a proxied request, taken from the request line as the client
 * sent it (still percent-encoded), so the cluster receives, and authorizes, exactly the path the
 * client asked for. Paths that servers may read differently ({@code .} and {@code ..} segments,
 * empty segments, encoded or back slashes) are refused rather than normalized: kubectl and helm
 * never send them, and a proxy and a cluster that normalize differently are how path tricks work.
 *
 * @param cluster the cluster name, decoded
 * @param path    the API path after the cluster name, as sent, starting with {@code /}
 */
record ClusterPath(String cluster, String path) {

    /**
     * @param requestUri the request's raw path (no query), e.g. {@code /k8s/clusters/alpha/api/v1/pods}
     * @param prefix     what comes before the cluster name, e.g. {@code /k8s/clusters/}
     * @throws IllegalArgumentException with a message for the client when the path is refused
     */
    static ClusterPath of(String requestUri, String prefix) {
        if (!requestUri.startsWith(prefix)) {
            throw new IllegalArgumentException("the path must start with " + prefix + " as sent, without encoding");
        }
        String tail = requestUri.substring(prefix.length());
        String[] segments = tail.split("/", -1);
        String cluster = checkedSegment(segments[0], segments.length == 1);
        for (int i = 1; i < segments.length; i++) {
            checkedSegment(segments[i], i == segments.length - 1);
        }
        int slash = tail.indexOf('/');
        String path = slash < 0 ? "/" : tail.substring(slash);
        return new ClusterPath(cluster, path);
    }

    private static String checkedSegment(String raw, boolean last) {
        String segment = decodeSegment(raw);
        if (segment.isEmpty() && !last || segment.equals(".") || segment.equals("..")) {
            throw new IllegalArgumentException("the path must not contain empty, '.' or '..' segments");
        }
        if (segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("the path must not contain encoded '/' or any '\\'");
        }
        return segment;
    }

    private static String decodeSegment(String raw) {
        String decoded;
        try {
            decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the path has a malformed percent-encoding");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("the path must not contain control characters");
            }
        }
        return decoded;
    }
}
