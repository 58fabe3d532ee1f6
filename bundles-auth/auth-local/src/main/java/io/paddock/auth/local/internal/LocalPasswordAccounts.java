package io.paddock.auth.local.internal;

import java.util.List;
import java.util.Optional;

import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngineFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.paddock.api.auth.ExternalIdentity;
import io.paddock.api.auth.PasswordAccounts;

/** Creating local accounts and changing their passwords, for the users API and shell. */
@Component(service = PasswordAccounts.class)
public class LocalPasswordAccounts implements PasswordAccounts {

    private final KarafAccounts accounts;

    @Activate
    public LocalPasswordAccounts(
        @Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY) List<JaasRealm> realms,
        @Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY)
        List<BackingEngineFactory> engineFactories) {
        this.accounts = new KarafAccounts(realms, engineFactories);
    }

    @Override
    public String provider() {
        return KarafAccounts.PROVIDER;
    }

    @Override
    public Optional<ExternalIdentity> find(String login) {
        return accounts.find(login);
    }

    @Override
    public ExternalIdentity create(String login, String password) {
        if (accounts.find(login).isPresent()) {
            throw new IllegalArgumentException("local account '" + login + "' already exists");
        }
        requireStrong(login, password);
        accounts.setPassword(login, password);
        return accounts.find(login).orElseThrow();
    }

    @Override
    public void setPassword(String login, String newPassword) {
        requireExisting(login);
        requireStrong(login, newPassword);
        accounts.setPassword(login, newPassword);
    }

    @Override
    public void changePassword(String login, String currentPassword, String newPassword) {
        requireExisting(login);
        if (currentPassword == null || accounts.login(login, currentPassword.toCharArray()).isEmpty()) {
            throw new IllegalArgumentException("the current password is wrong");
        }
        requireStrong(login, newPassword);
        accounts.setPassword(login, newPassword);
    }

    @Override
    public void delete(String login) {
        requireExisting(login);
        accounts.delete(login);
    }

    private void requireExisting(String login) {
        if (accounts.find(login).isEmpty()) {
            throw new IllegalArgumentException("local account '" + login + "' does not exist");
        }
    }

    private static void requireStrong(String login, String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("passwords need at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length() > 1024) {
            throw new IllegalArgumentException("passwords are limited to 1024 characters");
        }
        if (password.equalsIgnoreCase(login)) {
            throw new IllegalArgumentException("the password must differ from the user name");
        }
    }
}
