package io.paddock.management.command;

import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.paddock.api.cluster.ClusterProvider;
import io.paddock.api.cluster.ConfigField;

@Service
@Command(scope = "paddock", name = "cluster-providers",
    description = "List the installed cluster providers with what they can do, their Kubernetes versions and their fields.")
public class ClusterProvidersCommand implements Action {

    @Reference
    List<ClusterProvider> providers;

    @Option(name = "-v", aliases = "--verbose", description = "Also list each provider's form fields")
    boolean verbose;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Provider");
        table.column("Name");
        table.column("Capabilities");
        table.column("Kubernetes versions").maxSize(60).wrap();
        table.column("Create fields").maxSize(40).wrap();
        table.column("Update fields").maxSize(30).wrap();
        List<ClusterProvider> sorted = providers.stream().sorted(Comparator.comparing(ClusterProvider::id)).toList();
        for (ClusterProvider provider : sorted) {
            table.addRow().addContent(provider.id(), provider.displayName(), String.join(",",
                new TreeSet<>(provider.capabilities()).stream().map(Enum::name).toList()),
                String.join(" ", provider.kubernetesVersions()), names(provider.configSchema()), names(provider.updateSchema()));
        }
        table.print(System.out);
        if (verbose) {
            for (ClusterProvider provider : sorted) {
                System.out.println();
                System.out.println(provider.id() + ":");
                fields(provider.configSchema()).print(System.out);
            }
        }
        return null;
    }

    private static String names(List<ConfigField> fields) {
        return fields.stream().map(f -> f.required() ? f.name() + "*" : f.name()).collect(Collectors.joining(" "));
    }

    private static ShellTable fields(List<ConfigField> schema) {
        ShellTable table = new ShellTable();
        table.column("Field");
        table.column("Type");
        table.column("Required");
        table.column("Description").maxSize(80).wrap();
        for (ConfigField field : schema) {
            table.addRow().addContent(field.name(), field.type(), field.required(), field.description());
        }
        return table;
    }
}
