package io.paddock.management.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.paddock.api.cluster.Cluster;

@Service
@Command(scope = "paddock", name = "cluster-delete", description = "Delete a cluster: a created one through its provider.",
    detailedDescription = "A created cluster is deleted by its provider with everything it made for it, in the background"
        + " (state REMOVING), then forgotten; if deleting fails it stays, in ERROR, and this command tries again. A registered"
        + " cluster is only forgotten and left running, as paddock:cluster-remove does.")
public class ClusterDeleteCommand extends ClusterOperationCommand {

    @Override
    Cluster start() {
        return lifecycle.delete(name);
    }

    @Override
    public Object execute() {
        Cluster cluster = start();
        if (cluster.status().operation() == null) {
            System.out.println("Removed cluster " + name + " (registered, so left running)");
        } else {
            OperationWait.report(clusters, cluster, wait, System.out);
        }
        return null;
    }
}
