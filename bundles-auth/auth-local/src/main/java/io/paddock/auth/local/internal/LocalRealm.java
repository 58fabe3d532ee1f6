package io.paddock.auth.local.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngineFactory;
import org.apache.karaf.jaas.modules.Encryption;
import org.apache.karaf.jaas.modules.EncryptionService;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.authc.credential.AllowAllCredentialsMatcher;
import org.apache.shiro.realm.AuthenticatingRealm;
import org.apache.shiro.realm.Realm;
import org.apache.shiro.subject.SimplePrincipalCollection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.paddock.api.auth.AuthProviders;
import io.paddock.api.auth.ExternalIdentity;

/**
 * The {@code local} login provider. The password is checked by the JAAS realm's own login modules
 * (the matcher here accepts what they accepted), so the shell and the web agree on every account.
 */
@Component(service = Realm.class, property = {
    AuthProviders.PROVIDER + "=" + KarafAccounts.PROVIDER,
    AuthProviders.DISPLAY_NAME + "=Local users",
    AuthProviders.LOGIN + "=" + AuthProviders.PASSWORD_LOGIN})
public class LocalRealm extends AuthenticatingRealm {

    private final KarafAccounts accounts;
    private final Encryption decoyEncryption;
    private final String decoyHash;

    @Activate
    public LocalRealm(
        @Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY) List<JaasRealm> realms,
        @Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY)
        List<BackingEngineFactory> engineFactories,
        @Reference(target = "(name=argon2id)") EncryptionService encryption) {
        this.accounts = new KarafAccounts(realms, engineFactories);
        this.decoyEncryption = encryption.createEncryption(Map.of());
        this.decoyHash = decoyEncryption.encryptPassword(UUID.randomUUID().toString());
        setName(KarafAccounts.PROVIDER);
        setCredentialsMatcher(new AllowAllCredentialsMatcher());
        setAuthenticationTokenClass(UsernamePasswordToken.class);
    }

    @Override
    protected AuthenticationInfo doGetAuthenticationInfo(AuthenticationToken token) {
        UsernamePasswordToken password = (UsernamePasswordToken) token;
        char[] secret = password.getPassword();
        if (password.getUsername() == null || secret == null || secret.length == 0) {
            throw new AuthenticationException("user name and password are required");
        }
        Optional<ExternalIdentity> identity = accounts.login(password.getUsername(), secret);
        if (identity.isEmpty()) {
            if (accounts.find(password.getUsername()).isEmpty()) {
                // the realm refuses unknown users without hashing: hash anyway, so the time taken does not tell
                // a guesser which accounts exist
                decoyEncryption.checkPassword(new String(secret), decoyHash);
            }
            throw new AuthenticationException("unknown user or wrong password");
        }
        return new SimpleAuthenticationInfo(new SimplePrincipalCollection(identity.get(), getName()), secret);
    }
}
