package io.paddock.api.system;

import java.util.Objects;

/**
 * Result of one {@link HealthCheck}.
 *
 * @param status  up or down
 * @param message what an operator should know; for {@code DOWN}, what is wrong and how to fix it
 */
public record HealthResult(HealthStatus status, String message) {
    public HealthResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    public static HealthResult up(String message) {
        return new HealthResult(HealthStatus.UP, message);
    }

    public static HealthResult down(String message) {
        return new HealthResult(HealthStatus.DOWN, message);
    }
}
