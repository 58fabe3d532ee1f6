package io.paddock.security.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Argon2PasswordHashTest {

    private final Argon2PasswordHash hasher = new Argon2PasswordHash();

    @Test
    void verifiesTheRightPasswordOnly() {
        String stored = hasher.hash("correct horse battery staple");
        assertTrue(stored.startsWith("$argon2id$v=19$m=19456;t=2;p=1$"), stored);
        assertFalse(stored.contains(","), "users.properties splits entries on commas");
        assertTrue(hasher.verify("correct horse battery staple", stored));
        assertFalse(hasher.verify("correct horse battery stapl", stored));
        assertFalse(hasher.verify("", stored));
    }

    @Test
    void saltsEveryHash() {
        assertNotEquals(hasher.hash("same password"), hasher.hash("same password"));
    }

    @Test
    void rejectsMalformedStoredValues() {
        assertFalse(hasher.verify("x", "x"));
        assertFalse(hasher.verify("x", "{CRYPT}abc{CRYPT}"));
        assertFalse(hasher.verify("x", null));
    }
}
