package io.paddock.api.auth;

/**
 * Service properties of a login provider's {@code org.apache.shiro.realm.Realm} service. The
 * realm's {@code getName()} must equal {@link #PROVIDER}'s value.
 *
 * <p>Password providers authenticate a {@code org.apache.shiro.authc.UsernamePasswordToken};
 * redirect providers also register a {@link RedirectLogin} with the same {@link #PROVIDER} and
 * authenticate an {@link AuthorizationCodeToken}. Either way the realm's authentication info has an
 * {@link ExternalIdentity} as its primary principal.
 */
public final class AuthProviders {

    /** Provider id, e.g. {@code local}, {@code ldap}; a lower-case word, unique. */
    public static final String PROVIDER = "paddock.auth.provider";
    /** Name shown on the login page, e.g. "Active Directory". */
    public static final String DISPLAY_NAME = "paddock.auth.display-name";
    /** {@link #PASSWORD_LOGIN} or {@link #REDIRECT_LOGIN}. */
    public static final String LOGIN = "paddock.auth.login";

    public static final String PASSWORD_LOGIN = "password";
    public static final String REDIRECT_LOGIN = "redirect";

    private AuthProviders() {
    }
}
