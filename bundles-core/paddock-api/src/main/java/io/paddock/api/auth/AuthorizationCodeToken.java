package io.paddock.api.auth;

import java.net.URI;
import java.util.Objects;

import org.apache.shiro.authc.AuthenticationToken;

/**
 * The end of a redirect login (OAuth 2 / OpenID Connect authorization code flow): the code the
 * provider sent back, with the PKCE verifier and redirect URI of the request that started it.
 */
public final class AuthorizationCodeToken implements AuthenticationToken {
    private static final long serialVersionUID = 1L;

    private final String provider;
    private final String code;
    private final String codeVerifier;
    private final URI redirectUri;

    public AuthorizationCodeToken(String provider, String code, String codeVerifier, URI redirectUri) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.code = Objects.requireNonNull(code, "code");
        this.codeVerifier = Objects.requireNonNull(codeVerifier, "codeVerifier");
        this.redirectUri = Objects.requireNonNull(redirectUri, "redirectUri");
    }

    public String provider() {
        return provider;
    }

    public String codeVerifier() {
        return codeVerifier;
    }

    public URI redirectUri() {
        return redirectUri;
    }

    /** The authorization code; it is a one-time credential. */
    @Override
    public Object getCredentials() {
        return code;
    }

    @Override
    public Object getPrincipal() {
        return provider;
    }

    @Override
    public String toString() {
        return "AuthorizationCodeToken[provider=" + provider + "]";
    }
}
