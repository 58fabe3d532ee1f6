package io.paddock.management.command;

import java.util.TreeMap;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.paddock.api.cluster.Cluster;
import io.paddock.api.cluster.ClusterException;
import io.paddock.api.cluster.ClusterLifecycle;
import io.paddock.api.cluster.ClusterOperation;
import io.paddock.api.cluster.ClusterNode;
import io.paddock.api.cluster.ClusterService;
import io.paddock.api.cluster.ClusterStatus;
import io.paddock.api.cluster.DirectAccess;
import io.paddock.api.cluster.Usage;
import io.paddock.api.cluster.Condition;

@Service
@Command(scope = "paddock", name = "cluster-describe", description = "Show a cluster's status, conditions and nodes; for a"
    + " created cluster also its last operation and what its provider knows of it.")
public class ClusterDescribeCommand implements Action {

    @Reference
    ClusterService clusters;

    @Reference
    ClusterLifecycle lifecycle;

    @Argument(index = 0, name = "name", description = "Cluster name", required = true)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Override
    public Object execute() {
        Cluster cluster = clusters.get(name).orElseThrow(() -> new ClusterException("NotFound", "no cluster named '" + name + "'"));
        ClusterStatus status = cluster.status();
        ShellTable summary = new ShellTable().noHeaders();
        summary.column("key");
        summary.column("value");
        summary.addRow().addContent("Name", cluster.name());
        summary.addRow().addContent("Display name", cluster.spec().displayName());
        summary.addRow().addContent("Provider", cluster.spec().provider());
        summary.addRow().addContent("State", status.state());
        summary.addRow().addContent("Version", status.kubernetesVersion());
        summary.addRow().addContent("API endpoint", status.apiEndpoint());
        DirectAccess direct = cluster.spec().directAccess();
        summary.addRow().addContent("Direct access", direct.enabled() ? "enabled at " + direct.server() : "disabled");
        summary.addRow().addContent("Nodes", status.readyNodeCount() + " ready of " + status.nodeCount());
        summary.addRow().addContent("Allocatable", Amounts.cpu(status.allocatable().cpuMillis()) + " CPU, "
            + Amounts.memory(status.allocatable().memoryBytes()));
        summary.addRow().addContent("Requested", Amounts.cpu(status.requested().cpuMillis()) + " CPU, "
            + Amounts.memory(status.requested().memoryBytes()) + " (pod requests, not measured usage)");
        Usage usage = status.usage();
        summary.addRow().addContent("Usage", usage == null ? "not read yet" : !usage.measured()
            ? "not measured: the cluster serves no metrics API (metrics-server); see Requested"
            : Amounts.cpu(usage.amounts().cpuMillis()) + " CPU, " + Amounts.memory(usage.amounts().memoryBytes())
                + " (measured by metrics.k8s.io at " + usage.observedAt() + ")");
        summary.addRow().addContent("Last seen", status.lastSeen() == null ? "never" : status.lastSeen());
        ClusterOperation operation = status.operation();
        if (operation != null) {
            summary.addRow().addContent("Operation", operation.type() + " " + operation.phase() + ", step "
                + OperationWait.step(operation) + ", started " + operation.startedAt()
                + (operation.finishedAt() == null ? "" : ", ended " + operation.finishedAt()));
            if (!operation.message().isEmpty()) {
                summary.addRow().addContent("Message", operation.message());
            }
        }
        summary.print(System.out);
        System.out.println();
        ShellTable conditions = new ShellTable();
        conditions.column("Condition");
        conditions.column("Status");
        conditions.column("Reason");
        conditions.column("Message").maxSize(80).wrap();
        conditions.column("Since");
        for (Condition c : status.conditions()) {
            conditions.addRow().addContent(c.type(), c.status(), c.reason(), c.message(), c.lastTransitionTime());
        }
        conditions.print(System.out);
        System.out.println();
        ShellTable nodes = new ShellTable();
        nodes.column("Node");
        nodes.column("Ready");
        nodes.column("Roles");
        nodes.column("Kubelet");
        nodes.column("CPU");
        nodes.column("Memory");
        for (ClusterNode node : clusters.nodes(name)) {
            nodes.addRow().addContent(node.name(), node.ready(), String.join(",", node.roles()),
                node.kubeletVersion() == null ? "" : node.kubeletVersion(), Amounts.cpu(node.allocatable().cpuMillis()),
                Amounts.memory(node.allocatable().memoryBytes()));
        }
        nodes.print(System.out);
        if (operation != null) {
            System.out.println();
            printProviderView();
        }
        return null;
    }

    /** The provider's description of a cluster it created, one line per entry. */
    private void printProviderView() {
        ShellTable view = new ShellTable();
        view.column("Provider says");
        view.column("").maxSize(100).wrap();
        try {
            new TreeMap<>(lifecycle.describe(name)).forEach((key, value) -> view.addRow().addContent(key, value));
        } catch (ClusterException e) {
            view.addRow().addContent("(unavailable)", e.getMessage());
        }
        view.print(System.out);
    }
}
