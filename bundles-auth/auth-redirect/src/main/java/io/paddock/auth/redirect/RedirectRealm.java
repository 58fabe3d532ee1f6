package io.paddock.auth.redirect;

import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authc.credential.AllowAllCredentialsMatcher;
import org.apache.shiro.realm.AuthenticatingRealm;

import io.paddock.api.auth.AuthorizationCodeToken;
import io.paddock.api.auth.ExternalIdentity;

/**
 * The Shiro realm of one redirect login provider: it accepts the {@link AuthorizationCodeToken}s
 * of its provider id and asks the provider who the code belongs to. Redeeming the code at the
 * provider is the credential check, so Shiro's own credential matching has nothing left to do.
 */
public final class RedirectRealm extends AuthenticatingRealm {

    /** Redeems an authorization code at the provider. */
    @FunctionalInterface
    public interface CodeExchange {
        /**
         * @throws AuthenticationException with a message for the user: no code, token or secret in it
         */
        ExternalIdentity identify(AuthorizationCodeToken token);
    }

    private final CodeExchange exchange;

    public RedirectRealm(String provider, CodeExchange exchange) {
        super(new AllowAllCredentialsMatcher());
        this.exchange = exchange;
        setName(provider);
        setAuthenticationTokenClass(AuthorizationCodeToken.class);
        // an authorization code is used once: nothing to cache
        setAuthenticationCachingEnabled(false);
    }

    @Override
    public boolean supports(AuthenticationToken token) {
        return token instanceof AuthorizationCodeToken code && code.provider().equals(getName());
    }

    @Override
    protected AuthenticationInfo doGetAuthenticationInfo(AuthenticationToken token) {
        ExternalIdentity identity = exchange.identify((AuthorizationCodeToken) token);
        // the code is spent: the info keeps no credential
        return new SimpleAuthenticationInfo(identity, null, getName());
    }
}
