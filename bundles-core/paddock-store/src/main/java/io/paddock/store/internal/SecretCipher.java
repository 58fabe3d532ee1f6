package io.paddock.store.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import io.paddock.api.store.SecretKeyException;
import io.paddock.api.store.StoreException;

/**
 * AES-256-GCM for secret values: a random 96-bit nonce per value, stored before the ciphertext.
 * The record's kind, name and the secret's key are authenticated data, so a ciphertext copied to
 * another record or secret key fails to decrypt instead of leaking there.
 */
final class SecretCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** A value as stored: which key encrypted it, and base64(nonce || ciphertext || tag). */
    record Sealed(String keyId, String ciphertext) {
    }

    private final SecureRandom random;

    SecretCipher(SecureRandom random) {
        this.random = random;
    }

    Sealed encrypt(Keyring keyring, String kind, String name, String secretKey, String value) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keyring.primaryKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(kind, name, secretKey));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
            return new Sealed(keyring.primaryId(), Base64.getEncoder().encodeToString(out.array()));
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot encrypt secret '" + secretKey + "' of " + kind + "/" + name + ": "
                + e.getClass().getSimpleName());
        }
    }

    String decrypt(Keyring keyring, String kind, String name, String secretKey, Sealed sealed) {
        SecretKey key = keyring.key(sealed.keyId());
        if (key == null) {
            throw new SecretKeyException("secret '" + secretKey + "' of " + kind + "/" + name + " is encrypted with key '"
                + sealed.keyId() + "', which is not in " + keyring.file() + "; put that key back (key." + sealed.keyId()
                + " = ...) to read it");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.ciphertext());
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(kind, name, secretKey));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new SecretKeyException("secret '" + secretKey + "' of " + kind + "/" + name + " cannot be decrypted with key '"
                + sealed.keyId() + "' of " + keyring.file() + ": that key is not the one it was encrypted with, or the stored value"
                + " was altered");
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot decrypt secret '" + secretKey + "' of " + kind + "/" + name + ": "
                + e.getClass().getSimpleName());
        }
    }

    private static byte[] associatedData(String kind, String name, String secretKey) {
        // NUL cannot occur in kinds, names or secret keys, so the encoding is unambiguous
        return (kind + '\0' + name + '\0' + secretKey).getBytes(StandardCharsets.UTF_8);
    }
}
