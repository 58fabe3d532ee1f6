package io.paddock.api.auth;

import java.net.URI;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where a redirect provider sends the browser to log in. Registered with the same
 * {@link AuthProviders#PROVIDER} property as the provider's realm.
 */
@ConsumerType
public interface RedirectLogin {

    /**
     * The provider's authorization URL for one login attempt.
     *
     * @param state         opaque value the provider must return unchanged (CSRF protection)
     * @param codeChallenge PKCE S256 challenge of the verifier later passed in the {@link AuthorizationCodeToken}
     * @param redirectUri   Paddock's callback URL the provider redirects to
     */
    URI authorizationUri(String state, String codeChallenge, URI redirectUri);
}
