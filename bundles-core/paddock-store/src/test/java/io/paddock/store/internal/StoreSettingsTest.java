package io.paddock.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.paddock.api.config.InvalidSettingException;

class StoreSettingsTest {

    private static final Path DATA = Path.of("/opt/paddock/data/paddock");
    private static final Path ETC = Path.of("/opt/paddock/etc");

    @Test
    void defaultsToAnH2FileUnderKarafData() {
        StoreSettings settings = StoreSettings.from(Map.of(), DATA, ETC);
        assertEquals(Backend.H2, settings.backend());
        assertEquals("jdbc:h2:file:/opt/paddock/data/paddock/store" + StoreSettings.H2_OPTIONS, settings.url());
        assertEquals(ETC.resolve("io.paddock.store.keys"), settings.keysFile());
        assertEquals(8, settings.poolSize());
    }

    @Test
    void postgresqlNeedsUrlAndUser() {
        InvalidSettingException noUrl = assertThrows(InvalidSettingException.class,
            () -> StoreSettings.from(Map.of("backend", "postgresql"), DATA, ETC));
        assertTrue(noUrl.getMessage().contains("url is required with backend = postgresql"), noUrl.getMessage());
        assertThrows(InvalidSettingException.class,
            () -> StoreSettings.from(Map.of("backend", "postgresql", "url", "jdbc:postgresql://db/paddock"), DATA, ETC));
        InvalidSettingException wrongUrl = assertThrows(InvalidSettingException.class,
            () -> StoreSettings.from(Map.of("backend", "postgresql", "url", "jdbc:h2:mem:x", "user", "u"), DATA, ETC));
        assertTrue(wrongUrl.getMessage().contains("starting with jdbc:postgresql:"), wrongUrl.getMessage());
    }

    @Test
    void unknownBackendAndBadNumbersNameTheKey() {
        InvalidSettingException backend = assertThrows(InvalidSettingException.class,
            () -> StoreSettings.from(Map.of("backend", "mysql"), DATA, ETC));
        assertEquals("etc/io.paddock.store.cfg: backend = 'mysql' is invalid; expected h2 or postgresql", backend.getMessage());
        InvalidSettingException pool = assertThrows(InvalidSettingException.class,
            () -> StoreSettings.from(Map.of("pool.size", "0"), DATA, ETC));
        assertTrue(pool.getMessage().contains("pool.size"), pool.getMessage());
    }

    @Test
    void passwordAndUrlParametersNeverShow() {
        StoreSettings settings = StoreSettings.from(Map.of("backend", "postgresql", "url",
            "jdbc:postgresql://db:5432/paddock?password=in-url-secret", "user", "paddock", "password", "cfg-secret"), DATA, ETC);
        assertEquals("cfg-secret", settings.password());
        assertFalse(settings.toString().contains("secret"), settings.toString());
        assertEquals("jdbc:postgresql://db:5432/paddock", settings.displayUrl());
    }
}
