package io.paddock.api.cluster;

import java.time.Instant;
import java.util.Objects;

/**
 * One observed aspect of a cluster, in the style of Kubernetes conditions.
 *
 * @param type               e.g. {@code Reachable}
 * @param status             whether the condition holds
 * @param reason             one CamelCase word for programs, e.g. {@code ConnectionRefused}
 * @param message            a sentence for people
 * @param lastTransitionTime when {@code status} last changed
 */
public record Condition(String type, boolean status, String reason, String message, Instant lastTransitionTime) {

    public static final String REACHABLE = "Reachable";
    /** For clusters reached through an agent: whether one is connected now. */
    public static final String AGENT_CONNECTED = "AgentConnected";

    public Condition {
        Objects.requireNonNull(type, "type");
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
        Objects.requireNonNull(lastTransitionTime, "lastTransitionTime");
    }
}
