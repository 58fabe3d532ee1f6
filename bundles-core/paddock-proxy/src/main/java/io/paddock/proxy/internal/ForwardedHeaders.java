package io.paddock.proxy.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which headers may cross the proxy. Hop-by-hop headers (RFC 9110 section 7.6.1) and every header
 * the sender lists in {@code Connection} stop here; so do the caller's credentials and any
 * {@code Impersonate-*} header, which only the proxy itself sets (a client-sent one would let a user
 * act as anyone the impersonator may be).
 */
final class ForwardedHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
        "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");
    /** Set by the proxy or by the HTTP client, or Paddock's own. */
    private static final Set<String> REQUEST_ONLY_HERE = Set.of("host", "content-length", "expect", "authorization",
        "cookie", "x-paddock-csrf", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto");
    private static final Set<String> RESPONSE_ONLY_HERE = Set.of("content-length", "set-cookie");

    private final Set<String> connectionListed = new TreeSet<>();

    /** @param connectionValues the values of the request's (or response's) Connection headers */
    ForwardedHeaders(Iterable<String> connectionValues) {
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                if (!token.isBlank()) {
                    connectionListed.add(token.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
    }

    boolean forwardRequestHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !HOP_BY_HOP.contains(lower) && !REQUEST_ONLY_HERE.contains(lower) && !isImpersonation(name)
            && !connectionListed.contains(lower);
    }

    static boolean isImpersonation(String headerName) {
        return headerName.regionMatches(true, 0, "impersonate-", 0, "impersonate-".length());
    }

    boolean forwardResponseHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !HOP_BY_HOP.contains(lower) && !RESPONSE_ONLY_HERE.contains(lower) && !connectionListed.contains(lower)
            && !lower.startsWith(":");
    }

    /**
     * HTTP clients write header values byte per char (ISO-8859-1); the API server reads the bytes as
     * UTF-8. Passing the UTF-8 bytes one per char keeps a group like {@code ldap:Développeurs} equal
     * to the subject of its RoleBinding downstream. Group names never hold control characters
     * (bindings refuse them), so no header line can be added this way.
     */
    static String utf8HeaderValue(String value) {
        return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
