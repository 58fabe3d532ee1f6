package io.paddock.management.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.paddock.api.cluster.Cluster;
import io.paddock.api.cluster.ClusterImport;
import io.paddock.api.cluster.ClusterService;
import io.paddock.kube.KubeconfigFiles;

@Service
@Command(scope = "paddock", name = "cluster-import", description = "Register an existing cluster from a kubeconfig file.",
    detailedDescription = "Checks that the cluster's API server answers with the kubeconfig's credentials, then stores the"
        + " cluster (credentials encrypted). The kubeconfig must be self-contained: credentials inline, no exec plugins or"
        + " file references (kubectl config view --minify --flatten gives one).")
public class ClusterImportCommand implements Action {

    @Reference
    ClusterService clusters;

    @Argument(index = 0, name = "name", description = "Name in Paddock: lower-case letters, digits and '-'", required = true)
    String name;

    @Option(name = "-k", aliases = "--kubeconfig", description = "Path of the kubeconfig file", required = true)
    @Completion(FileCompleter.class)
    String kubeconfig;

    @Option(name = "-c", aliases = "--context", description = "Context to use (default: the kubeconfig's current context)")
    String context;

    @Option(name = "-d", aliases = "--display-name", description = "Name shown in lists (default: the name)")
    String displayName;

    @Option(name = "--description", description = "Free text")
    String description;

    @Override
    public Object execute() {
        Cluster cluster = clusters.importCluster(new ClusterImport(name, displayName, description,
            KubeconfigFiles.read(kubeconfig), context));
        System.out.println("Imported cluster " + cluster.name() + " (" + cluster.status().kubernetesVersion() + ", "
            + cluster.status().apiEndpoint() + ")");
        return null;
    }
}
