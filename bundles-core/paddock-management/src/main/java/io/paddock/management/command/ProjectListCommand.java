package io.paddock.management.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.paddock.api.project.NamespaceQuota;
import io.paddock.api.project.Project;
import io.paddock.api.project.ProjectService;

@Service
@Command(scope = "paddock", name = "project-list", description = "List the projects of a cluster with their namespaces and quotas.")
public class ProjectListCommand implements Action {

    @Reference
    ProjectService projects;

    @Argument(index = 0, name = "cluster", description = "Cluster name", required = true)
    @Completion(ClusterNameCompleter.class)
    String cluster;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Project");
        table.column("Display name");
        table.column("Namespaces").maxSize(60).wrap();
        table.column("Quota per namespace");
        table.column("Container defaults");
        for (Project project : projects.list(cluster)) {
            NamespaceQuota quota = project.quota();
            table.addRow().addContent(project.name(), project.displayName(),
                String.join(", ", projects.namespaces(cluster, project.name())),
                quota.limitsNamespace() ? "cpu " + Amounts.cpu(quota.cpuMillis()) + ", memory " + Amounts.memory(quota.memoryBytes())
                    + ", pods " + quota.pods() : "none",
                quota.limitsContainers() ? "cpu " + Amounts.cpu(quota.defaultCpuMillis()) + ", memory "
                    + Amounts.memory(quota.defaultMemoryBytes()) : "none");
        }
        table.print(System.out);
        return null;
    }
}
