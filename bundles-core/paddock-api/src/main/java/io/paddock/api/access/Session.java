package io.paddock.api.access;

/**
 * A browser login: the session token (sent back as an HttpOnly cookie) and the CSRF token the
 * console must send in a header with every state-changing request.
 */
public record Session(IssuedToken token, String csrfToken, Identity identity) {
}
