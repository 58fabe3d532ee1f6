package io.paddock.it;

import static io.paddock.it.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.paddock.testbed.github.FakeGitHub;
import io.paddock.testbed.ldap.LdapServer;
import io.paddock.testbed.oidc.DexServer;

/**
 * Login providers in the running product: logins through a real OpenLDAP server, a real Dex and a
 * fake of GitHub (which cannot be reached from here), grants to the providers' groups, and each
 * provider's removal at run time ending its sessions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginProvidersIT {

    private static final String PASSWORD = "providers-admin-password";

    private static PaddockProcess paddock;
    private static DexServer dex;
    private static LdapServer ldap;
    private static FakeGitHub github;
    private static ApiClient admin;
    private static String aliceCookie;

    @BeforeAll
    static void start() throws Exception {
        paddock = PaddockProcess.unpack("providers");
        dex = DexServer.start(List.of(paddock.uri("/v1/auth/dex/callback")));
        Files.writeString(paddock.etc("io.paddock.auth.oidc-dex.cfg"), String.join("\n",
            "provider = dex",
            "display.name = Dex",
            "issuer = " + dex.issuer(),
            "client.id = " + dex.clientId(),
            "client.secret = " + dex.clientSecret(),
            "ca.file = " + dex.caFile(),
            ""));
        ldap = LdapServer.start();
        Files.writeString(paddock.etc("io.paddock.auth.ldap-corp.cfg"), String.join("\n",
            "provider = corp",
            "display.name = Corporate LDAP",
            "urls = " + ldap.ldapUrl(),
            "tls.mode = starttls",
            "tls.ca.file = " + ldap.caFile(),
            "bind.dn = " + LdapServer.SERVICE_DN,
            "bind.password = " + ldap.servicePassword(),
            "user.base = " + LdapServer.PEOPLE_DN,
            "group.base = " + LdapServer.GROUPS_DN,
            ""));
        github = new FakeGitHub();
        github.add(new FakeGitHub.User(4242, "octo", "Octo Cat", List.of("acme"),
            List.of(new FakeGitHub.Team("acme", "platform", "Platform"))));
        Files.writeString(paddock.etc("io.paddock.auth.github-gh.cfg"), String.join("\n",
            "provider = gh",
            "client.id = " + FakeGitHub.CLIENT_ID,
            "client.secret = " + FakeGitHub.CLIENT_SECRET,
            "url = " + github.webUrl(),
            "api.url = " + github.apiUrl(),
            "organizations = acme",
            ""));
        paddock.env("PADDOCK_BOOTSTRAP_PASSWORD", PASSWORD).start();
        paddock.awaitHealthy();
        admin = ApiClient.login(paddock, "admin", PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (paddock != null) {
            paddock.close();
        }
        if (dex != null) {
            dex.close();
        }
        if (ldap != null) {
            ldap.close();
        }
        if (github != null) {
            github.close();
        }
    }

    private static List<String> providers() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        ApiClient.JSON.readTree(paddock.get("/v1/auth/providers").body()).get("items").forEach(p -> ids.add(p.get("provider").asText()));
        return ids;
    }

    private static HttpResponse<String> login(String provider, String user, String password) throws Exception {
        return paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/login")).POST(HttpRequest.BodyPublishers.ofString(
            ApiClient.json(Map.of("provider", provider, "username", user, "password", password)))));
    }

    @Test
    @Order(1)
    void installingTheFeaturesAddsTheLoginMethods() throws Exception {
        assertEquals(List.of("local"), providers());
        assertEquals(0, paddock.ssh("admin", PASSWORD, "feature:install paddock-auth-oidc paddock-auth-ldap paddock-auth-github")
            .exitStatus());
        eventually(Duration.ofSeconds(30), LoginProvidersIT::providers, p -> p.equals(List.of("corp", "dex", "gh", "local")));
    }

    @Test
    @Order(2)
    void ldapLoginGivesNestedGroupsAndAGrantToAGroupAppliesToItsMembers() throws Exception {
        HttpResponse<String> alice = login("corp", "alice", ldap.password("alice"));
        assertEquals(200, alice.statusCode(), alice.body());
        String cookie = alice.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpRequest.Builder me = HttpRequest.newBuilder(paddock.uri("/v1/me")).header("Cookie", cookie);
        JsonNode identity = ApiClient.JSON.readTree(paddock.send(me.GET()).body());
        assertEquals("Alice Liddell", identity.get("displayName").asText());
        String groups = identity.get("groups").toString();
        assertTrue(groups.contains("corp:" + LdapServer.groupDn("developers")), groups);
        assertTrue(groups.contains("corp:" + LdapServer.groupDn("staff")), "nested group: " + groups);
        assertEquals(401, login("corp", "alice", "wrong-password-here").statusCode());
        assertEquals(401, login("corp", "*", ldap.password("alice")).statusCode());

        HttpRequest.Builder users = HttpRequest.newBuilder(paddock.uri("/v1/users")).header("Cookie", cookie);
        assertEquals(403, paddock.send(users.GET()).statusCode());
        admin.expect(201, admin.post("/v1/bindings", Map.of("role", "user", "group", "corp:" + LdapServer.groupDn("staff"))));
        assertEquals(200, paddock.send(users.GET()).statusCode(), "alice holds the role through a nested group");
        String known = admin.get("/v1/groups").body();
        assertTrue(known.contains("{\"name\":\"corp:" + LdapServer.groupDn("staff") + "\",\"provider\":\"corp\",\"members\":1,"
            + "\"bound\":true}"), known);
        String carolCookie = login("corp", "carol", ldap.password("carol")).headers().firstValue("Set-Cookie").orElseThrow()
            .split(";")[0];
        assertEquals(403, paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/users")).header("Cookie", carolCookie).GET())
            .statusCode(), "carol is not in staff");

        // an outage of the directory is told apart from a wrong password, and counts against nobody
        ldap.close();
        HttpResponse<String> outage = login("corp", "alice", ldap.password("alice"));
        assertEquals(503, outage.statusCode(), outage.body());
        assertTrue(outage.body().contains("cannot be reached now"), outage.body());

        assertEquals(0, paddock.ssh("admin", PASSWORD, "feature:uninstall paddock-auth-ldap").exitStatus());
        eventually(Duration.ofSeconds(30), LoginProvidersIT::providers, p -> !p.contains("corp"));
        assertEquals(401, paddock.send(me.GET()).statusCode(), "the LDAP sessions end with the provider");
        assertEquals(400, login("corp", "alice", ldap.password("alice")).statusCode());
        assertFalse(paddock.log().contains(ldap.servicePassword()), "the service password must never be logged");
        assertFalse(paddock.log().contains(ldap.password("alice")), "user passwords must never be logged");
    }

    @Test
    @Order(3)
    void githubLoginGivesOrganizationAndTeamGroups() throws Exception {
        github.signIn("octo");
        HttpResponse<String> start = paddock.get("/v1/auth/gh/start");
        assertEquals(302, start.statusCode(), start.body());
        URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
        assertTrue(authorize.toString().startsWith(github.webUrl() + "/login/oauth/authorize"), authorize.toString());
        HttpResponse<String> granted = paddock.send(HttpRequest.newBuilder(authorize).GET());
        URI callback = URI.create(granted.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> back = paddock.send(HttpRequest.newBuilder(callback).GET());
        assertEquals(302, back.statusCode(), back.body());
        String cookie = back.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        JsonNode me = ApiClient.JSON.readTree(paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/me")).header("Cookie", cookie)
            .GET()).body());
        assertEquals("gh", me.get("provider").asText());
        assertEquals("Octo Cat", me.get("displayName").asText());
        assertEquals("[\"gh:acme\",\"gh:acme/platform\"]", me.get("groups").toString());
        assertFalse(paddock.log().contains(FakeGitHub.CLIENT_SECRET), "the client secret must never be logged");
    }

    @Test
    @Order(4)
    void oidcLoginThroughDexGivesASessionWithTheProvidersGroups() throws Exception {
        HttpResponse<String> start = paddock.get("/v1/auth/dex/start");
        assertEquals(302, start.statusCode(), start.body());
        URI authorization = URI.create(start.headers().firstValue("Location").orElseThrow());
        assertTrue(authorization.toString().startsWith(dex.issuer().toString()), authorization.toString());
        DexServer.User alice = DexServer.USERS.get(0);
        URI callback = dex.login(authorization, alice.email(), alice.password());
        HttpResponse<String> back = paddock.send(HttpRequest.newBuilder(callback).GET());
        assertEquals(302, back.statusCode(), back.body());
        aliceCookie = back.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        JsonNode me = ApiClient.JSON.readTree(paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/me"))
            .header("Cookie", aliceCookie).GET()).body());
        assertEquals("dex", me.get("provider").asText());
        assertEquals(alice.name(), me.get("displayName").asText());
        assertTrue(me.get("user").asText().startsWith("u-"), me.toString());
        assertEquals("[\"dex:admins\",\"dex:developers\"]", me.get("groups").toString());

        // a replayed callback is refused: the login attempt was used up
        assertEquals(401, paddock.send(HttpRequest.newBuilder(callback).GET()).statusCode());
    }

    @Test
    @Order(5)
    void aGrantToTheProvidersGroupAppliesToItsMembers() throws Exception {
        HttpRequest.Builder users = HttpRequest.newBuilder(paddock.uri("/v1/users")).header("Cookie", aliceCookie);
        assertEquals(403, paddock.send(users.GET()).statusCode());
        admin.expect(201, admin.post("/v1/bindings", Map.of("role", "user", "group", "dex:developers")));
        assertEquals(200, paddock.send(users.GET()).statusCode());
    }

    @Test
    @Order(6)
    void uninstallingTheFeatureRemovesTheLoginMethodAndItsSessions() throws Exception {
        assertEquals(0, paddock.ssh("admin", PASSWORD, "feature:uninstall paddock-auth-oidc").exitStatus());
        eventually(Duration.ofSeconds(30), LoginProvidersIT::providers, p -> p.equals(List.of("gh", "local")));
        HttpResponse<String> me = paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/me")).header("Cookie", aliceCookie).GET());
        assertEquals(401, me.statusCode(), me.body());
        assertEquals(400, paddock.get("/v1/auth/dex/start").statusCode());
        String users = admin.get("/v1/users").body();
        assertTrue(users.contains("\"provider\":\"dex\""), "the user stays known; only sessions and tokens go");
        assertFalse(paddock.log().contains(dex.clientSecret()), "the client secret must never be logged");
        // the local login is untouched
        assertEquals(200, admin.get("/v1/me").statusCode());
    }
}
