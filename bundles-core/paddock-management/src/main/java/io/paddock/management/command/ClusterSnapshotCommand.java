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
@Command(scope = "paddock", name = "cluster-snapshot", description = "Take a snapshot of a created cluster now.",
    detailedDescription = "Runs in the background; once done, the operation's message (paddock:cluster-describe) names the"
        + " snapshot, and paddock:cluster-snapshots lists it.")
public class ClusterSnapshotCommand implements Action {

    @Reference
    ClusterLifecycle lifecycle;

    @Reference
    ClusterService clusters;

    @Argument(index = 0, name = "name", description = "Cluster name", required = true)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Option(name = "-w", aliases = "--wait", description = "Print the steps until the snapshot is taken or failed")
    boolean wait;

    @Override
    public Object execute() {
        OperationWait.report(clusters, lifecycle.snapshot(name), wait, System.out);
        return null;
    }
}
