package io.paddock.auth.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.paddock.api.config.InvalidSettingException;

class ClientSettingsTest {

    private static final String PID = "io.paddock.auth.example";

    @Test
    void defaultsApplyAndTheSecretIsNeverShown() {
        ClientSettings settings = ClientSettings.from(PID, Map.of("client.id", "id", "client.secret", "s3cr3t-value"), "example",
            "Example");
        assertEquals("example", settings.provider());
        assertEquals("Example", settings.displayName());
        assertEquals(Duration.ofSeconds(10), settings.connectTimeout());
        assertEquals(Duration.ofSeconds(30), settings.requestTimeout());
        assertEquals("etc/io.paddock.auth.example.cfg", settings.configFile());
        assertFalse(settings.toString().contains("s3cr3t-value"));
    }

    @Test
    void messagesNameTheFileKarafReadTheSettingsFrom() {
        Map<String, Object> properties = new HashMap<>(Map.of("client.secret", "s",
            "felix.fileinstall.filename", "file:/opt/paddock/etc/io.paddock.auth.example-corp.cfg"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ClientSettings.from(PID, properties, "x", "X"));
        assertEquals("etc/io.paddock.auth.example-corp.cfg: client.id is required: the client id registered at the provider",
            e.getMessage());
    }

    @Test
    void providerIdMustBeALowerCaseWord() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ClientSettings.from(PID,
            Map.of("client.id", "id", "client.secret", "s", "provider", "Corp SSO"), "x", "X"));
        assertEquals("etc/io.paddock.auth.example.cfg: provider = 'Corp SSO' is invalid; expected a lower-case word of letters,"
            + " digits and '-', at most 32 characters, e.g. x", e.getMessage());
    }

    @Test
    void caFileMustBeReadablePem(@TempDir Path dir) throws IOException {
        InvalidSettingException missing = assertThrows(InvalidSettingException.class, () -> ClientSettings.from(PID,
            Map.of("client.id", "id", "client.secret", "s", "ca.file", dir.resolve("absent.pem").toString()), "x", "X"));
        assertEquals("etc/io.paddock.auth.example.cfg: ca.file = '" + dir.resolve("absent.pem") + "' is invalid; expected a readable"
            + " PEM file with the CA certificates of the provider's TLS (leave it unset to use Java's trusted CAs)",
            missing.getMessage());
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        ClientSettings settings = ClientSettings.from(PID, Map.of("client.id", "id", "client.secret", "s", "ca.file",
            notPem.toString()), "x", "X");
        InvalidSettingException unreadable = assertThrows(InvalidSettingException.class, () -> new ProviderHttp(settings));
        assertTrue(unreadable.getMessage().startsWith("etc/io.paddock.auth.example.cfg: ca.file = '" + notPem + "'"),
            unreadable.getMessage());
    }

    @Test
    void providerTextIsShownOnOneShortLine() {
        assertEquals("bad code", ProviderHttp.quote("bad\n\tcode"));
        assertEquals(203, ProviderHttp.quote("x".repeat(500)).length());
    }
}
