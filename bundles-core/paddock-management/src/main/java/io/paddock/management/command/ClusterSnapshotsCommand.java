package io.paddock.management.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.paddock.api.cluster.ClusterLifecycle;
import io.paddock.api.cluster.ClusterSnapshot;

@Service
@Command(scope = "paddock", name = "cluster-snapshots", description = "List the snapshots of a created cluster, oldest first.")
public class ClusterSnapshotsCommand implements Action {

    @Reference
    ClusterLifecycle lifecycle;

    @Argument(index = 0, name = "name", description = "Cluster name", required = true)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Snapshot");
        table.column("Taken");
        table.column("Size");
        table.column("By");
        table.column("Version");
        for (ClusterSnapshot snapshot : lifecycle.snapshots(name)) {
            table.addRow().addContent(snapshot.name(), snapshot.createdAt(), Amounts.memory(snapshot.sizeBytes()),
                snapshot.scheduled() ? "schedule" : "user", snapshot.kubernetesVersion() == null ? "" : snapshot.kubernetesVersion());
        }
        table.print(System.out);
        return null;
    }
}
