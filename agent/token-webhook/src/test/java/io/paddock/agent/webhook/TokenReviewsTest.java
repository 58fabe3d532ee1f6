package io.paddock.agent.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

class TokenReviewsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final String ALICE = "pdk_aliceid.s3cretPart-_xyz";

    private final Map<String, Secret> secrets = new HashMap<>();
    private final AtomicBoolean ready = new AtomicBoolean(true);
    private final TokenReviews reviews = new TokenReviews(secrets::get, ready::get, Clock.fixed(NOW, ZoneOffset.UTC));

    TokenReviewsTest() throws Exception {
        mirror("aliceid", "s3cretPart-_xyz", "paddock:user:alice", "[\"paddock:group:ldap:ops\"]", NOW.plusSeconds(60));
    }

    private void mirror(String id, String secret, String username, String groups, Instant expiresAt) throws Exception {
        Map<String, String> data = new HashMap<>(Map.of("token-id", id, "hash-algorithm", "sha256", "hash",
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8))),
            "username", username, "groups", groups, "expires-at", expiresAt.toString()));
        data.replaceAll((key, value) -> Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        secrets.put("paddock-token-" + id, new SecretBuilder().withNewMetadata().withName("paddock-token-" + id)
            .withNamespace("paddock-system").endMetadata().withType("paddock.io/auth-token").withData(data).build());
    }

    private JsonNode review(String apiVersion, String token) throws Exception {
        String request = "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"TokenReview\",\"spec\":{\"token\":"
            + JSON.writeValueAsString(token) + ",\"audiences\":[\"https://kubernetes.default.svc.cluster.local\"]}}";
        byte[] answer = reviews.answer(request.getBytes(StandardCharsets.UTF_8));
        assertFalse(!token.isEmpty() && new String(answer, StandardCharsets.UTF_8).contains(token), "the token never comes back");
        return JSON.readTree(answer);
    }

    @Test
    void aMirroredTokenIsItsUserWithTheGroupsBoundInTheCluster() throws Exception {
        for (String version : new String[] {"authentication.k8s.io/v1", "authentication.k8s.io/v1beta1"}) {
            JsonNode answer = review(version, ALICE);
            assertEquals(version, answer.get("apiVersion").asText(), "answered in the version asked");
            assertEquals("TokenReview", answer.get("kind").asText());
            JsonNode status = answer.get("status");
            assertTrue(status.get("authenticated").asBoolean());
            assertEquals("paddock:user:alice", status.get("user").get("username").asText());
            assertEquals("[\"paddock:group:ldap:ops\"]", status.get("user").get("groups").toString());
            assertEquals("[\"aliceid\"]", status.get("user").get("extra").get("paddock.io/token-id").toString());
        }
    }

    @Test
    void wrongUnknownExpiredAndForeignTokensAreNotAuthenticated() throws Exception {
        mirror("oldid", "old-secret", "paddock:user:bob", "[]", NOW);
        for (String token : new String[] {"pdk_aliceid.wrong-secret", "pdk_unknownid.s3cretPart-_xyz", "pdk_oldid.old-secret",
            "eyJhbGciOiJSUzI1NiJ9.service-account.jwt", "pdk_aliceid", "pdk_ALICEID.s3cretPart-_xyz", ""}) {
            JsonNode status = review("authentication.k8s.io/v1", token).get("status");
            assertFalse(status.get("authenticated").asBoolean(), token);
            assertFalse(status.has("user"), token);
        }
    }

    @Test
    void aTokenNotMirroredYetIsRefusedWithAnErrorSoThatTheApiServerDoesNotCacheTheRefusal() throws Exception {
        JsonNode unknown = review("authentication.k8s.io/v1", "pdk_newid.s3cretPart-_xyz").get("status");
        assertFalse(unknown.get("authenticated").asBoolean());
        assertTrue(unknown.get("error").asText().contains("newid is not mirrored"), unknown.toString());
        JsonNode wrong = review("authentication.k8s.io/v1", "pdk_aliceid.guessed").get("status");
        assertFalse(wrong.has("error"), "a wrong secret for a known token is a plain refusal, which the API server caches");
    }

    @Test
    void aSecretClaimingAnIdentityOutsidePaddockIsRefused() throws Exception {
        mirror("forgedid", "forged", "system:admin", "[]", NOW.plusSeconds(60));
        mirror("groupid", "grouped", "paddock:user:mallory", "[\"system:masters\"]", NOW.plusSeconds(60));
        assertFalse(review("authentication.k8s.io/v1", "pdk_forgedid.forged").get("status").get("authenticated").asBoolean());
        assertFalse(review("authentication.k8s.io/v1", "pdk_groupid.grouped").get("status").get("authenticated").asBoolean());
    }

    @Test
    void badRequestsAndAnUnreadMirrorGetAnUnauthenticatedReviewWithTheReason() throws Exception {
        JsonNode notJson = JSON.readTree(reviews.answer("{".getBytes(StandardCharsets.UTF_8)));
        assertEquals("authentication.k8s.io/v1", notJson.get("apiVersion").asText());
        assertFalse(notJson.get("status").get("authenticated").asBoolean());
        assertEquals("the request is not JSON", notJson.get("status").get("error").asText());
        JsonNode otherKind = JSON.readTree(reviews.answer("{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(otherKind.get("status").get("error").asText().contains("not a TokenReview"));
        ready.set(false);
        JsonNode starting = review("authentication.k8s.io/v1", ALICE).get("status");
        assertFalse(starting.get("authenticated").asBoolean());
        assertTrue(starting.get("error").asText().contains("not read"), starting.toString());
    }
}
