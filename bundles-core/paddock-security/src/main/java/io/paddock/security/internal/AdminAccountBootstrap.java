package io.paddock.security.internal;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.BackingEngineFactory;
import org.apache.karaf.jaas.modules.BackingEngineService;
import org.apache.karaf.jaas.modules.EncryptionService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.config.Settings;
import io.paddock.api.system.HealthCheck;
import io.paddock.api.system.HealthResult;

/**
 * Makes sure the container has an administrator without a well-known password. On first start the
 * {@code admin} account gets the password from {@code PADDOCK_BOOTSTRAP_PASSWORD} (or
 * {@code bootstrap.password} in {@code etc/io.paddock.security.cfg}), else a random one that is
 * printed once on the console. Either way only its argon2id hash is stored.
 */
@Component(configurationPid = AdminAccountBootstrap.PID, service = HealthCheck.class,
    property = HealthCheck.NAME_PROPERTY + "=admin-account")
public class AdminAccountBootstrap implements HealthCheck {

    static final String PID = "io.paddock.security";
    static final String ENV_PASSWORD = "PADDOCK_BOOTSTRAP_PASSWORD";
    static final String KEY_PASSWORD = "bootstrap.password";
    static final String KEY_USER = "admin.user";
    static final String ADMIN_GROUP = "admingroup";
    static final int MIN_PASSWORD_LENGTH = 12;
    private static final String REALM = "karaf";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int GENERATED_LENGTH = 24;

    private static final Logger LOG = LoggerFactory.getLogger(AdminAccountBootstrap.class);

    private final Function<String, String> environment;
    private final PrintStream console;
    private volatile HealthResult state = HealthResult.down("admin account not checked yet");

    @Reference(target = "(name=" + Argon2EncryptionService.NAME + ")")
    EncryptionService argon2; // the realm hashes through it; it must be up before the first user is written

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY)
    List<JaasRealm> realms;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY)
    List<BackingEngineFactory> engineFactories;

    public AdminAccountBootstrap() {
        this(System::getenv, System.out);
    }

    AdminAccountBootstrap(Function<String, String> environment, PrintStream console) {
        this.environment = environment;
        this.console = console;
    }

    @Activate
    void activate(Map<String, Object> properties) {
        Settings settings = new Settings(PID, properties);
        String user = settings.string(KEY_USER, "admin");
        BackingEngine users = usersEngine();
        if (users == null) {
            state = HealthResult.down("the '" + REALM + "' JAAS realm has no login module that can store users; check"
                + " etc/org.apache.karaf.jaas.cfg");
            LOG.error(state.message());
            return;
        }
        state = ensureAdmin(users, user, settings.string(KEY_PASSWORD, environment.apply(ENV_PASSWORD)));
    }

    HealthResult ensureAdmin(BackingEngine users, String user, String configuredPassword) {
        if (users.lookupUser(user) != null) {
            return HealthResult.up("administrator '" + user + "' exists");
        }
        String password = configuredPassword;
        boolean generated = password == null || password.isEmpty();
        if (generated) {
            password = generatePassword();
        } else if (password.length() < MIN_PASSWORD_LENGTH) {
            // never echo the value: it is a secret even when it is a bad one
            HealthResult refused = HealthResult.down("administrator '" + user + "' not created: the bootstrap password ("
                + ENV_PASSWORD + " or " + KEY_PASSWORD + " in etc/" + PID + ".cfg) has " + password.length()
                + " characters; at least " + MIN_PASSWORD_LENGTH + " are required");
            LOG.error(refused.message());
            return refused;
        }
        users.addUser(user, password);
        users.addGroup(user, ADMIN_GROUP);
        LOG.info("Created administrator '{}' ({} password)", user, generated ? "generated" : "configured");
        if (generated) {
            console.println();
            console.println("=====================================================================");
            console.println(" Paddock administrator created. This password is shown only once.");
            console.println("   user:     " + user);
            console.println("   password: " + password);
            console.println(" Shell: bin/client -u " + user + "  (or ssh to the sshPort of etc/org.apache.karaf.shell.cfg)");
            console.println("=====================================================================");
            console.println();
        }
        return HealthResult.up("administrator '" + user + "' created");
    }

    private BackingEngine usersEngine() {
        BackingEngineService engines = new BackingEngineService();
        engines.setEngineFactories(engineFactories);
        for (JaasRealm realm : realms) {
            if (REALM.equals(realm.getName())) {
                for (AppConfigurationEntry entry : realm.getEntries()) {
                    BackingEngine engine = engines.get(entry);
                    if (engine != null) {
                        return engine;
                    }
                }
            }
        }
        return null;
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    @Override
    public HealthResult check() {
        return state;
    }
}
