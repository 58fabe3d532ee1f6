package io.paddock.management.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.paddock.api.cluster.ClusterService;

@Service
@Command(scope = "paddock", name = "cluster-remove",
    description = "Forget a cluster. An imported cluster itself is left running and untouched.")
public class ClusterRemoveCommand implements Action {

    @Reference
    ClusterService clusters;

    @Argument(index = 0, name = "name", description = "Cluster name", required = true)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Override
    public Object execute() {
        clusters.remove(name);
        System.out.println("Removed cluster " + name);
        return null;
    }
}
