package io.paddock.management.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.paddock.api.cluster.Cluster;

@Service
@Command(scope = "paddock", name = "cluster-snapshot", description = "Take a snapshot of a created cluster now.",
    detailedDescription = "Runs in the background; once done, the operation's message (paddock:cluster-describe) names the"
        + " snapshot, and paddock:cluster-snapshots lists it.")
public class ClusterSnapshotCommand extends ClusterOperationCommand {

    @Override
    Cluster start() {
        return lifecycle.snapshot(name);
    }
}
