package io.paddock.auth.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.realm.Realm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.paddock.api.auth.AuthProviders;
import io.paddock.api.system.HealthCheck;
import io.paddock.api.system.HealthStatus;
import io.paddock.testbed.ldap.LdapExtension;
import io.paddock.testbed.ldap.LdapServer;

/** The component as SCR drives it: what it registers for a configuration file, and what goes away with it. */
@ExtendWith(LdapExtension.class)
class LdapLoginProviderTest {

    private final List<Registered> registered = new ArrayList<>();

    @Test
    void aValidConfigurationRegistersTheRealmWithProviderPropertiesAndNoSecrets(LdapServer ldap) {
        Map<String, Object> configuration = new TestDirectory(ldap).configuration();
        configuration.put("felix.fileinstall.filename", "file:/opt/paddock/etc/io.paddock.auth.ldap-corp.cfg");
        LdapLoginProvider provider = new LdapLoginProvider();

        provider.activate(context(), configuration);

        Registered realm = only(Realm.class);
        assertEquals("corp", realm.properties().get(AuthProviders.PROVIDER));
        assertEquals(AuthProviders.PASSWORD_LOGIN, realm.properties().get(AuthProviders.LOGIN));
        assertEquals("corp", ((Realm) realm.service()).getName());
        assertTrue(((Realm) realm.service()).getAuthenticationInfo(new UsernamePasswordToken("carol", ldap.password("carol")))
            != null);
        Registered health = only(HealthCheck.class);
        assertEquals("auth-ldap-corp", health.properties().get(HealthCheck.NAME_PROPERTY));
        assertEquals(HealthStatus.UP, ((HealthCheck) health.service()).check().status());
        for (Registered service : registered) {
            assertFalse(Collections.list(service.properties().elements()).contains(ldap.servicePassword()),
                "bind.password in the properties of " + service.type().getSimpleName());
        }

        provider.deactivate();

        assertTrue(registered.stream().allMatch(Registered::unregistered), "everything unregistered with the configuration");
    }

    @Test
    void anInvalidConfigurationRegistersNoRealmAndAHealthCheckNamingTheKey(LdapServer ldap) {
        Map<String, Object> configuration = new TestDirectory(ldap).configuration();
        configuration.put("service.pid", "io.paddock.auth.ldap~corp");
        configuration.put(LdapSettings.TLS_MODE, "tls");
        LdapLoginProvider provider = new LdapLoginProvider();

        provider.activate(context(), configuration);

        assertTrue(registered.stream().noneMatch(service -> service.type() == Realm.class));
        HealthCheck health = (HealthCheck) only(HealthCheck.class).service();
        assertEquals(HealthStatus.DOWN, health.check().status());
        assertTrue(health.check().message().startsWith("etc/io.paddock.auth.ldap-corp.cfg: tls.mode = 'tls' is invalid"),
            health.check().message());
        provider.deactivate();
    }

    private Registered only(Class<?> type) {
        List<Registered> matching = registered.stream().filter(service -> service.type() == type).toList();
        assertEquals(1, matching.size(), type + " registrations: " + matching);
        return matching.get(0);
    }

    /** A bundle context that records registrations; the component needs nothing else from it. */
    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
            (proxy, method, args) -> {
                if (!method.getName().equals("registerService") || !(args[0] instanceof Class<?> type)) {
                    throw new UnsupportedOperationException(method.getName());
                }
                @SuppressWarnings("unchecked")
                Registered service = new Registered(type, args[1], (Dictionary<String, Object>) args[2], new boolean[1]);
                registered.add(service);
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                    (registration, call, callArgs) -> {
                        if (!call.getName().equals("unregister")) {
                            throw new UnsupportedOperationException(call.getName());
                        }
                        service.unregisteredFlag()[0] = true;
                        return null;
                    });
            });
    }

    private record Registered(Class<?> type, Object service, Dictionary<String, Object> properties, boolean[] unregisteredFlag) {
        boolean unregistered() {
            return unregisteredFlag[0];
        }
    }
}
