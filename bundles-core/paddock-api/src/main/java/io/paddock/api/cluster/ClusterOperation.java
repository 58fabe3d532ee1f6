package io.paddock.api.cluster;

import java.time.Instant;
import java.util.Objects;

/**
 * The last long-running provider operation on a cluster (create, scale, upgrade, ...), as its
 * status shows it: which step runs now, and how it ended.
 *
 * @param type       what is being done
 * @param phase      running, or how it ended
 * @param step       the step running now, or the last one
 * @param stepNumber 1-based number of {@code step}
 * @param stepCount  how many steps the operation has (0 when the provider does not know)
 * @param message    for a failed operation, why (with the failing component's log excerpt where there is one);
 *                   for a successful one, its result
 * @param startedAt  when it began
 * @param finishedAt when it ended, or {@code null} while it runs
 */
public record ClusterOperation(Type type, Phase phase, String step, int stepNumber, int stepCount, String message,
                               Instant startedAt, Instant finishedAt) {

    /** Longest message kept; log excerpts beyond it are cut at the start (the end of a log says most). */
    public static final int MAX_MESSAGE_LENGTH = 4096;

    public enum Type {
        CREATE(ClusterState.PROVISIONING), UPDATE(ClusterState.UPDATING), UPGRADE(ClusterState.UPGRADING),
        SNAPSHOT(null), RESTORE(ClusterState.UPDATING), DELETE(ClusterState.REMOVING);

        private final ClusterState runningState;

        Type(ClusterState runningState) {
            this.runningState = runningState;
        }

        /** The cluster's state while an operation of this type runs; {@code null} when it leaves the state alone. */
        public ClusterState runningState() {
            return runningState;
        }

        /** Whether a failure may leave the cluster broken, so that its state turns {@link ClusterState#ERROR}. */
        public boolean failureIsError() {
            return this != SNAPSHOT;
        }
    }

    public enum Phase { RUNNING, SUCCEEDED, FAILED }

    public ClusterOperation {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(startedAt, "startedAt");
        step = step == null ? "" : step;
        message = message == null ? "" : message.length() > MAX_MESSAGE_LENGTH
            ? "..." + message.substring(message.length() - MAX_MESSAGE_LENGTH + 3) : message;
    }

    /** A new operation of {@code type}, before its first step. */
    public static ClusterOperation started(Type type, Instant now) {
        return new ClusterOperation(type, Phase.RUNNING, "starting", 0, 0, "", now, null);
    }

    public boolean running() {
        return phase == Phase.RUNNING;
    }

    /** This operation at another step. */
    public ClusterOperation atStep(int number, int count, String description) {
        return new ClusterOperation(type, phase, description, number, count, message, startedAt, finishedAt);
    }

    public ClusterOperation succeeded(String result, Instant now) {
        return new ClusterOperation(type, Phase.SUCCEEDED, step, stepNumber, stepCount, result, startedAt, now);
    }

    public ClusterOperation failed(String reason, Instant now) {
        return new ClusterOperation(type, Phase.FAILED, step, stepNumber, stepCount, reason, startedAt, now);
    }
}
