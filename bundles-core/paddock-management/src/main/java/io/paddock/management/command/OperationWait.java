package io.paddock.management.command;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

import io.paddock.api.cluster.Cluster;
import io.paddock.api.cluster.ClusterException;
import io.paddock.api.cluster.ClusterOperation;
import io.paddock.api.cluster.ClusterService;

/** What the commands' {@code --wait} does: prints each new step of an operation until it ends. */
final class OperationWait {

    private static final long POLL_MILLIS = 500;

    private OperationWait() {
    }

    /** A line for a step, e.g. {@code [3/7] starting kube-apiserver}; without a known count, {@code [3]}. */
    static String step(ClusterOperation operation) {
        return "[" + operation.stepNumber() + (operation.stepCount() > 0 ? "/" + operation.stepCount() : "") + "] "
            + operation.step();
    }

    /**
     * Follows the operation {@code started} returned until it ends (for a delete, until the cluster is gone),
     * printing its steps; Ctrl-C stops following, not the operation.
     *
     * @throws ClusterException when it failed, with its message
     */
    static void follow(ClusterService clusters, Cluster started, PrintStream out) {
        ClusterOperation shown = null;
        while (true) {
            Optional<Cluster> now = clusters.get(started.name());
            ClusterOperation operation = now.map(c -> c.status().operation()).orElse(null);
            if (operation == null || !operation.startedAt().equals(started.status().operation().startedAt())) {
                out.println(started.status().operation().type() == ClusterOperation.Type.DELETE
                    ? "Cluster " + started.name() + " deleted" : "Cluster " + started.name() + " was removed meanwhile");
                return;
            }
            if (operation.stepNumber() > 0 && (shown == null || shown.stepNumber() != operation.stepNumber()
                || !shown.step().equals(operation.step()))) {
                out.println(step(operation));
            }
            shown = operation;
            if (operation.phase() == ClusterOperation.Phase.FAILED) {
                throw new ClusterException("Failed", verb(operation) + " of cluster " + started.name() + " failed: "
                    + operation.message());
            }
            if (operation.phase() == ClusterOperation.Phase.SUCCEEDED) {
                out.println(verb(operation) + " of cluster " + started.name() + " done"
                    + (operation.message().isEmpty() ? "" : ": " + operation.message()));
                return;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.println("Stopped waiting; the " + verb(operation).toLowerCase(Locale.ROOT) + " goes on"
                    + " (paddock:cluster-describe " + started.name() + " shows it)");
                return;
            }
        }
    }

    private static String verb(ClusterOperation operation) {
        String type = operation.type().name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(type.charAt(0)) + type.substring(1);
    }

    /** Tells how the started operation can be followed, or follows it. */
    static void report(ClusterService clusters, Cluster started, boolean wait, PrintStream out) {
        ClusterOperation operation = started.status().operation();
        if (wait) {
            out.println(verb(operation) + " of cluster " + started.name() + " started");
            follow(clusters, started, out);
        } else {
            out.println(verb(operation) + " of cluster " + started.name() + " started; paddock:cluster-describe "
                + started.name() + " shows its steps");
        }
    }
}
