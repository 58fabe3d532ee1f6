package io.paddock.tunnel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TunnelTargetTest {

    @Test
    void readsHostNamesAndAddresses() {
        assertEquals(new TunnelTarget("kubernetes.default.svc", 443), TunnelTarget.parse("Kubernetes.Default.svc:443"));
        assertEquals(new TunnelTarget("10.43.0.1", 6443), TunnelTarget.parse("10.43.0.1:6443"));
        TunnelTarget v6 = TunnelTarget.parse("[fd00::1]:443");
        assertEquals("fd00::1", v6.host());
        assertEquals("[fd00::1]:443", v6.toString());
    }

    @Test
    void saysWhatIsWrongWithBadTargets() {
        assertMessage("not host:port", "kubernetes");
        assertMessage("not host:port", "kubernetes:");
        assertMessage("the port is not a number", "kubernetes:https");
        assertMessage("outside 1-65535", "kubernetes:70000");
        assertMessage("in brackets", "fd00::1:443");
        assertMessage("not a host name or IP address", "evil host:443");
        assertMessage("at most 261 characters", "a".repeat(300) + ":443");
    }

    private static void assertMessage(String expected, String target) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TunnelTarget.parse(target));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
