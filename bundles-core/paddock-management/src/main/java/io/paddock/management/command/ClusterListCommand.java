package io.paddock.management.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.paddock.api.cluster.Cluster;
import io.paddock.api.cluster.ClusterService;
import io.paddock.api.cluster.ClusterStatus;

@Service
@Command(scope = "paddock", name = "cluster-list", description = "List managed clusters with their state, version and nodes.")
public class ClusterListCommand implements Action {

    @Reference
    ClusterService clusters;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("State");
        table.column("Version");
        table.column("Provider");
        table.column("Nodes");
        table.column("CPU req/alloc");
        table.column("Memory req/alloc");
        for (Cluster cluster : clusters.list()) {
            ClusterStatus status = cluster.status();
            table.addRow().addContent(cluster.name(), status.state(), status.kubernetesVersion() == null ? "" : status.kubernetesVersion(),
                cluster.spec().provider(), status.readyNodeCount() + "/" + status.nodeCount(),
                Amounts.cpu(status.requested().cpuMillis()) + "/" + Amounts.cpu(status.allocatable().cpuMillis()),
                Amounts.memory(status.requested().memoryBytes()) + "/" + Amounts.memory(status.allocatable().memoryBytes()));
        }
        table.print(System.out);
        return null;
    }
}
