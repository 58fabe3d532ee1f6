package io.paddock.management.command;

import java.util.List;

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
@Command(scope = "paddock", name = "cluster-update", description = "Change a created cluster, e.g. its node count.",
    detailedDescription = "Takes fields of the provider's update form (paddock:cluster-providers lists them); fields not"
        + " given stay as they are. The change runs in the background; the cluster is UPDATING meanwhile.")
public class ClusterUpdateCommand implements Action {

    @Reference
    ClusterLifecycle lifecycle;

    @Reference
    ClusterService clusters;

    @Argument(index = 0, name = "name", description = "Cluster name", required = true)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Argument(index = 1, name = "fields", description = "Fields to change, key=value, e.g. nodes=5", required = true,
        multiValued = true)
    List<String> fields;

    @Option(name = "-w", aliases = "--wait", description = "Print the steps until the change is done or failed")
    boolean wait;

    @Override
    public Object execute() {
        OperationWait.report(clusters, lifecycle.update(name, KeyValues.parse(fields)), wait, System.out);
        return null;
    }
}
