package io.paddock.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.paddock.api.system.HealthCheck;
import io.paddock.api.system.HealthReport;
import io.paddock.api.system.HealthResult;
import io.paddock.api.system.HealthStatus;

class SystemServiceImplTest {

    private final SystemServiceImpl system =
        new SystemServiceImpl(Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void noChecksMeansUp() {
        HealthReport report = system.health();
        assertEquals(HealthStatus.UP, report.status());
        assertEquals(Map.of(), report.checks());
    }

    @Test
    void oneDownCheckMakesTheReportDownAndKeepsTheOthers() {
        system.addHealthCheck(() -> HealthResult.up("fine"), Map.of(HealthCheck.NAME_PROPERTY, "a"));
        HealthCheck broken = () -> HealthResult.down("etc/x.cfg: y = 'z' is invalid");
        system.addHealthCheck(broken, Map.of(HealthCheck.NAME_PROPERTY, "b"));
        HealthReport report = system.health();
        assertEquals(HealthStatus.DOWN, report.status());
        assertEquals(List.of("a", "b"), List.copyOf(report.checks().keySet()));
        assertEquals("etc/x.cfg: y = 'z' is invalid", report.checks().get("b").message());

        system.removeHealthCheck(broken);
        assertEquals(HealthStatus.UP, system.health().status());
    }

    @Test
    void aThrowingCheckIsReportedDownNotPropagated() {
        system.addHealthCheck(() -> {
            throw new IllegalStateException("boom");
        }, Map.of(HealthCheck.NAME_PROPERTY, "flaky"));
        HealthReport report = system.health();
        assertEquals(HealthStatus.DOWN, report.status());
        assertEquals("check failed: IllegalStateException", report.checks().get("flaky").message());
    }

    @Test
    void productVersionComesFromTheBuild() {
        system.activate();
        assertEquals("Paddock", system.product().name());
        assertEquals(System.getProperty("java.version"), system.product().javaVersion());
        // filtered from the POM, so an unfiltered placeholder would fail here
        assertTrue(system.product().version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), system.product().version());
    }
}
