package io.paddock.security.internal;

import java.util.Map;

import org.apache.karaf.jaas.modules.Encryption;
import org.apache.karaf.jaas.modules.EncryptionService;
import org.osgi.service.component.annotations.Component;

/**
 * Lets the container's JAAS realm (shell, SSH) store argon2id hashes: selected by
 * {@code encryption.name = argon2id} in {@code etc/org.apache.karaf.jaas.cfg}. Karaf's built-in
 * choice is an unsalted digest.
 */
@Component(service = EncryptionService.class, property = "name=" + Argon2EncryptionService.NAME)
public class Argon2EncryptionService implements EncryptionService {

    static final String NAME = "argon2id";

    private final Argon2PasswordHash hasher = new Argon2PasswordHash();

    @Override
    public Encryption createEncryption(Map<String, String> params) {
        return new Encryption() {
            @Override
            public String encryptPassword(String password) {
                return hasher.hash(password);
            }

            @Override
            public boolean checkPassword(String provided, String stored) {
                return hasher.verify(provided, stored);
            }
        };
    }
}
