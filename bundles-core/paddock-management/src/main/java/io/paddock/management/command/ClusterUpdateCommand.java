package io.paddock.management.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.paddock.api.cluster.Cluster;

@Service
@Command(scope = "paddock", name = "cluster-update", description = "Change a created cluster, e.g. its node count.",
    detailedDescription = "Takes fields of the provider's update form (paddock:cluster-providers lists them); fields not"
        + " given stay as they are. The change runs in the background; the cluster is UPDATING meanwhile.")
public class ClusterUpdateCommand extends ClusterOperationCommand {

    @Argument(index = 1, name = "fields", description = "Fields to change, key=value, e.g. nodes=5", required = true,
        multiValued = true)
    List<String> fields;

    @Override
    Cluster start() {
        return lifecycle.update(name, KeyValues.parse(fields));
    }
}
