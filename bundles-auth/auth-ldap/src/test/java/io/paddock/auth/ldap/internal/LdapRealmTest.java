package io.paddock.auth.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.IncorrectCredentialsException;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;

import io.paddock.api.auth.ExternalGroup;
import io.paddock.api.auth.ExternalIdentity;
import io.paddock.testbed.ldap.LdapExtension;
import io.paddock.testbed.ldap.LdapServer;
import io.paddock.testbed.ldap.TestPki;

@ExtendWith(LdapExtension.class)
class LdapRealmTest {

    private LdapServer ldap;
    private TestDirectory directory;

    @BeforeEach
    void setUp(LdapServer server) {
        ldap = server;
        directory = new TestDirectory(server);
    }

    @AfterEach
    void tearDown() {
        directory.close();
    }

    @Test
    void loginReturnsTheUserWithDirectAndNestedGroups() {
        LdapRealm realm = directory.realm(directory.configuration());

        ExternalIdentity alice = login(realm, "alice", ldap.password("alice"));

        assertEquals("corp", realm.getName());
        assertEquals(new ExternalIdentity("corp", LdapServer.userDn("alice"), "alice", "Alice Liddell", alice.groups()), alice);
        // developers directly; staff through developers; everyone through staff (which everyone contains in turn)
        assertEquals(Map.of(LdapServer.groupDn("developers"), "developers", LdapServer.groupDn("staff"), "staff",
            LdapServer.groupDn("everyone"), "everyone"), byDn(alice));
        assertEquals(Map.of(LdapServer.groupDn("operators"), "operators"), byDn(login(realm, "carol", ldap.password("carol"))));
    }

    @Test
    void nestingDepthLimitsHowFarGroupsOfGroupsAreFollowed() {
        Map<String, Object> configuration = directory.configuration();
        configuration.put(LdapSettings.GROUP_NESTING_DEPTH, "1");

        ExternalIdentity alice = login(directory.realm(configuration), "alice", ldap.password("alice"));

        assertEquals(Set.of(LdapServer.groupDn("developers"), LdapServer.groupDn("staff")), byDn(alice).keySet());
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        LdapRealm realm = directory.realm(directory.configuration());
        String alicePassword = ldap.password("alice");

        AuthenticationException wrongPassword = refused(realm, "alice", ldap.password("bob"));
        AuthenticationException unknownUser = refused(realm, "mallory", alicePassword);

        assertEquals(LdapRealm.LOGIN_FAILED, wrongPassword.getMessage());
        assertEquals(LdapRealm.LOGIN_FAILED, unknownUser.getMessage());
        assertEquals(wrongPassword.getClass(), unknownUser.getClass());
        assertFalse(wrongPassword.getMessage().contains(ldap.password("bob")));
    }

    @Test
    void emptyPasswordIsRefusedThoughTheDirectoryAcceptsSuchABind() throws Exception {
        // the danger: a simple bind with a DN and no password is an anonymous bind, and slapd says success
        LDAPConnectionOptions lenient = new LDAPConnectionOptions();
        lenient.setBindWithDNRequiresPassword(false);
        try (LDAPConnection raw = new LDAPConnection(lenient, "127.0.0.1", port(ldap.ldapUrl()))) {
            assertEquals(ResultCode.SUCCESS, raw.bind(LdapServer.userDn("alice"), "").getResultCode());
        }
        LdapRealm realm = directory.realm(directory.configuration());

        assertEquals(LdapRealm.LOGIN_FAILED, refused(realm, "alice", "").getMessage());
        assertEquals(LdapRealm.LOGIN_FAILED, refused(realm, "alice", null).getMessage());
        assertEquals(LdapRealm.LOGIN_FAILED, refused(realm, "", ldap.password("alice")).getMessage());
    }

    @Test
    void filterMetacharactersInTheLoginMatchNoOne() throws Exception {
        // unescaped, (uid=al*) would find alice alone and her password would log in
        try (LDAPConnection raw = new LDAPConnection("127.0.0.1", port(ldap.ldapUrl()))) {
            raw.bind(LdapServer.SERVICE_DN, ldap.servicePassword());
            assertEquals(1, raw.search(LdapServer.PEOPLE_DN, SearchScope.SUB, "(uid=al*)").getEntryCount());
        }
        LdapRealm realm = directory.realm(directory.configuration());
        String alicePassword = ldap.password("alice");

        for (String login : new String[] {"al*", "*", "alice)(uid=*", "*)(|(uid=*", "alice)", "alice\\", "alice\u0000"}) {
            assertEquals(LdapRealm.LOGIN_FAILED, refused(realm, login, alicePassword).getMessage(), login);
        }
        assertEquals("alice", login(realm, "alice", alicePassword).login());
    }

    @Test
    void aLoginMatchingSeveralEntriesIsRefused() {
        String password = "twin-password-1";
        for (String unit : new String[] {"people", "services"}) {
            ldap.modify("dn: uid=twin,ou=" + unit + "," + LdapServer.BASE_DN + "\nchangetype: add\nobjectClass: inetOrgPerson\n"
                + "uid: twin\ncn: Twin\nsn: Twin\nuserPassword: " + password + "\n");
        }
        Map<String, Object> configuration = directory.configuration();
        configuration.put(LdapSettings.USER_BASE, LdapServer.BASE_DN);

        assertEquals(LdapRealm.LOGIN_FAILED, refused(directory.realm(configuration), "twin", password).getMessage());

        // the same entry under one base logs in: the refusal above is about the second match only
        configuration.put(LdapSettings.USER_BASE, LdapServer.PEOPLE_DN);
        assertEquals("uid=twin," + LdapServer.PEOPLE_DN, login(directory.realm(configuration), "twin", password).id());
    }

    @Test
    void ldapsWithTheConfiguredCaLogsIn() {
        Map<String, Object> configuration = directory.configuration();
        configuration.put(LdapSettings.URLS, ldap.ldapsUrl());
        configuration.remove(LdapSettings.TLS_MODE);

        assertEquals("alice", login(directory.realm(configuration), "alice", ldap.password("alice")).login());
    }

    @Test
    void startTlsAndLdapsWithAnotherCaFailWithAMessageNamingTheCaSetting(@TempDir Path temp) throws Exception {
        Path otherCa = TestPki.generate("other").writeCa(temp.resolve("other-ca.pem"));
        for (String url : new String[] {ldap.ldapUrl(), ldap.ldapsUrl()}) {
            Map<String, Object> configuration = directory.configuration();
            configuration.put(LdapSettings.URLS, url);
            configuration.remove(LdapSettings.TLS_MODE);
            configuration.put(LdapSettings.TLS_CA_FILE, otherCa.toString());

            AuthenticationException error = assertThrows(AuthenticationException.class,
                () -> directory.realm(configuration).getAuthenticationInfo(token("alice", ldap.password("alice"))));

            assertInstanceOf(DirectoryUnavailableException.class, error, url);
            assertTrue(error.getMessage().contains("not trusted by the CA in tls.ca.file = " + otherCa), error.getMessage());
            assertFalse(error.getMessage().contains(ldap.password("alice")));
        }
    }

    @Test
    void aWrongServicePasswordIsReportedAsSuchNotAsAWrongUserPassword() {
        Map<String, Object> configuration = directory.configuration();
        configuration.put(LdapSettings.BIND_PASSWORD, "not-the-service-password");

        AuthenticationException error = assertThrows(AuthenticationException.class,
            () -> directory.realm(configuration).getAuthenticationInfo(token("alice", ldap.password("alice"))));

        assertInstanceOf(DirectoryUnavailableException.class, error);
        assertTrue(error.getMessage().contains("bind.dn = " + LdapServer.SERVICE_DN), error.getMessage());
        assertFalse(error.getMessage().contains("not-the-service-password"), error.getMessage());
    }

    @Test
    void groupChangesShowOnceTheCachedGroupsExpire() {
        ldap.modify("dn: " + LdapServer.groupDn("on-call") + "\nchangetype: add\nobjectClass: groupOfNames\ncn: on-call\n"
            + "member: " + LdapServer.userDn("carol") + "\n");
        Map<String, Object> configuration = directory.configuration();
        configuration.put(LdapSettings.GROUP_CACHE_TTL_SECONDS, "60");
        TestDirectory.ManualClock clock = new TestDirectory.ManualClock();
        LdapRealm realm = directory.realm(configuration, clock);
        String password = ldap.password("bob");
        assertFalse(byDn(login(realm, "bob", password)).containsKey(LdapServer.groupDn("on-call")));

        ldap.modify("dn: " + LdapServer.groupDn("on-call") + "\nchangetype: modify\nadd: member\nmember: "
            + LdapServer.userDn("bob") + "\n");
        clock.advance(Duration.ofSeconds(59));
        assertFalse(byDn(login(realm, "bob", password)).containsKey(LdapServer.groupDn("on-call")), "cached for 60 s");

        clock.advance(Duration.ofSeconds(1));
        assertTrue(byDn(login(realm, "bob", password)).containsKey(LdapServer.groupDn("on-call")), "read again after 60 s");
    }

    @Test
    void loginWorksAgainRightAfterTheDirectoryRestarts() {
        LdapRealm realm = directory.realm(directory.configuration());
        assertEquals("alice", login(realm, "alice", ldap.password("alice")).login());

        ldap.restart();

        // the pooled connections died with the old process; the pool replaces them and retries
        assertEquals("bob", login(realm, "bob", ldap.password("bob")).login());
    }

    @Test
    void aDirectoryThatDoesNotAnswerIsReportedWithItsUrl() throws Exception {
        int closedPort = closedPort();
        Map<String, Object> configuration = directory.configuration();
        configuration.put(LdapSettings.URLS, "ldap://127.0.0.1:" + closedPort);
        configuration.put(LdapSettings.CONNECT_TIMEOUT_SECONDS, "1");

        // created while the directory is down, as after a power cut; the login says why it cannot work
        LdapRealm realm = directory.realm(configuration);
        AuthenticationException error = assertThrows(AuthenticationException.class,
            () -> realm.getAuthenticationInfo(token("alice", ldap.password("alice"))));

        assertInstanceOf(DirectoryUnavailableException.class, error);
        assertTrue(error.getMessage().contains("cannot reach the directory at ldap://127.0.0.1:" + closedPort), error.getMessage());
    }

    @Test
    void theNextUrlIsUsedWhenTheFirstServerDoesNotAnswer() throws Exception {
        Map<String, Object> configuration = directory.configuration();
        configuration.put(LdapSettings.URLS, "ldap://127.0.0.1:" + closedPort() + " " + ldap.ldapUrl());

        assertEquals("alice", login(directory.realm(configuration), "alice", ldap.password("alice")).login());
    }

    @Test
    void aCaFileThatIsNoCertificateIsAConfigurationError(@TempDir Path temp) throws Exception {
        Path notPem = Files.writeString(temp.resolve("ca.pem"), "not a certificate\n");
        Map<String, Object> configuration = directory.configuration();
        configuration.put(LdapSettings.TLS_CA_FILE, notPem.toString());

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> directory.realm(configuration));

        assertTrue(error.getMessage().startsWith("etc/io.paddock.auth.ldap-corp.cfg: tls.ca.file = '" + notPem + "' is invalid"),
            error.getMessage());
    }

    private static ExternalIdentity login(LdapRealm realm, String login, String password) {
        AuthenticationInfo info = realm.getAuthenticationInfo(token(login, password));
        return assertInstanceOf(ExternalIdentity.class, info.getPrincipals().getPrimaryPrincipal());
    }

    private static AuthenticationException refused(LdapRealm realm, String login, String password) {
        return assertThrows(IncorrectCredentialsException.class, () -> realm.getAuthenticationInfo(token(login, password)));
    }

    private static UsernamePasswordToken token(String login, String password) {
        return new UsernamePasswordToken(login, password == null ? null : password.toCharArray(), false, "192.0.2.7");
    }

    private static Map<String, String> byDn(ExternalIdentity identity) {
        return identity.groups().stream().collect(Collectors.toMap(ExternalGroup::id, ExternalGroup::displayName));
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int port(String url) {
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }
}
