package io.paddock.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.RoleBinding;
import io.paddock.api.access.Scope;
import io.paddock.api.access.SecurityService;

@Service
@Command(scope = "paddock", name = "binding-list",
    description = "List role bindings: global ones, or those of a cluster (with its projects) or of one project.")
public class BindingListCommand implements Action {

    @Reference
    AccessControl access;

    @Reference
    SecurityService security;

    @Reference
    Session session;

    @Option(name = "-c", aliases = "--cluster", description = "Cluster whose bindings to list (with its projects')")
    String cluster;

    @Option(name = "-p", aliases = "--project", description = "Only this project of the cluster")
    String project;

    @Override
    public Object execute() {
        Scope scope = new Scope(cluster, project);
        String resource = scope.isGlobal() ? "globalrolebindings" : scope.isCluster() ? "clusterrolebindings" : "projectrolebindings";
        access.require(ShellCaller.of(session, security), "list", resource, scope);
        ShellTable table = new ShellTable();
        table.column("Binding");
        table.column("Scope");
        table.column("Role");
        table.column("Subject");
        for (RoleBinding binding : access.bindings(scope, scope.isCluster())) {
            table.addRow().addContent(binding.name(), binding.scope().toString(), binding.role(),
                binding.subject().kind().name().toLowerCase() + " " + binding.subject().name());
        }
        table.print(System.out);
        return null;
    }
}
