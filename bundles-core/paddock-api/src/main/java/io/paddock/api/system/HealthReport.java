package io.paddock.api.system;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;

/**
 * All health checks at one instant.
 *
 * @param status    the worst status of all checks ({@code UP} when there are none)
 * @param checks    results by check name, sorted by name
 * @param checkedAt when the checks ran
 */
public record HealthReport(HealthStatus status, Map<String, HealthResult> checks, Instant checkedAt) {
    public HealthReport {
        Objects.requireNonNull(status, "status");
        checks = Collections.unmodifiableSortedMap(new TreeMap<>(checks));
        Objects.requireNonNull(checkedAt, "checkedAt");
    }
}
