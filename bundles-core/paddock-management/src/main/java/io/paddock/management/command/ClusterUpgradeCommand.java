package io.paddock.management.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.paddock.api.cluster.Cluster;

@Service
@Command(scope = "paddock", name = "cluster-upgrade", description = "Move a created cluster to another Kubernetes version.",
    detailedDescription = "The version must be one its provider offers (paddock:cluster-providers) and not the running one;"
        + " the provider refuses skipping minor versions. The upgrade keeps the cluster's data and runs in the background;"
        + " the cluster is UPGRADING meanwhile.")
public class ClusterUpgradeCommand extends ClusterOperationCommand {

    @Argument(index = 1, name = "version", description = "Kubernetes version, e.g. v1.35.4", required = true)
    @Completion(KubernetesVersionCompleter.class)
    String version;

    @Override
    Cluster start() {
        return lifecycle.upgrade(name, version);
    }
}
