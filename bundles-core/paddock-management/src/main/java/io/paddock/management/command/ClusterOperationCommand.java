package io.paddock.management.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import io.paddock.api.cluster.Cluster;
import io.paddock.api.cluster.ClusterLifecycle;
import io.paddock.api.cluster.ClusterService;

/** A command that starts a long operation on a cluster and reports it, following its steps with {@code --wait}. */
abstract class ClusterOperationCommand implements Action {

    @Reference
    ClusterLifecycle lifecycle;

    @Reference
    ClusterService clusters;

    @Argument(index = 0, name = "name", description = "Cluster name", required = true)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Option(name = "-w", aliases = "--wait", description = "Print each step until the operation ends; the command fails if it"
        + " failed")
    boolean wait;

    /** Starts the operation; answers the cluster as it started. */
    abstract Cluster start();

    @Override
    public Object execute() {
        OperationWait.report(clusters, start(), wait, System.out);
        return null;
    }
}
