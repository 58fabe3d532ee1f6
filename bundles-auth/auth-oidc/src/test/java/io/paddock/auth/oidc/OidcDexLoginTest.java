package io.paddock.auth.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.mgt.DefaultSecurityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.paddock.api.auth.AuthorizationCodeToken;
import io.paddock.api.auth.ExternalGroup;
import io.paddock.api.auth.ExternalIdentity;
import io.paddock.auth.redirect.RedirectRealm;
import io.paddock.localcluster.LoopbackPorts;
import io.paddock.testbed.oidc.DexExtension;
import io.paddock.testbed.oidc.DexServer;
import io.paddock.testbed.oidc.LoginAttempt;

/**
 * The whole login against a real OpenID Connect provider (Dex): the browser part as a browser does
 * it (authorization URL, Dex's login form, redirects to the callback), then the code through Shiro
 * into the realm, as the core does it.
 */
@ExtendWith(DexExtension.class)
class OidcDexLoginTest {

        @Test
    void loginGivesTheLoginNameDisplayNameAndGroups(DexServer dex) {
        Provider provider = provider(settings(dex));
        ExternalIdentity alice = provider.login(dex, "alice@example.com", "alice-password-1");
        assertEquals("oidc", alice.provider());
        assertEquals("alice", alice.login());
        assertEquals("Alice Liddell", alice.displayName());
        assertEquals(List.of(new ExternalGroup("admins", "admins"), new ExternalGroup("developers", "developers")), alice.groups());
        assertTrue(alice.id().startsWith(dex.issuer() + "#"), alice.id());

        ExternalIdentity bob = provider.login(dex, "bob@example.com", "bob-password-1");
        assertEquals("bob", bob.login());
        assertEquals(List.of(), bob.groups());
        assertFalse(bob.id().equals(alice.id()));
        // the same person gets the same id on every login
        assertEquals(alice.id(), provider.login(dex, "alice@example.com", "alice-password-1").id());
    }

    @Test
    void usernameFallsBackToEmailWhenTheConfiguredClaimIsMissing(DexServer dex) {
        Map<String, Object> settings = settings(dex);
        settings.put(OidcSettings.USERNAME_CLAIM, "no_such_claim");
        assertEquals("alice@example.com", provider(settings).login(dex, "alice@example.com", "alice-password-1").login());
    }

    @Test
    void replayedCodeIsRefused(DexServer dex) {
        Provider provider = provider(settings(dex));
        LoginAttempt attempt = LoginAttempt.next();
        String code = provider.code(dex, attempt, "alice@example.com", "alice-password-1");
        provider.authenticate(code, attempt.verifier());
        AuthenticationException replay = assertThrows(AuthenticationException.class, () -> provider.authenticate(code, attempt.verifier()));
        assertTrue(replay.getMessage().contains("refused the login code"), replay.getMessage());
        assertFalse(replay.getMessage().contains(code), "the code must not appear in messages");
    }

    @Test
    void tamperedCodeIsRefused(DexServer dex) {
        Provider provider = provider(settings(dex));
        LoginAttempt attempt = LoginAttempt.next();
        String code = provider.code(dex, attempt, "alice@example.com", "alice-password-1");
        AuthenticationException e = assertThrows(AuthenticationException.class,
            () -> provider.authenticate(code.substring(1) + "x", attempt.verifier()));
        assertTrue(e.getMessage().contains("refused the login code"), e.getMessage());
    }

    @Test
    void wrongClientSecretIsRefusedWithWhatToCheck(DexServer dex) {
        Map<String, Object> settings = settings(dex);
        settings.put("client.secret", "not-the-secret-0123");
        Provider provider = provider(settings);
        LoginAttempt attempt = LoginAttempt.next();
        String code = provider.code(dex, attempt, "alice@example.com", "alice-password-1");
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> provider.authenticate(code, attempt.verifier()));
        assertTrue(e.getMessage().contains("refused Paddock's client credentials"), e.getMessage());
        assertTrue(e.getMessage().contains("client.secret in etc/io.paddock.auth.oidc.cfg"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret-0123"), "the secret must not appear in messages");
    }

    @Test
    void verifierOfAnotherAttemptIsRefused(DexServer dex) {
        Provider provider = provider(settings(dex));
        LoginAttempt attempt = LoginAttempt.next();
        String code = provider.code(dex, attempt, "alice@example.com", "alice-password-1");
        AuthenticationException e = assertThrows(AuthenticationException.class,
            () -> provider.authenticate(code, LoginAttempt.next().verifier()));
        assertTrue(e.getMessage().contains("refused the login code"), e.getMessage());
    }

    @Test
    void idTokenWithTheNonceOfAnotherAttemptIsRefused(DexServer dex) {
        Provider provider = provider(settings(dex));
        LoginAttempt attempt = LoginAttempt.next();
        URI authorization = provider.client.authorizationUri(attempt.state(), attempt.challenge(), DexServer.REDIRECT_URI);
        String otherNonce = LoginAttempt.next().challenge();
        URI forged = URI.create(authorization.toString().replace("nonce=" + attempt.challenge(), "nonce=" + otherNonce));
        String code = LoginAttempt.query(dex.login(forged, "alice@example.com", "alice-password-1")).get("code");
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> provider.authenticate(code, attempt.verifier()));
        assertTrue(e.getMessage().contains("nonce mismatch"), e.getMessage());
    }

    @Test
    void authorizationRequestCarriesStatePkceAndNonce(DexServer dex) {
        LoginAttempt attempt = LoginAttempt.next();
        OidcClient client = provider(settings(dex)).client;
        Map<String, String> query = LoginAttempt.query(client.authorizationUri(attempt.state(), attempt.challenge(), DexServer.REDIRECT_URI));
        assertEquals(attempt.state(), query.get("state"));
        assertEquals(attempt.challenge(), query.get("code_challenge"));
        assertEquals("S256", query.get("code_challenge_method"));
        assertEquals(attempt.challenge(), query.get("nonce"));
        assertEquals("openid profile email groups", query.get("scope"));
        assertEquals(DexServer.REDIRECT_URI.toString(), query.get("redirect_uri"));
    }

    @Test
    void issuerThatIsDownGivesAClearError(DexServer dex) throws IOException {
        Map<String, Object> settings = settings(dex);
        int closedPort = LoopbackPorts.free();
        settings.put(OidcSettings.ISSUER, "https://127.0.0.1:" + closedPort + "/dex");
        LoginAttempt attempt = LoginAttempt.next();
        OidcClient client = provider(settings).client;
        AuthenticationException e = assertThrows(AuthenticationException.class,
            () -> client.authorizationUri(attempt.state(), attempt.challenge(), DexServer.REDIRECT_URI));
        assertEquals("the identity provider's discovery document at https://127.0.0.1:" + closedPort + " cannot be reached:"
            + " connection refused; is the provider running and the URL in etc/io.paddock.auth.oidc.cfg right?", e.getMessage());
    }

    @Test
    void providerGoingDownDuringTheLoginGivesAClearError() {
        try (DexServer own = DexServer.start()) {
            Provider provider = provider(settings(own));
            LoginAttempt attempt = LoginAttempt.next();
            String code = provider.code(own, attempt, "alice@example.com", "alice-password-1");
            own.close();
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> provider.authenticate(code, attempt.verifier()));
            assertTrue(e.getMessage().startsWith("the identity provider's token endpoint at " + own.issuer().getScheme() + "://"
                + own.issuer().getAuthority() + " cannot be reached"), e.getMessage());
        }
    }

    @Test
    void untrustedCertificateNamesTheSettingToFixIt(DexServer dex) {
        Map<String, Object> settings = settings(dex);
        settings.remove("ca.file");
        LoginAttempt attempt = LoginAttempt.next();
        OidcClient client = provider(settings).client;
        AuthenticationException e = assertThrows(AuthenticationException.class,
            () -> client.authorizationUri(attempt.state(), attempt.challenge(), DexServer.REDIRECT_URI));
        assertTrue(e.getMessage().contains("failed the TLS handshake"), e.getMessage());
        assertTrue(e.getMessage().contains("set ca.file in etc/io.paddock.auth.oidc.cfg"), e.getMessage());
    }

    @Test
    void issuerOtherThanTheOneThatAnswersIsRefused(DexServer dex) {
        Map<String, Object> settings = settings(dex);
        settings.put(OidcSettings.ISSUER, dex.issuer().toString().replace("127.0.0.1", "localhost"));
        LoginAttempt attempt = LoginAttempt.next();
        OidcClient client = provider(settings).client;
        AuthenticationException e = assertThrows(AuthenticationException.class,
            () -> client.authorizationUri(attempt.state(), attempt.challenge(), DexServer.REDIRECT_URI));
        assertTrue(e.getMessage().contains("names the issuer '" + dex.issuer() + "'"), e.getMessage());
    }

    @Test
    void realmTakesOnlyCodesForItsOwnProvider(DexServer dex) {
        RedirectRealm realm = provider(settings(dex)).realm;
        assertTrue(realm.supports(new AuthorizationCodeToken("oidc", "c", "v", DexServer.REDIRECT_URI)));
        assertFalse(realm.supports(new AuthorizationCodeToken("github", "c", "v", DexServer.REDIRECT_URI)));
        assertFalse(realm.supports(new UsernamePasswordToken("oidc", "password")));
    }

    /** The provider as the component builds it, behind a Shiro security manager as the core uses it. */
    private record Provider(OidcClient client, RedirectRealm realm, DefaultSecurityManager security) {

        String code(DexServer dex, LoginAttempt attempt, String email, String password) {
            URI callback = dex.login(client.authorizationUri(attempt.state(), attempt.challenge(), DexServer.REDIRECT_URI), email,
                password);
            Map<String, String> query = LoginAttempt.query(callback);
            assertEquals(attempt.state(), query.get("state"), "state must come back unchanged");
            return query.get("code");
        }

        ExternalIdentity authenticate(String code, String verifier) {
            AuthenticationInfo info = security.authenticate(new AuthorizationCodeToken("oidc", code, verifier, DexServer.REDIRECT_URI));
            return (ExternalIdentity) info.getPrincipals().getPrimaryPrincipal();
        }

        ExternalIdentity login(DexServer dex, String email, String password) {
            LoginAttempt attempt = LoginAttempt.next();
            return authenticate(code(dex, attempt, email, password), attempt.verifier());
        }
    }

    private static Provider provider(Map<String, Object> properties) {
        OidcSettings settings = OidcSettings.from(properties);
        OidcClient client = new OidcClient(settings, Clock.systemUTC());
        RedirectRealm realm = new RedirectRealm(settings.client().provider(), client::identify);
        return new Provider(client, realm, new DefaultSecurityManager(realm));
    }

    private static Map<String, Object> settings(DexServer dex) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(OidcSettings.ISSUER, dex.issuer().toString());
        settings.put("client.id", dex.clientId());
        settings.put("client.secret", dex.clientSecret());
        settings.put("ca.file", dex.caFile().toString());
        return settings;
    }
}
