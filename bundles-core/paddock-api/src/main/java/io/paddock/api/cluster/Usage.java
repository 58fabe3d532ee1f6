package io.paddock.api.cluster;

import java.time.Instant;
import java.util.Objects;

/**
 * How much CPU and memory a cluster's workloads use, and where the figure comes from.
 *
 * @param source     {@value #MEASURED} when the cluster serves the metrics API (measured use), else
 *                   {@value #REQUESTED}: the pods' resource requests, what the scheduler reserves,
 *                   which is not measured use
 * @param amounts    the figures
 * @param observedAt when they were read
 */
public record Usage(String source, ResourceAmounts amounts, Instant observedAt) {

    public static final String MEASURED = "metrics.k8s.io";
    public static final String REQUESTED = "requests";

    public Usage {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(amounts, "amounts");
        Objects.requireNonNull(observedAt, "observedAt");
    }

    public boolean measured() {
        return MEASURED.equals(source);
    }
}
