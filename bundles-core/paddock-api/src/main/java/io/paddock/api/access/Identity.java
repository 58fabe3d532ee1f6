package io.paddock.api.access;

import java.util.List;
import java.util.Objects;

/**
 * An authenticated caller.
 *
 * @param user        user name
 * @param displayName for people
 * @param provider    login provider
 * @param groups      qualified group names
 * @param tokenId     the token or session that authenticated the call, {@code null} for internal callers
 */
public record Identity(String user, String displayName, String provider, List<String> groups, String tokenId) {

    /** Servlet request attribute under which the authentication filter leaves the caller, when there is one. */
    public static final String REQUEST_ATTRIBUTE = "io.paddock.api.access.Identity";
    /** Request attribute holding the token or session value that authenticated the request (to log it out). */
    public static final String CREDENTIAL_ATTRIBUTE = "io.paddock.api.access.Credential";
    /** Cookie carrying the browser session. */
    public static final String SESSION_COOKIE = "paddock_session";
    /** Header carrying the session's CSRF token on state-changing requests. */
    public static final String CSRF_HEADER = "X-Paddock-CSRF";

    public Identity {
        Objects.requireNonNull(user, "user");
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public boolean isMember(Subject subject) {
        return subject.kind() == Subject.Kind.USER ? subject.name().equals(user) : groups.contains(subject.name());
    }
}
