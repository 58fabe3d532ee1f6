package io.paddock.management.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.paddock.api.cluster.Cluster;

@Service
@Command(scope = "paddock", name = "cluster-restore", description = "Put a created cluster back to one of its snapshots.",
    detailedDescription = "What changed in the cluster since the snapshot was taken is lost. Runs in the background; the"
        + " cluster is UPDATING meanwhile.")
public class ClusterRestoreCommand extends ClusterOperationCommand {

    @Argument(index = 1, name = "snapshot", description = "Snapshot name (paddock:cluster-snapshots lists them)", required = true)
    @Completion(SnapshotNameCompleter.class)
    String snapshot;

    @Override
    Cluster start() {
        return lifecycle.restore(name, snapshot);
    }
}
