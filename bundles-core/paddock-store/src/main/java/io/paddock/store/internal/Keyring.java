package io.paddock.store.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.paddock.api.store.StoreException;

/**
 * The AES-256 keys that encrypt secrets, read from a properties file:
 * <pre>
 * primary = k20260520120000
 * key.k20260520120000 = &lt;base64 of 32 random bytes&gt;
 * </pre>
 * New values are encrypted with the primary key; every listed key still decrypts. Rotation: add a
 * key, make it primary, re-encrypt (the store does), then remove the old key.
 */
final class Keyring {

    static final String PRIMARY = "primary";
    static final String KEY_PREFIX = "key.";
    private static final int KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final DateTimeFormatter GENERATED_ID = DateTimeFormatter.ofPattern("'k'yyyyMMddHHmmss");

    private final Path file;
    private final String primaryId;
    private final Map<String, SecretKey> keys;

    private Keyring(Path file, String primaryId, Map<String, SecretKey> keys) {
        this.file = file;
        this.primaryId = primaryId;
        this.keys = keys;
    }

    /** Reads {@code file}, first creating it (owner-only permissions) with one new key when it does not exist. */
    static Keyring loadOrCreate(Path file, SecureRandom random) {
        if (!Files.exists(file)) {
            create(file, random);
        }
        return load(file);
    }

    static Keyring load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new StoreException("cannot read the secret key file " + file + ": " + e.getMessage());
        }
        Map<String, SecretKey> keys = new TreeMap<>();
        for (String property : properties.stringPropertyNames()) {
            if (!property.startsWith(KEY_PREFIX)) {
                continue;
            }
            String id = property.substring(KEY_PREFIX.length());
            if (!KEY_ID.matcher(id).matches()) {
                throw new StoreException(file + ": key id '" + id + "' is invalid; use 1 to 64 letters, digits, '.', '_' or '-'");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(properties.getProperty(property).trim());
            } catch (IllegalArgumentException e) {
                throw new StoreException(file + ": " + property + " is not base64");
            }
            if (bytes.length != KEY_BYTES) {
                throw new StoreException(file + ": " + property + " holds " + bytes.length + " bytes; an AES-256 key is "
                    + KEY_BYTES + " bytes (base64 of 32 random bytes, e.g. 'openssl rand -base64 32')");
            }
            keys.put(id, new SecretKeySpec(bytes, "AES"));
        }
        String primary = properties.getProperty(PRIMARY, "").trim();
        if (primary.isEmpty()) {
            throw new StoreException(file + ": '" + PRIMARY + "' is missing; set it to the id of the key new secrets use");
        }
        if (!keys.containsKey(primary)) {
            throw new StoreException(file + ": primary key '" + primary + "' has no '" + KEY_PREFIX + primary + "' entry");
        }
        return new Keyring(file, primary, Map.copyOf(keys));
    }

    private static void create(Path file, SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        String id = GENERATED_ID.format(ZonedDateTime.now(ZoneOffset.UTC));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            // created with owner-only permissions, so the key is never readable by others, not even briefly
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
                writer.write("# Keys encrypting the secrets in Paddock's store (AES-256-GCM). Keep this file private and backed up:\n"
                    + "# without it the stored secrets cannot be read. To rotate: add key.<new-id> = <base64 of 32 random\n"
                    + "# bytes>, set primary = <new-id>, restart the store or re-encrypt, then remove the old key.\n"
                    + PRIMARY + " = " + id + "\n" + KEY_PREFIX + id + " = " + Base64.getEncoder().encodeToString(key) + "\n");
            }
        } catch (FileAlreadyExistsException e) {
            // another node or thread created it first: use theirs
        } catch (UnsupportedOperationException e) {
            throw new StoreException("cannot create " + file + " with owner-only permissions on this file system");
        } catch (IOException e) {
            throw new StoreException("cannot create the secret key file " + file + ": " + e.getMessage());
        }
    }

    Path file() {
        return file;
    }

    String primaryId() {
        return primaryId;
    }

    SecretKey primaryKey() {
        return keys.get(primaryId);
    }

    /** The key with that id, or {@code null}. */
    SecretKey key(String id) {
        return keys.get(id);
    }

    @Override
    public String toString() {
        return "Keyring[" + file + ", primary=" + primaryId + ", ids=" + keys.keySet() + "]";
    }
}
