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
@Command(scope = "paddock", name = "cluster-restore", description = "Put a created cluster back to one of its snapshots.",
    detailedDescription = "What changed in the cluster since the snapshot was taken is lost. Runs in the background; the"
        + " cluster is UPDATING meanwhile.")
public class ClusterRestoreCommand implements Action {

    @Reference
    ClusterLifecycle lifecycle;

    @Reference
    ClusterService clusters;

    @Argument(index = 0, name = "name", description = "Cluster name", required = true)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Argument(index = 1, name = "snapshot", description = "Snapshot name (paddock:cluster-snapshots lists them)", required = true)
    @Completion(SnapshotNameCompleter.class)
    String snapshot;

    @Option(name = "-w", aliases = "--wait", description = "Print the steps until the restore is done or failed")
    boolean wait;

    @Override
    public Object execute() {
        OperationWait.report(clusters, lifecycle.restore(name, snapshot), wait, System.out);
        return null;
    }
}
