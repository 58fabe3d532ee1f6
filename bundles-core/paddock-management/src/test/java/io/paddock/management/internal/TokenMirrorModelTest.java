package io.paddock.management.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.paddock.api.access.ApiToken;
import io.paddock.api.access.Subject;
import io.paddock.api.access.TokenHash;
import io.paddock.api.access.User;

class TokenMirrorModelTest {

    private static final Instant EXPIRES = Instant.parse("2031-01-02T03:04:05Z");
    private static final List<Subject> SUBJECTS = List.of(Subject.user("alice"), Subject.group("ldap:devs"),
        Subject.group("ldap:ops"), Subject.user("admin"));

    private static User user(String name, boolean enabled, String... groups) {
        return new User(name, null, "local", name, enabled, List.of(groups), Instant.EPOCH, null);
    }

    private static TokenHash token(String id, String user) {
        return new TokenHash(new ApiToken(id, user, "local", "", false, Instant.EPOCH, EXPIRES, null), "sha256", "hash-of-" + id);
    }

    private static String text(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    @Test
    void everyTokenOfAUserWhoMayReachTheClusterIsMirroredWithTheGroupsBoundThere() {
        Map<String, Secret> secrets = TokenMirrorModel.desired(SUBJECTS,
            List.of(user("alice", true, "ldap:ops", "ldap:unbound"), user("carol", true, "ldap:devs")),
            List.of(token("aaaa", "alice"), token("bbbb", "alice"), token("cccc", "carol")));
        assertEquals(List.of("paddock-token-aaaa", "paddock-token-bbbb", "paddock-token-cccc"), List.copyOf(secrets.keySet()));
        Secret alice = secrets.get("paddock-token-aaaa");
        assertEquals("paddock-system", alice.getMetadata().getNamespace());
        assertEquals(Map.of("paddock.io/managed", "auth-token"), alice.getMetadata().getLabels());
        assertEquals("paddock.io/auth-token", alice.getType());
        assertEquals("aaaa", text(alice, "token-id"));
        assertEquals("sha256", text(alice, "hash-algorithm"));
        assertEquals("hash-of-aaaa", text(alice, "hash"));
        assertEquals("paddock:user:alice", text(alice, "username"));
        assertEquals("[\"paddock:group:ldap:ops\"]", text(alice, "groups"), "only groups bound in the cluster");
        assertEquals("2031-01-02T03:04:05Z", text(alice, "expires-at"));
        assertEquals("[\"paddock:group:ldap:devs\"]", text(secrets.get("paddock-token-cccc"), "groups"),
            "carol reaches the cluster through her group alone");
    }

    @Test
    void usersWhoCannotReachTheClusterOrAreDisabledGetNothing() {
        Map<String, Secret> secrets = TokenMirrorModel.desired(SUBJECTS,
            List.of(user("alice", false), user("dave", true, "ldap:unbound")),
            List.of(token("aaaa", "alice"), token("dddd", "dave"), token("eeee", "deleted-user")));
        assertTrue(secrets.isEmpty(), secrets.keySet().toString());
    }

    @Test
    void aSecretEditedByHandNoLongerMatchesButKeysAddedByHandDoNotMatter() {
        Secret desired = TokenMirrorModel.desired(SUBJECTS, List.of(user("alice", true)), List.of(token("aaaa", "alice")))
            .get("paddock-token-aaaa");
        Map<String, String> withExtra = new HashMap<>(desired.getData());
        withExtra.put("note", "aGVsbG8=");
        assertTrue(TokenMirrorModel.matches(new SecretBuilder(desired).withData(withExtra).build(), desired));
        Map<String, String> forged = new HashMap<>(desired.getData());
        forged.put("username", Base64.getEncoder().encodeToString("system:admin".getBytes(StandardCharsets.UTF_8)));
        assertFalse(TokenMirrorModel.matches(new SecretBuilder(desired).withData(forged).build(), desired));
        assertFalse(TokenMirrorModel.matches(new SecretBuilder(desired).withType("Opaque").build(), desired));
    }
}
