package io.paddock.api.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KubernetesVersionTest {

    private static boolean upgrade(String from, String to) {
        return KubernetesVersion.parse(from).canUpgradeTo(KubernetesVersion.parse(to));
    }

    @Test
    void upgradesGoToANewerPatchOrTheNextMinorOnly() {
        assertTrue(upgrade("v1.34.4", "v1.34.5"));
        assertTrue(upgrade("v1.34.4", "v1.35.0"));
        assertTrue(upgrade("v1.34.4", "v1.35.4"));
        assertFalse(upgrade("v1.34.4", "v1.36.0"), "one minor release at a time");
        assertFalse(upgrade("v1.35.4", "v1.34.4"), "never down");
        assertFalse(upgrade("v1.34.4", "v1.34.4"));
        assertFalse(upgrade("v1.34.4", "v2.0.0"));
    }

    @Test
    void ordersByReleaseNotByText() {
        assertTrue(KubernetesVersion.parse("v1.9.0").compareTo(KubernetesVersion.parse("v1.10.0")) < 0);
        assertEquals("v1.35.4", KubernetesVersion.parse(" v1.35.4 ").toString());
    }

    @Test
    void refusalsNameTheField() {
        IllegalArgumentException down = assertThrows(IllegalArgumentException.class,
            () -> KubernetesVersion.requireUpgrade("v1.35.4", "v1.34.4"));
        assertTrue(down.getMessage().startsWith("kubernetesVersion: cannot go from v1.35.4 to v1.34.4"), down.getMessage());
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
            () -> KubernetesVersion.requireUpgrade("v1.35.4", "1.36"));
        assertTrue(garbage.getMessage().startsWith("kubernetesVersion: '1.36' is not a Kubernetes version"), garbage.getMessage());
    }
}
