package io.paddock.auth.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.mgt.DefaultSecurityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.paddock.api.auth.AuthorizationCodeToken;
import io.paddock.api.auth.ExternalGroup;
import io.paddock.api.auth.ExternalIdentity;
import io.paddock.api.config.InvalidSettingException;
import io.paddock.auth.redirect.RedirectRealm;
import io.paddock.testbed.github.FakeGitHub;
import io.paddock.testbed.oidc.LoginAttempt;

/** The GitHub login from authorization URL to identity, against {@link FakeGitHub}. */
class GitHubLoginTest {

    private static final URI CALLBACK = URI.create("http://127.0.0.1:8181/v1/auth/github/callback");

    private FakeGitHub github;

    @BeforeEach
    void start() throws IOException {
        github = new FakeGitHub();
        github.add(new FakeGitHub.User(583231, "alice", "Alice Liddell", List.of("acme", "paddock-dev", "widgets"),
            List.of(new FakeGitHub.Team("acme", "platform", "Platform"), new FakeGitHub.Team("acme", "sre", "SRE"),
                new FakeGitHub.Team("widgets", "ops", "Operations"))));
        github.add(new FakeGitHub.User(1000001, "mallory", null, List.of("elsewhere"), List.of()));
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void loginGivesUserIdLoginNameOrganizationsAndTeamsFromEveryPage() {
        ExternalIdentity alice = login(provider(settings()), "alice");
        assertEquals("github", alice.provider());
        assertEquals("583231", alice.id());
        assertEquals("alice", alice.login());
        assertEquals("Alice Liddell", alice.displayName());
        assertEquals(List.of(new ExternalGroup("acme", "acme"), new ExternalGroup("paddock-dev", "paddock-dev"),
            new ExternalGroup("widgets", "widgets"), new ExternalGroup("acme/platform", "acme/Platform"),
            new ExternalGroup("acme/sre", "acme/SRE"), new ExternalGroup("widgets/ops", "widgets/Operations")), alice.groups());
        assertTrue(github.requests().contains("/api/v3/user/orgs?per_page=2&page=2"), github.requests().toString());
        assertTrue(github.requests().contains("/api/v3/user/teams?per_page=2&page=2"), github.requests().toString());
    }

    @Test
    void authorizationUrlAsksForReadOrgWithStateAndPkce() {
        LoginAttempt attempt = LoginAttempt.next();
        URI uri = provider(settings()).client.authorizationUri(attempt.state(), attempt.challenge(), CALLBACK);
        assertEquals(github.webUrl() + "/login/oauth/authorize", uri.getScheme() + "://" + uri.getAuthority() + uri.getPath());
        Map<String, String> query = LoginAttempt.query(uri);
        assertEquals(Map.of("client_id", FakeGitHub.CLIENT_ID, "redirect_uri", CALLBACK.toString(), "scope", "read:org",
            "state", attempt.state(), "code_challenge", attempt.challenge(), "code_challenge_method", "S256"), query);
    }

    @Test
    void allowedOrganizationsRefuseAnOutsiderAndLetMembersIn() {
        Map<String, Object> settings = settings();
        settings.put(GitHubSettings.ORGANIZATIONS, "ACME, acme-labs");
        Provider provider = provider(settings);
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> login(provider, "mallory"));
        assertEquals("GitHub user mallory is not a member of an organization allowed to log in (acme, acme-labs), or the"
            + " organization has not granted Paddock's OAuth app access to its membership", e.getMessage());
        assertEquals("alice", login(provider, "alice").login());
    }

    @Test
    void userWithoutNameIsShownByLogin() {
        assertEquals("mallory", login(provider(settings()), "mallory").displayName());
    }

    @Test
    void badCodeIsRefused() {
        Provider provider = provider(settings());
        LoginAttempt attempt = LoginAttempt.next();
        String code = code(provider, "alice", attempt);
        AuthenticationException e = assertThrows(AuthenticationException.class,
            () -> provider.authenticate(code + "0", attempt.verifier()));
        assertTrue(e.getMessage().startsWith("GitHub refused the login code (bad_verification_code:"), e.getMessage());
        assertFalse(e.getMessage().contains(code));
    }

    @Test
    void replayedCodeIsRefused() {
        Provider provider = provider(settings());
        LoginAttempt attempt = LoginAttempt.next();
        String code = code(provider, "alice", attempt);
        provider.authenticate(code, attempt.verifier());
        assertThrows(AuthenticationException.class, () -> provider.authenticate(code, attempt.verifier()));
    }

    @Test
    void verifierOfAnotherAttemptIsRefused() {
        Provider provider = provider(settings());
        String code = code(provider, "alice", LoginAttempt.next());
        assertThrows(AuthenticationException.class, () -> provider.authenticate(code, LoginAttempt.next().verifier()));
    }

    @Test
    void wrongClientSecretIsRefusedWithWhatToCheck() {
        Map<String, Object> settings = settings();
        settings.put("client.secret", "not-the-secret-987");
        Provider provider = provider(settings);
        LoginAttempt attempt = LoginAttempt.next();
        String code = code(provider, "alice", attempt);
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> provider.authenticate(code, attempt.verifier()));
        assertTrue(e.getMessage().contains("check client.id and client.secret in etc/io.paddock.auth.github.cfg"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret-987"));
    }

    @Test
    void apiErrorGivesAClearMessage() {
        Provider provider = provider(settings());
        LoginAttempt attempt = LoginAttempt.next();
        String code = code(provider, "alice", attempt);
        github.failApi(502);
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> provider.authenticate(code, attempt.verifier()));
        assertEquals("GitHub's API at " + github.apiUrl() + " answered /api/v3/user with HTTP 502: Server Error", e.getMessage());
    }

    @Test
    void gitHubThatIsDownGivesAClearMessage() {
        Provider provider = provider(settings());
        LoginAttempt attempt = LoginAttempt.next();
        String code = code(provider, "alice", attempt);
        github.close();
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> provider.authenticate(code, attempt.verifier()));
        assertTrue(e.getMessage().startsWith("GitHub's token endpoint at " + github.webUrl() + " cannot be reached"), e.getMessage());
    }

    @Test
    void settingsDefaultToGitHubComAndNameTheKeyThatIsWrong() {
        GitHubSettings defaults = GitHubSettings.from(Map.of("client.id", "id", "client.secret", "secret"));
        assertEquals(URI.create("https://github.com"), defaults.webUrl());
        assertEquals(URI.create("https://api.github.com"), defaults.apiUrl());
        assertEquals(URI.create("https://ghe.example.com/api/v3"), GitHubSettings.from(Map.of("client.id", "id", "client.secret", "s",
            "url", "https://ghe.example.com/", "api.url", "https://ghe.example.com/api/v3/")).apiUrl());
        assertEquals("github", defaults.client().provider());
        assertEquals("GitHub", defaults.client().displayName());
        assertTrue(defaults.organizations().isEmpty());

        InvalidSettingException missing = assertThrows(InvalidSettingException.class,
            () -> GitHubSettings.from(Map.of("client.id", "id")));
        assertEquals("etc/io.paddock.auth.github.cfg: client.secret is required: the client secret the provider issued with"
            + " client.id", missing.getMessage());
        InvalidSettingException http = assertThrows(InvalidSettingException.class,
            () -> GitHubSettings.from(Map.of("client.id", "id", "client.secret", "s", "url", "http://ghe.example.com",
                "felix.fileinstall.filename", "file:/opt/paddock/etc/io.paddock.auth.github-ghe.cfg")));
        assertEquals("etc/io.paddock.auth.github-ghe.cfg: url = 'http://ghe.example.com' is invalid; expected an https URL without"
            + " query or fragment (http only on loopback)", http.getMessage());
        assertThrows(InvalidSettingException.class,
            () -> GitHubSettings.from(Map.of("client.id", "id", "client.secret", "s", "organizations", "acme;evil")));
        assertThrows(InvalidSettingException.class,
            () -> GitHubSettings.from(Map.of("client.id", "id", "client.secret", "s", "provider", "Git Hub")));
    }

    /** The provider as the component builds it, behind a Shiro security manager as the core uses it. */
    private record Provider(GitHubClient client, DefaultSecurityManager security) {
        ExternalIdentity authenticate(String code, String verifier) {
            return (ExternalIdentity) security.authenticate(new AuthorizationCodeToken("github", code, verifier, CALLBACK))
                .getPrincipals().getPrimaryPrincipal();
        }
    }

    private Provider provider(Map<String, Object> properties) {
        GitHubClient client = new GitHubClient(GitHubSettings.from(properties));
        return new Provider(client, new DefaultSecurityManager(new RedirectRealm("github", client)));
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("client.id", FakeGitHub.CLIENT_ID);
        settings.put("client.secret", FakeGitHub.CLIENT_SECRET);
        settings.put(GitHubSettings.URL, github.webUrl().toString());
        settings.put(GitHubSettings.API_URL, github.apiUrl().toString());
        return settings;
    }

    private ExternalIdentity login(Provider provider, String user) {
        LoginAttempt attempt = LoginAttempt.next();
        return provider.authenticate(code(provider, user, attempt), attempt.verifier());
    }

    /** The browser's part: signed in at GitHub, it follows the authorization URL back to the callback. */
    private String code(Provider provider, String user, LoginAttempt attempt) {
        github.signIn(user);
        URI authorization = provider.client().authorizationUri(attempt.state(), attempt.challenge(), CALLBACK);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(authorization).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(302, response.statusCode(), response.body());
            URI callback = URI.create(response.headers().firstValue("Location").orElseThrow());
            assertTrue(callback.toString().startsWith(CALLBACK.toString()), callback.toString());
            Map<String, String> query = LoginAttempt.query(callback);
            assertEquals(attempt.state(), query.get("state"));
            return query.get("code");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
