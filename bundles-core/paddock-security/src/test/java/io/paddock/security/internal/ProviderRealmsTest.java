package io.paddock.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.realm.AuthenticatingRealm;
import org.apache.shiro.subject.SimplePrincipalCollection;
import org.junit.jupiter.api.Test;

import io.paddock.api.access.LoginMethod;
import io.paddock.api.auth.ExternalIdentity;

class ProviderRealmsTest {

    /** A realm that accepts one user with one password, as a provider bundle's would. */
    private static AuthenticatingRealm realm(String provider, String user, String password) {
        AuthenticatingRealm realm = new AuthenticatingRealm() {
            @Override
            protected SimpleAuthenticationInfo doGetAuthenticationInfo(org.apache.shiro.authc.AuthenticationToken token) {
                UsernamePasswordToken login = (UsernamePasswordToken) token;
                if (!user.equals(login.getUsername())) {
                    throw new AuthenticationException("unknown user");
                }
                return new SimpleAuthenticationInfo(new SimplePrincipalCollection(
                    new ExternalIdentity(provider, user, user, user, List.of()), provider), password);
            }
        };
        realm.setName(provider);
        return realm;
    }

    @Test
    void aLoginReachesOnlyTheProviderTheUserChose() {
        ProviderRealms realms = new ProviderRealms();
        realms.add("corp", realm("corp", "alice", "corp-password"), new LoginMethod("corp", "Corp", "password"));
        realms.add("local", realm("local", "alice", "local-password"), new LoginMethod("local", "Local", "password"));
        assertEquals("corp", realms.authenticate(new ProviderRealms.ProviderPasswordToken("corp", "alice", "corp-password", null))
            .provider());
        assertThrows(AuthenticationException.class, () -> realms.authenticate(
            new ProviderRealms.ProviderPasswordToken("corp", "alice", "local-password", null)),
            "the local password must not open the corp login");
        assertThrows(AuthenticationException.class, () -> realms.authenticate(
            new ProviderRealms.ProviderPasswordToken("gone", "alice", "corp-password", null)));
    }

    @Test
    void aSecondRealmWithATakenProviderIdIsRefusedAndTheFirstKept() {
        ProviderRealms realms = new ProviderRealms();
        AuthenticatingRealm first = realm("ldap", "alice", "first-password");
        realms.add("ldap", first, new LoginMethod("ldap", "First", "password"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> realms.add("ldap", realm("ldap", "alice", "second-password"), new LoginMethod("ldap", "Second", "password")));
        assertTrue(refused.getMessage().contains("already installed (First)"), refused.getMessage());
        assertEquals("First", realms.method("ldap").orElseThrow().displayName());
        assertTrue(realms.remove("ldap", first));
        assertTrue(realms.methods().isEmpty());
    }
}
