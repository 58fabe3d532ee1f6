package io.paddock.api.access;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.paddock.api.store.ListQuery;
import io.paddock.api.store.Page;

/**
 * Logins, sessions, API tokens and users. Failures are {@link AuthenticationFailedException},
 * {@link IllegalArgumentException} for bad input and {@link AccessDeniedException}; messages are
 * meant for users and never contain secrets.
 */
@ProviderType
public interface SecurityService {

    /** The login providers installed now. */
    List<LoginMethod> loginMethods();

    Session loginWithPassword(String provider, String login, String password, String clientAddress);

    RedirectStart startRedirectLogin(String provider, URI redirectUri);

    Session completeRedirectLogin(String provider, String state, String code, URI redirectUri, String clientAddress);

    /** The caller a session or API token value belongs to, if it is valid, unexpired and its user enabled. */
    Optional<Identity> authenticate(String tokenValue);

    /**
     * The caller for a local account the container already authenticated (the shell), creating
     * its user on first use.
     *
     * @throws AuthenticationFailedException when local accounts are not installed or the account or user is gone or disabled
     */
    Identity localIdentity(String login);

    /** Whether {@code csrfToken} belongs to the session {@code sessionValue}. */
    boolean validCsrf(String sessionValue, String csrfToken);

    /**
     * The CSRF token of the session {@code sessionValue}, for a browser that holds the session cookie but
     * not the token (a reloaded console, a redirect login); only the cookie's owner can ask for it.
     */
    String csrfToken(String sessionValue);

    /** Ends the session or revokes the token with this value. */
    void logout(String tokenValue);

    /** Issues an API token for the caller; {@code ttl} {@code null} means the longest allowed. */
    IssuedToken createToken(Identity caller, String description, Duration ttl);

    /** The caller's tokens and sessions. */
    List<ApiToken> tokens(String user);

    /**
     * Every unexpired API token (browser sessions left out) with the stored hash of its secret.
     * Internal to the core: only the token mirror for direct access calls it, and the hashes go
     * nowhere but into the clusters that check the tokens.
     */
    List<TokenHash> apiTokenHashes();

    /** Revokes one of the user's tokens. @throws IllegalArgumentException when the user has no such token */
    void revokeToken(String user, String tokenId);

    List<User> users();

    /** One page of users. */
    Page<User> users(ListQuery query);

    Optional<User> user(String name);

    /** Creates a user with a password of the {@code local} provider. */
    User createLocalUser(String login, String displayName, String password);

    /** Enables or disables a user; disabling ends their sessions and tokens at once. */
    User setEnabled(String name, boolean enabled);

    /** Changes the caller's own local password, checking the current one. */
    void changePassword(Identity caller, String currentPassword, String newPassword);

    /** Sets a local user's password (an administrator's reset); ends the user's sessions. */
    void resetPassword(String name, String newPassword);

    /** Deletes the user, their tokens, sessions and bindings. */
    void deleteUser(String name);
}
