package io.paddock.auth.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.shiro.authc.AuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import io.paddock.api.auth.AuthorizationCodeToken;
import io.paddock.api.auth.ExternalGroup;
import io.paddock.api.auth.ExternalIdentity;
import io.paddock.api.config.InvalidSettingException;
import io.paddock.testbed.oidc.LoginAttempt;

/** The checks of the ID token, with tokens a test writes itself (see {@link FakeIssuer}). */
class OidcIdTokenTest {

    private static final String CLIENT_ID = "paddock";
    private static final String CLIENT_SECRET = "a-client-secret-that-is-long-enough-for-hs256";
    private static final URI CALLBACK = URI.create("http://127.0.0.1:8181/v1/auth/oidc/callback");

    private FakeIssuer issuer;
    private RSAKey key;
    private OidcClient client;

    @BeforeEach
    void start() throws IOException, JOSEException {
        issuer = new FakeIssuer(false);
        key = newKey("key-1");
        issuer.publish(key);
        client = client(Map.of());
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void validTokenGivesTheIdentityWithIssuerQualifiedId() throws JOSEException {
        LoginAttempt attempt = LoginAttempt.next();
        issuer.idToken = sign(key, claims(attempt, claims -> claims.claim("groups", "only-one")));
        ExternalIdentity identity = client.identify(token(attempt));
        assertEquals(issuer.issuer() + "#subject-1", identity.id());
        assertEquals("alice", identity.login());
        assertEquals(List.of(new ExternalGroup("only-one", null)), identity.groups());
        assertEquals(List.of("client_secret_basic"), issuer.clientAuthentications());
    }

    @Test
    void issuerEndingWithSlashIsMatchedExactly() throws IOException, JOSEException {
        try (FakeIssuer slashed = new FakeIssuer(true)) {
            slashed.publish(key);
            Map<String, Object> settings = new HashMap<>(Map.of("client.id", CLIENT_ID, "client.secret", CLIENT_SECRET));
            settings.put(OidcSettings.ISSUER, slashed.issuer().toString());
            OidcClient slashedClient = new OidcClient(OidcSettings.from(settings), Clock.systemUTC());
            LoginAttempt attempt = LoginAttempt.next();
            slashed.idToken = sign(key, claims(attempt, claims -> claims.issuer(slashed.issuer().toString())));
            assertEquals(slashed.issuer() + "#subject-1", slashedClient.identify(token(attempt)).id());
        }
    }

    @Test
    void rotatedSigningKeyIsFetchedWhenATokenNamesIt() throws JOSEException {
        LoginAttempt first = LoginAttempt.next();
        issuer.idToken = sign(key, claims(first, claims -> { }));
        client.identify(token(first));
        RSAKey rotated = newKey("key-2");
        issuer.publish(key, rotated);
        LoginAttempt second = LoginAttempt.next();
        issuer.idToken = sign(rotated, claims(second, claims -> { }));
        assertEquals("alice", client.identify(token(second)).login());
        assertEquals(2, issuer.keyFetches());
    }

    @Test
    void tokenSignedByAnUnpublishedKeyIsRefusedAndRefetchesAreLimited() throws JOSEException {
        RSAKey foreign = newKey("key-9");
        for (int i = 0; i < 3; i++) {
            LoginAttempt attempt = LoginAttempt.next();
            issuer.idToken = sign(foreign, claims(attempt, claims -> { }));
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> client.identify(token(attempt)));
            assertTrue(e.getMessage().startsWith("the identity provider's ID token was refused: Signed JWT rejected"), e.getMessage());
        }
        // first fetch, plus one refetch for the unknown key; then none within the minimum interval
        assertEquals(2, issuer.keyFetches());
    }

    @Test
    void tokenWithAForgedSignatureIsRefused() throws JOSEException {
        LoginAttempt attempt = LoginAttempt.next();
        issuer.idToken = sign(newKey(key.getKeyID()), claims(attempt, claims -> { }));
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> client.identify(token(attempt)));
        assertEquals("the identity provider's ID token was refused: Signed JWT rejected: Invalid signature", e.getMessage());
    }

    @Test
    void expiredTokenIsRefusedBeyondTheClockSkew() throws JOSEException {
        LoginAttempt late = LoginAttempt.next();
        issuer.idToken = sign(key, claims(late, claims -> claims.expirationTime(Date.from(Instant.now().minusSeconds(30)))));
        assertEquals("alice", client.identify(token(late)).login());
        LoginAttempt expired = LoginAttempt.next();
        issuer.idToken = sign(key, claims(expired, claims -> claims.expirationTime(Date.from(Instant.now().minusSeconds(120)))));
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> client.identify(token(expired)));
        assertEquals("the identity provider's ID token was refused: Expired JWT", e.getMessage());
    }

    @Test
    void tokenForAnotherClientIsRefused() throws JOSEException {
        LoginAttempt attempt = LoginAttempt.next();
        issuer.idToken = sign(key, claims(attempt, claims -> claims.audience("another-client")));
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> client.identify(token(attempt)));
        assertEquals("the identity provider's ID token was refused: it is for [another-client], not for client.id paddock in"
            + " etc/io.paddock.auth.oidc.cfg", e.getMessage());
    }

    @Test
    void tokenWithSeveralAudiencesNeedsPaddockAsAuthorizedParty() throws JOSEException {
        LoginAttempt attempt = LoginAttempt.next();
        issuer.idToken = sign(key, claims(attempt, claims -> claims.audience(List.of(CLIENT_ID, "another-client"))));
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> client.identify(token(attempt)));
        assertTrue(e.getMessage().contains("authorized party (azp) is not paddock"), e.getMessage());
        LoginAttempt withAzp = LoginAttempt.next();
        issuer.idToken = sign(key, claims(withAzp, claims -> claims.audience(List.of(CLIENT_ID, "another-client"))
            .claim("azp", CLIENT_ID)));
        assertEquals("alice", client.identify(token(withAzp)).login());
    }

    @Test
    void tokenFromAnotherIssuerIsRefused() throws JOSEException {
        LoginAttempt attempt = LoginAttempt.next();
        issuer.idToken = sign(key, claims(attempt, claims -> claims.issuer("https://elsewhere.example.com")));
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> client.identify(token(attempt)));
        assertEquals("the identity provider's ID token was refused: it was issued by 'https://elsewhere.example.com', not by "
            + issuer.issuer(), e.getMessage());
    }

    @Test
    void unsignedAndHmacTokensAreRefused() throws JOSEException {
        LoginAttempt unsigned = LoginAttempt.next();
        issuer.idToken = new PlainJWT(claims(unsigned, claims -> { })).serialize();
        assertThrows(AuthenticationException.class, () -> client.identify(token(unsigned)));
        LoginAttempt hmac = LoginAttempt.next();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(hmac, claims -> { }));
        jwt.sign(new MACSigner(CLIENT_SECRET.getBytes(StandardCharsets.UTF_8)));
        issuer.idToken = jwt.serialize();
        assertThrows(AuthenticationException.class, () -> client.identify(token(hmac)));
    }

    @Test
    void tokenWithoutTheNonceOfThisAttemptIsRefused() throws JOSEException {
        LoginAttempt attempt = LoginAttempt.next();
        issuer.idToken = sign(key, claims(attempt, claims -> claims.claim("nonce", null)));
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> client.identify(token(attempt)));
        assertTrue(e.getMessage().contains("nonce mismatch"), e.getMessage());
    }

    @Test
    void missingIdTokenPointsAtTheScopes() {
        issuer.idToken = null;
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> client.identify(token(LoginAttempt.next())));
        assertEquals("the identity provider returned no ID token: is openid among the scopes in etc/io.paddock.auth.oidc.cfg?",
            e.getMessage());
    }

    @Test
    void secretGoesInTheFormWhenTheProviderOnlyTakesThat() throws JOSEException {
        issuer.announceAuthMethods("[\"client_secret_post\"]");
        OidcClient postClient = client(Map.of());
        LoginAttempt attempt = LoginAttempt.next();
        issuer.idToken = sign(key, claims(attempt, claims -> { }));
        postClient.identify(token(attempt));
        assertEquals(List.of("client_secret_post"), issuer.clientAuthentications());
    }

    @Test
    void usernameAndGroupsComeFromTheConfiguredClaims() throws JOSEException {
        OidcClient custom = client(Map.of(OidcSettings.USERNAME_CLAIM, "upn", OidcSettings.GROUPS_CLAIM, "roles"));
        LoginAttempt attempt = LoginAttempt.next();
        issuer.idToken = sign(key, claims(attempt, claims -> claims.claim("upn", "alice@corp").claim("roles", List.of("a", "b"))));
        ExternalIdentity identity = custom.identify(token(attempt));
        assertEquals("alice@corp", identity.login());
        assertEquals(List.of("a", "b"), identity.groups().stream().map(ExternalGroup::id).toList());
    }

    @Test
    void settingsNameTheKeyThatIsWrongAndNeverQuoteTheSecret() {
        Map<String, Object> base = Map.of("client.id", CLIENT_ID, "client.secret", CLIENT_SECRET);
        InvalidSettingException noIssuer = assertThrows(InvalidSettingException.class, () -> OidcSettings.from(base));
        assertEquals("etc/io.paddock.auth.oidc.cfg: issuer is required: the provider's issuer URL, e.g."
            + " https://login.example.com/realms/main", noIssuer.getMessage());
        InvalidSettingException plain = assertThrows(InvalidSettingException.class,
            () -> OidcSettings.from(with(base, OidcSettings.ISSUER, "http://login.example.com")));
        assertTrue(plain.getMessage().startsWith("etc/io.paddock.auth.oidc.cfg: issuer = 'http://login.example.com' is invalid"),
            plain.getMessage());
        InvalidSettingException scopes = assertThrows(InvalidSettingException.class,
            () -> OidcSettings.from(with(with(base, OidcSettings.ISSUER, "https://login.example.com"), OidcSettings.SCOPES, "profile")));
        assertEquals("etc/io.paddock.auth.oidc.cfg: scopes = 'profile' is invalid; expected a space-separated list of scopes that"
            + " includes openid", scopes.getMessage());
        InvalidSettingException noClient = assertThrows(InvalidSettingException.class,
            () -> OidcSettings.from(Map.of(OidcSettings.ISSUER, "https://login.example.com", "client.secret", CLIENT_SECRET,
                "service.pid", "io.paddock.auth.oidc~corp")));
        assertEquals("etc/io.paddock.auth.oidc~corp.cfg: client.id is required: the client id registered at the provider",
            noClient.getMessage());
        OidcSettings defaults = OidcSettings.from(with(base, OidcSettings.ISSUER, "https://login.example.com/"));
        // kept exactly: some providers' issuers end with '/', and tokens must match it to the letter
        assertEquals(URI.create("https://login.example.com/"), defaults.issuer());
        assertEquals(URI.create("https://login.example.com/.well-known/openid-configuration"), Discovery.location(defaults.issuer()));
        assertEquals(List.of("openid", "profile", "email", "groups"), defaults.scopes());
        assertEquals(Duration.ofSeconds(60), defaults.clockSkew());
        assertTrue(!defaults.toString().contains(CLIENT_SECRET) && !defaults.client().toString().contains(CLIENT_SECRET));
    }

    private OidcClient client(Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(extra);
        settings.put(OidcSettings.ISSUER, issuer.issuer().toString());
        settings.put("client.id", CLIENT_ID);
        settings.put("client.secret", CLIENT_SECRET);
        return new OidcClient(OidcSettings.from(settings), Clock.systemUTC());
    }

    private JWTClaimsSet claims(LoginAttempt attempt, Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer.issuer().toString()).subject("subject-1")
            .audience(CLIENT_ID).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
            .claim("nonce", attempt.challenge()).claim("preferred_username", "alice");
        change.accept(claims);
        return claims.build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RSAKey newKey(String id) throws JOSEException {
        return new RSAKeyGenerator(2048).keyID(id).generate();
    }

    private static AuthorizationCodeToken token(LoginAttempt attempt) {
        return new AuthorizationCodeToken("oidc", "code-" + attempt.state(), attempt.verifier(), CALLBACK);
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
