package io.paddock.security.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.pam.ModularRealmAuthenticator;
import org.apache.shiro.mgt.DefaultSecurityManager;
import org.apache.shiro.realm.Realm;

import io.paddock.api.access.LoginMethod;
import io.paddock.api.auth.AuthorizationCodeToken;
import io.paddock.api.auth.ExternalIdentity;

/**
 * The Shiro SecurityManager and the login providers' realms, which come and go as their bundles do.
 * Each login names its provider, so exactly one realm sees it: a password never reaches a provider
 * the user did not choose.
 */
final class ProviderRealms {

    /** A password login aimed at one provider. */
    static final class ProviderPasswordToken extends org.apache.shiro.authc.UsernamePasswordToken {
        private static final long serialVersionUID = 1L;
        private final String provider;

        ProviderPasswordToken(String provider, String login, String password, String clientAddress) {
            super(login, password, false, clientAddress);
            this.provider = provider;
        }

        String provider() {
            return provider;
        }
    }

    private record Provider(Realm realm, LoginMethod method) {
    }

    private final Map<String, Provider> providers = new ConcurrentHashMap<>();
    private final DefaultSecurityManager securityManager = new DefaultSecurityManager();

    ProviderRealms() {
        securityManager.setAuthenticator(new ModularRealmAuthenticator() {
            @Override
            protected AuthenticationInfo doAuthenticate(AuthenticationToken token) {
                String provider = token instanceof ProviderPasswordToken password ? password.provider()
                    : token instanceof AuthorizationCodeToken code ? code.provider() : null;
                Provider target = provider == null ? null : providers.get(provider);
                if (target == null) {
                    throw new AuthenticationException("login provider '" + provider + "' is not installed");
                }
                return doSingleRealmAuthentication(target.realm(), token);
            }
        });
    }

    void add(String provider, Realm realm, LoginMethod method) {
        if (!provider.equals(realm.getName())) {
            throw new IllegalArgumentException("realm " + realm.getName() + " is registered as provider '" + provider
                + "'; they must be equal");
        }
        Provider existing = providers.putIfAbsent(provider, new Provider(realm, method));
        if (existing != null && existing.realm() != realm) {
            throw new IllegalArgumentException("login provider '" + provider + "' is already installed (" + existing.method()
                .displayName() + "); give the second one another provider id");
        }
    }

    boolean remove(String provider, Realm realm) {
        return providers.computeIfPresent(provider, (key, current) -> current.realm() == realm ? null : current) == null;
    }

    boolean installed(String provider) {
        return providers.containsKey(provider);
    }

    Optional<LoginMethod> method(String provider) {
        return Optional.ofNullable(providers.get(provider)).map(Provider::method);
    }

    List<LoginMethod> methods() {
        Map<String, LoginMethod> sorted = new TreeMap<>();
        providers.forEach((id, provider) -> sorted.put(id, provider.method()));
        return List.copyOf(sorted.values());
    }

    /**
     * Runs the login through Shiro and returns who the provider says the user is.
     *
     * @throws AuthenticationException when the provider refuses
     */
    ExternalIdentity authenticate(AuthenticationToken token) {
        AuthenticationInfo info = securityManager.authenticate(token);
        Object principal = info == null ? null : info.getPrincipals().getPrimaryPrincipal();
        if (!(principal instanceof ExternalIdentity identity)) {
            throw new AuthenticationException("the login provider returned no identity");
        }
        return identity;
    }
}
