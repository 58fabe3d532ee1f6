package io.paddock.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    @Test
    void credentialsImpersonationAndConnectionListedHeadersStayHere() {
        ForwardedHeaders headers = new ForwardedHeaders(List.of("keep-alive, X-Trace", "Impersonate-User"));
        for (String name : List.of("Authorization", "impersonate-user", "Impersonate-Group", "IMPERSONATE-UID",
            "Impersonate-Extra-Scopes", "Cookie", "X-Paddock-CSRF", "X-Trace", "x-trace", "Connection", "Upgrade")) {
            assertFalse(headers.forwardRequestHeader(name), name);
        }
        assertTrue(headers.forwardRequestHeader("Accept"));
        assertTrue(headers.forwardRequestHeader("Content-Type"));
        assertFalse(new ForwardedHeaders(List.of("Warning")).forwardResponseHeader("Warning"));
        assertFalse(headers.forwardResponseHeader("Set-Cookie"));
    }

    @Test
    void headerValuesCarryUtf8BytesOnePerChar() {
        String value = ForwardedHeaders.utf8HeaderValue("paddock:group:ldap:Développeurs-東京");
        byte[] sent = value.getBytes(StandardCharsets.ISO_8859_1); // what an HTTP client writes
        assertArrayEquals("paddock:group:ldap:Développeurs-東京".getBytes(StandardCharsets.UTF_8), sent);
        assertTrue(value.chars().allMatch(c -> c >= 0x20 && c <= 0xff));
    }
}
