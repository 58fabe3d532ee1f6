package io.paddock.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.paddock.api.store.SecretKeyException;
import io.paddock.api.store.StoreException;

class KeyringTest {

    @TempDir
    Path directory;

    @Test
    void createsAnOwnerOnlyKeyFileOnceAndReadsItBack() throws Exception {
        Path file = directory.resolve("etc/io.paddock.store.keys");
        Keyring created = Keyring.loadOrCreate(file, new SecureRandom());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertNotNull(created.primaryKey());
        String content = Files.readString(file);
        Keyring again = Keyring.loadOrCreate(file, new SecureRandom());
        assertEquals(created.primaryId(), again.primaryId());
        assertEquals(content, Files.readString(file), "an existing file is never rewritten");
        String encodedKey = content.lines().filter(line -> line.startsWith("key.")).findFirst().orElseThrow().split(" = ")[1];
        assertFalse(created.toString().contains(encodedKey), "toString shows ids only");
    }

    @Test
    void badFilesAreExplained() throws Exception {
        Path file = directory.resolve("keys");
        Files.writeString(file, "primary = a\nkey.a = c2hvcnQ=\n");
        assertTrue(assertThrows(StoreException.class, () -> Keyring.load(file)).getMessage().contains("an AES-256 key is 32 bytes"));
        Files.writeString(file, "primary = b\nkey.a = AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        assertTrue(assertThrows(StoreException.class, () -> Keyring.load(file)).getMessage().contains("primary key 'b' has no"));
    }

    @Test
    void ciphertextIsBoundToItsRecordAndKey() throws Exception {
        Keyring keyring = Keyring.loadOrCreate(directory.resolve("keys"), new SecureRandom());
        SecretCipher cipher = new SecretCipher(new SecureRandom());
        SecretCipher.Sealed first = cipher.encrypt(keyring, "cluster", "a", "token", "s3cret-plaintext");
        SecretCipher.Sealed second = cipher.encrypt(keyring, "cluster", "a", "token", "s3cret-plaintext");
        assertFalse(first.ciphertext().equals(second.ciphertext()), "a new nonce per value");
        assertEquals("s3cret-plaintext", cipher.decrypt(keyring, "cluster", "a", "token", first));
        SecretKeyException moved = assertThrows(SecretKeyException.class, () -> cipher.decrypt(keyring, "cluster", "b", "token", first));
        assertFalse(moved.getMessage().contains("s3cret-plaintext"));
    }
}
