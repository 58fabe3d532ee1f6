package io.paddock.auth.redirect;

import java.util.Dictionary;
import java.util.Hashtable;

import org.apache.shiro.realm.Realm;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.paddock.api.auth.AuthProviders;
import io.paddock.api.auth.RedirectLogin;

/**
 * The two services of a redirect login provider, a {@link Realm} and its {@link RedirectLogin},
 * registered with the {@link AuthProviders} properties. Registered by hand because the provider id
 * comes from the configuration, and the service properties must carry it under their own names.
 */
public final class RedirectProviderRegistration implements AutoCloseable {

    private final ServiceRegistration<Realm> realm;
    private final ServiceRegistration<RedirectLogin> login;

    private RedirectProviderRegistration(ServiceRegistration<Realm> realm, ServiceRegistration<RedirectLogin> login) {
        this.realm = realm;
        this.login = login;
    }

    /** Registers {@code login} and a {@link RedirectRealm} that redeems codes with {@code exchange}. */
    public static RedirectProviderRegistration register(BundleContext context, ClientSettings settings, RedirectLogin login,
                                                        RedirectRealm.CodeExchange exchange) {
        RedirectRealm realm = new RedirectRealm(settings.provider(), exchange);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(AuthProviders.PROVIDER, settings.provider());
        properties.put(AuthProviders.DISPLAY_NAME, settings.displayName());
        properties.put(AuthProviders.LOGIN, AuthProviders.REDIRECT_LOGIN);
        // the login first: a core that sees the realm can then always start a login with it
        ServiceRegistration<RedirectLogin> loginRegistration = context.registerService(RedirectLogin.class, login, properties);
        return new RedirectProviderRegistration(context.registerService(Realm.class, realm, properties), loginRegistration);
    }

    @Override
    public void close() {
        // the realm first: no code is redeemed for a login that can no longer start
        unregister(realm);
        unregister(login);
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
    }
}
