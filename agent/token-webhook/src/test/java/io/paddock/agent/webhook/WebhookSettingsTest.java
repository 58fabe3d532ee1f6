package io.paddock.agent.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSettingsTest {

    @Test
    void defaultsServePlainHttpOnLoopbackForTheServiceAccountsNamespace() {
        WebhookSettings settings = WebhookSettings.from(Map.of());
        assertEquals("127.0.0.1", settings.listen().getAddress().getHostAddress());
        assertEquals(6440, settings.listen().getPort());
        assertFalse(settings.tls());
        assertNull(settings.kubeconfig());
        assertEquals("paddock-system", settings.namespace());
    }

    @Test
    void tokensNeverTravelInClearTextOverANetwork() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> WebhookSettings.from(Map.of("PADDOCK_WEBHOOK_LISTEN", "0.0.0.0:6440")));
        assertTrue(refused.getMessage().contains("needs HTTPS"), refused.getMessage());
    }

    @Test
    void badSettingsNameTheVariable(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("tls.crt"), "x");
        for (Map<String, String> environment : new Map[] {
            Map.of("PADDOCK_WEBHOOK_LISTEN", "6440"),
            Map.of("PADDOCK_WEBHOOK_LISTEN", "127.0.0.1:http"),
            Map.of("PADDOCK_WEBHOOK_TLS_CERT", cert.toString()),
            Map.of("PADDOCK_WEBHOOK_KUBECONFIG", dir.resolve("missing").toString()),
            Map.of("PADDOCK_WEBHOOK_NAMESPACE", "Paddock System")}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> WebhookSettings.from(environment));
            assertTrue(refused.getMessage().contains("PADDOCK_WEBHOOK_"), refused.getMessage());
        }
    }
}
