package io.paddock.it;

import static io.paddock.it.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The administrator password taken from configuration instead of generated. */
class BootstrapPasswordIT {

    @Test
    void tooShortPasswordIsRefusedWithAClearMessageThenAGoodOneIsUsedAndNeverPrinted() throws Exception {
        try (PaddockProcess paddock = PaddockProcess.unpack("bootstrap-password")) {
            paddock.env("PADDOCK_BOOTSTRAP_PASSWORD", "tiny-pw").start();
            HttpResponse<String> down = eventually(Duration.ofSeconds(60), () -> paddock.get("/v1/health"),
                r -> r.body().contains("admin-account") && r.statusCode() == 503);
            assertTrue(down.body().contains("administrator 'admin' not created: the bootstrap password"
                + " (PADDOCK_BOOTSTRAP_PASSWORD or bootstrap.password in etc/io.paddock.security.cfg) has 7 characters;"
                + " at least 12 are required"), down.body());
            assertFalse(paddock.log().contains("tiny-pw"), "the refused password was logged");
            assertFalse(paddock.console().contains("tiny-pw"));
            assertThrows(IOException.class, () -> paddock.ssh("admin", "tiny-pw", "paddock:version"));

            paddock.stop();
            paddock.env("PADDOCK_BOOTSTRAP_PASSWORD", "correct-horse-battery-staple").start();
            paddock.awaitHealthy();
            assertEquals(0, paddock.ssh("admin", "correct-horse-battery-staple", "paddock:version").exitStatus());
            assertFalse(paddock.console().contains("correct-horse-battery-staple"), "a configured password is never printed");
            assertFalse(paddock.console().contains("password: "), "nothing was generated");
            assertFalse(paddock.log().contains("correct-horse-battery-staple"));
        }
    }
}
