package io.paddock.auth.ldap.internal;

import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.apache.shiro.realm.Realm;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.auth.AuthProviders;
import io.paddock.api.config.InvalidSettingException;
import io.paddock.api.system.HealthCheck;
import io.paddock.api.system.HealthResult;

/**
 * One LDAP login provider per factory configuration ({@code etc/io.paddock.auth.ldap-<name>.cfg}),
 * present only while that file is. A valid configuration registers the provider's Shiro
 * {@link Realm} with the {@link AuthProviders} properties; either way a health check named
 * {@code auth-ldap-<name>} says whether logins can work, and if not, which setting or connection is
 * at fault. A changed file restarts the provider.
 *
 * <p>The realm is registered by code rather than by DS because DS would copy every configuration
 * property, {@code bind.password} included, into service properties that any bundle can read.
 */
@Component(name = LdapSettings.PID, configurationPid = LdapSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
    immediate = true, service = {})
public class LdapLoginProvider {

    private static final Logger LOG = LoggerFactory.getLogger(LdapLoginProvider.class);

    private ServiceRegistration<HealthCheck> health;
    private ServiceRegistration<Realm> realm;
    private LdapDirectory directory;
    private volatile String problem;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        String source = configurationName(properties);
        Dictionary<String, Object> healthProperties = new Hashtable<>();
        healthProperties.put(HealthCheck.NAME_PROPERTY, "auth-" + source.substring("io.paddock.auth.".length()));
        health = context.registerService(HealthCheck.class, this::check, healthProperties);
        LdapSettings settings;
        try {
            settings = LdapSettings.from(source, properties);
            directory = LdapDirectory.open(settings);
        } catch (InvalidSettingException e) {
            problem = e.getMessage() + "; the login provider is not available until this is fixed";
            LOG.error(problem);
            return;
        }
        Dictionary<String, Object> realmProperties = new Hashtable<>();
        realmProperties.put(AuthProviders.PROVIDER, settings.provider());
        realmProperties.put(AuthProviders.DISPLAY_NAME, settings.displayName());
        realmProperties.put(AuthProviders.LOGIN, AuthProviders.PASSWORD_LOGIN);
        realm = context.registerService(Realm.class,
            new LdapRealm(settings, directory, new GroupCache(settings.groupCacheTtl(), Clock.systemUTC())), realmProperties);
        LOG.info("login provider ready: {}", settings);
    }

    @Deactivate
    void deactivate() {
        if (realm != null) {
            realm.unregister();
        }
        if (directory != null) {
            directory.close();
        }
        if (health != null) {
            health.unregister();
        }
    }

    private HealthResult check() {
        String configurationProblem = problem;
        if (configurationProblem != null) {
            return HealthResult.down(configurationProblem);
        }
        String directoryProblem = directory.problem();
        return directoryProblem == null ? HealthResult.up(directory.describe()) : HealthResult.down(directoryProblem);
    }

    /**
     * The configuration's file name without {@code .cfg}, e.g. {@code io.paddock.auth.ldap-corp}, for
     * messages that tell which file to fix.
     */
    static String configurationName(Map<String, Object> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String name = file.toString();
            name = name.substring(name.lastIndexOf('/') + 1);
            return name.endsWith(".cfg") ? name.substring(0, name.length() - ".cfg".length()) : name;
        }
        // a factory configuration created with a name (ConfigurationAdmin or config:edit --alias) has the PID <factory>~<name>
        Object pid = properties.get("service.pid");
        if (pid != null && pid.toString().startsWith(LdapSettings.PID + "~")) {
            return LdapSettings.PID + "-" + pid.toString().substring(LdapSettings.PID.length() + 1);
        }
        return LdapSettings.PID;
    }
}
