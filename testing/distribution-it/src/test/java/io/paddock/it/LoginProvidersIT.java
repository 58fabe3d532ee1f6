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

import io.paddock.testbed.oidc.DexServer;

/**
 * Login providers in the running product: an OpenID Connect login through a real Dex, a grant to the
 * provider's group, and the provider's removal at run time ending its sessions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginProvidersIT {

    private static final String PASSWORD = "providers-admin-password";

    private static PaddockProcess paddock;
    private static DexServer dex;
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
        paddock.env("PADDOCK_BOOTSTRAP_PASSWORD", PASSWORD).start();
        eventually(Duration.ofSeconds(60), () -> paddock.get("/v1/health").statusCode(), s -> s == 200);
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
    }

    private static List<String> providers() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        ApiClient.JSON.readTree(paddock.get("/v1/auth/providers").body()).get("items").forEach(p -> ids.add(p.get("provider").asText()));
        return ids;
    }

    @Test
    @Order(1)
    void installingTheFeatureAddsTheLoginMethod() throws Exception {
        assertEquals(List.of("local"), providers());
        assertTrue(paddock.ssh("admin", PASSWORD, "feature:install paddock-auth-oidc").exitStatus() == 0);
        eventually(Duration.ofSeconds(30), LoginProvidersIT::providers, p -> p.contains("dex"));
    }

    @Test
    @Order(2)
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
    @Order(3)
    void aGrantToTheProvidersGroupAppliesToItsMembers() throws Exception {
        HttpRequest.Builder users = HttpRequest.newBuilder(paddock.uri("/v1/users")).header("Cookie", aliceCookie);
        assertEquals(403, paddock.send(users.GET()).statusCode());
        admin.expect(201, admin.post("/v1/bindings", Map.of("role", "user", "group", "dex:developers")));
        assertEquals(200, paddock.send(users.GET()).statusCode());
    }

    @Test
    @Order(4)
    void uninstallingTheFeatureRemovesTheLoginMethodAndItsSessions() throws Exception {
        assertEquals(0, paddock.ssh("admin", PASSWORD, "feature:uninstall paddock-auth-oidc").exitStatus());
        eventually(Duration.ofSeconds(30), LoginProvidersIT::providers, p -> !p.contains("dex"));
        HttpResponse<String> me = paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/me")).header("Cookie", aliceCookie).GET());
        assertEquals(401, me.statusCode(), me.body());
        assertEquals(400, paddock.get("/v1/auth/dex/start").statusCode());
        String tokens = admin.get("/v1/users").body();
        assertTrue(tokens.contains("\"provider\":\"dex\""), "the user stays known; only sessions and tokens go");
        assertFalse(paddock.log().contains(dex.clientSecret()), "the client secret must never be logged");
        // the local login is untouched
        assertEquals(200, admin.get("/v1/me").statusCode());
    }
}
