package io.paddock.management.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.paddock.api.cluster.Cluster;
import io.paddock.api.cluster.ClusterLifecycle;
import io.paddock.api.cluster.ClusterService;

@Service
@Command(scope = "paddock", name = "cluster-create", description = "Create a cluster with a provider that creates clusters.",
    detailedDescription = "Checks the form at once (nothing is stored when it is wrong), then creates the cluster in the"
        + " background: its state is PROVISIONING until the provider is done. paddock:cluster-providers lists the providers"
        + " and their fields; displayName and description are Paddock's own fields.")
public class ClusterCreateCommand implements Action {

    static final String CLUSTER_FILE = "clusterFile";

    @Reference
    ClusterLifecycle lifecycle;

    @Reference
    ClusterService clusters;

    @Argument(index = 0, name = "name", description = "Name in Paddock: lower-case letters, digits and '-'", required = true)
    String name;

    @Option(name = "-p", aliases = "--provider", description = "Id of the provider", required = true)
    @Completion(ProviderIdCompleter.class)
    String provider;

    @Option(name = "-f", aliases = "--file", description = "A cluster file for the provider, passed as its field "
        + CLUSTER_FILE)
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "-s", aliases = "--set", description = "A field of the provider's form, key=value", multiValued = true)
    List<String> fields;

    @Option(name = "-w", aliases = "--wait", description = "Print the steps until the cluster is created or creating failed")
    boolean wait;

    @Override
    public Object execute() {
        Map<String, String> config = KeyValues.parse(fields);
        if (file != null) {
            try {
                config.put(CLUSTER_FILE, Files.readString(Path.of(file)));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the cluster file " + file + ": " + e.getMessage());
            }
        }
        Cluster cluster = lifecycle.create(provider, name, config);
        OperationWait.report(clusters, cluster, wait, System.out);
        return null;
    }
}
