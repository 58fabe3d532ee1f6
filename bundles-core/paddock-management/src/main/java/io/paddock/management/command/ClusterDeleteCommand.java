package io.paddock.management.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.paddock.api.cluster.Cluster;
import io.paddock.api.cluster.ClusterLifecycle;
import io.paddock.api.cluster.ClusterService;

@Service
@Command(scope = "paddock", name = "cluster-delete", description = "Delete a cluster: a created one through its provider.",
    detailedDescription = "A created cluster is deleted by its provider with everything it made for it, in the background"
        + " (state REMOVING), then forgotten; if deleting fails it stays, in ERROR, and this command tries again. A registered"
        + " cluster is only forgotten and left running, as paddock:cluster-remove does.")
public class ClusterDeleteCommand implements Action {

    @Reference
    ClusterLifecycle lifecycle;

    @Reference
    ClusterService clusters;

    @Argument(index = 0, name = "name", description = "Cluster name", required = true)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Option(name = "-w", aliases = "--wait", description = "Print the steps until the cluster is deleted or deleting failed")
    boolean wait;

    @Override
    public Object execute() {
        Cluster cluster = lifecycle.delete(name);
        if (cluster.status().operation() == null) {
            System.out.println("Removed cluster " + name + " (registered, so left running)");
        } else {
            OperationWait.report(clusters, cluster, wait, System.out);
        }
        return null;
    }
}
