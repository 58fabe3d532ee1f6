package io.paddock.management.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.paddock.api.cluster.ClusterNode;
import io.paddock.api.cluster.ClusterService;

@Service
@Command(scope = "paddock", name = "node-list", description = "List a cluster's nodes as last synced: readiness, roles, kubelet version, capacity.")
public class NodeListCommand implements Action {

    @Reference
    ClusterService clusters;

    @Argument(index = 0, name = "cluster", description = "Cluster name", required = true)
    @Completion(ClusterNameCompleter.class)
    String cluster;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Ready");
        table.column("Roles");
        table.column("Version");
        table.column("CPU alloc/cap");
        table.column("Memory alloc/cap");
        for (ClusterNode node : clusters.nodes(cluster)) {
            table.addRow().addContent(node.name(), node.ready() ? "yes" : "no", String.join(",", node.roles()),
                node.kubeletVersion() == null ? "" : node.kubeletVersion(),
                Amounts.cpu(node.allocatable().cpuMillis()) + "/" + Amounts.cpu(node.capacity().cpuMillis()),
                Amounts.memory(node.allocatable().memoryBytes()) + "/" + Amounts.memory(node.capacity().memoryBytes()));
        }
        table.print(System.out);
        return null;
    }
}
