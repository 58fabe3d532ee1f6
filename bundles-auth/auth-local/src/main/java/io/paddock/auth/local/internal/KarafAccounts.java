package io.paddock.auth.local.internal;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.GroupPrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.BackingEngineFactory;
import org.apache.karaf.jaas.modules.BackingEngineService;

import io.paddock.api.auth.ExternalGroup;
import io.paddock.api.auth.ExternalIdentity;

/**
 * The accounts of the container's {@code karaf} JAAS realm, which the shell and SSH use too: one
 * password per person, hashed with the realm's encryption (argon2id in Paddock's distribution).
 */
final class KarafAccounts {

    static final String REALM = "karaf";
    static final String PROVIDER = "local";

    private final List<JaasRealm> realms;
    private final List<BackingEngineFactory> engineFactories;

    KarafAccounts(List<JaasRealm> realms, List<BackingEngineFactory> engineFactories) {
        this.realms = realms;
        this.engineFactories = engineFactories;
    }

    /** Checks the password through the realm's login modules; empty when they refuse it. */
    Optional<ExternalIdentity> login(String login, char[] password) {
        Subject subject = new Subject();
        try {
            LoginContext context = new LoginContext(REALM, subject, callbacks -> {
                for (var callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(login);
                    } else if (callback instanceof PasswordCallback secret) {
                        secret.setPassword(password);
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
            context.login();
        } catch (LoginException e) {
            return Optional.empty();
        }
        List<ExternalGroup> groups = new ArrayList<>();
        String name = login;
        for (Principal principal : subject.getPrincipals()) {
            if (principal instanceof GroupPrincipal group) {
                groups.add(new ExternalGroup(group.getName(), group.getName()));
            } else if (principal instanceof UserPrincipal user) {
                name = user.getName();
            }
        }
        return Optional.of(new ExternalIdentity(PROVIDER, name, name, name, groups));
    }

    Optional<ExternalIdentity> find(String login) {
        BackingEngine engine = engine();
        return engine.listUsers().stream().filter(user -> user.getName().equals(login)).findFirst()
            .map(user -> new ExternalIdentity(PROVIDER, login, login, login,
                engine.listGroups(user).stream().map(g -> new ExternalGroup(g.getName(), g.getName())).toList()));
    }

    /** Adds the account, or replaces the password of an existing one (its groups stay). */
    void setPassword(String login, String password) {
        engine().addUser(login, password);
    }

    void delete(String login) {
        engine().deleteUser(login);
    }

    private BackingEngine engine() {
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
        throw new IllegalStateException("the '" + REALM + "' JAAS realm has no login module that can store users;"
            + " check etc/org.apache.karaf.jaas.cfg");
    }
}
