package io.paddock.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void readsNumbersFromCfgStringsAndTypedValues() {
        Settings settings = new Settings("io.paddock.kube", Map.of("a", " 15 ", "b", 20, "blank", ""));
        assertEquals(15, settings.intInRange("a", 1, 1, 300));
        assertEquals(20, settings.intInRange("b", 1, 1, 300));
        assertEquals(7, settings.intInRange("blank", 7, 1, 300));
        assertEquals(7, settings.intInRange("missing", 7, 1, 300));
    }

    @Test
    void malformedOrOutOfRangeValuesNameFileKeyAndExpectation() {
        Settings settings = new Settings("io.paddock.kube", Map.of("t", "ten", "big", "301"));
        assertEquals("etc/io.paddock.kube.cfg: t = 'ten' is invalid; expected a whole number from 1 to 300",
            assertThrows(InvalidSettingException.class, () -> settings.intInRange("t", 1, 1, 300)).getMessage());
        assertEquals("etc/io.paddock.kube.cfg: big = '301' is invalid; expected a whole number from 1 to 300",
            assertThrows(InvalidSettingException.class, () -> settings.intInRange("big", 1, 1, 300)).getMessage());
    }
}
