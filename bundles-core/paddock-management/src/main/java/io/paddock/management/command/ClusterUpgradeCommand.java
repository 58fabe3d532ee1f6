package io.paddock.management.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.paddock.api.cluster.ClusterLifecycle;
import io.paddock.api.cluster.ClusterService;

@Service
@Command(scope = "paddock", name = "cluster-upgrade", description = "Move a created cluster to another Kubernetes version.",
    detailedDescription = "The version must be one its provider offers (paddock:cluster-providers) and not the running one;"
        + " the provider refuses skipping minor versions. The upgrade keeps the cluster's data and runs in the background;"
        + " the cluster is UPGRADING meanwhile.")
public class ClusterUpgradeCommand implements Action {

    @Reference
    ClusterLifecycle lifecycle;

    @Reference
    ClusterService clusters;

    @Argument(index = 0, name = "name", description = "Cluster name", required = true)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Argument(index = 1, name = "version", description = "Kubernetes version, e.g. v1.35.4", required = true)
    @Completion(KubernetesVersionCompleter.class)
    String version;

    @Option(name = "-w", aliases = "--wait", description = "Print the steps until the upgrade is done or failed")
    boolean wait;

    @Override
    public Object execute() {
        OperationWait.report(clusters, lifecycle.upgrade(name, version), wait, System.out);
        return null;
    }
}
