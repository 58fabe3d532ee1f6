package io.paddock.api.system;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A piece of Paddock that can tell whether it works. Bundles register implementations as OSGi
 * services; {@link SystemService#health()} folds them into one report.
 */
@ConsumerType
public interface HealthCheck {

    /** Service property naming the check in reports, e.g. {@code kube-client}. */
    String NAME_PROPERTY = "paddock.health.name";

    /** Must be quick and must not throw: a failing check reports {@link HealthStatus#DOWN}. */
    HealthResult check();
}
