package io.paddock.api.system;

/** Outcome of one health check, ordered from best to worst. */
public enum HealthStatus {
    UP,
    DOWN;

    /** The worse of two statuses, used to fold many checks into one. */
    public HealthStatus and(HealthStatus other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
