package io.paddock.management.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.paddock.api.cluster.Cluster;
import io.paddock.api.cluster.ClusterService;
import io.paddock.api.cluster.DirectAccess;

@Service
@Command(scope = "paddock", name = "cluster-direct-access",
    description = "Let users reach a cluster's API server directly with their Paddock tokens, also while Paddock is down.",
    detailedDescription = "Paddock then mirrors its users' API token hashes into the cluster's paddock-system namespace for"
        + " the token webhook (agent/token-webhook) that the cluster's kube-apiserver must call, and kubeconfigs gain a context"
        + " <cluster>-direct. Without --server, the API server and CA come from the setting made before, else from the"
        + " cluster's kubeconfig. --disable removes the mirrored tokens, so the cluster refuses them.")
public class ClusterDirectAccessCommand implements Action {

    @Reference
    ClusterService clusters;

    @Argument(index = 0, name = "cluster", description = "Cluster name", required = true)
    @Completion(ClusterNameCompleter.class)
    String cluster;

    @Option(name = "--disable", description = "Turn direct access off")
    boolean disable;

    @Option(name = "--server", description = "HTTPS URL of the API server as users reach it, e.g. a load balancer")
    String server;

    @Option(name = "--ca-file", description = "PEM file of the CA that signed the API server's certificate (with --server;"
        + " leave out for a publicly trusted certificate)")
    @Completion(FileCompleter.class)
    String caFile;

    @Override
    public Object execute() throws IOException {
        if (caFile != null && server == null) {
            throw new IllegalArgumentException("--ca-file goes with --server");
        }
        String ca = null;
        if (caFile != null) {
            Path file = Path.of(caFile);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("CA file '" + caFile + "' does not exist");
            }
            ca = Files.readString(file);
        }
        Cluster updated = clusters.setDirectAccess(cluster, new DirectAccess(!disable, server, ca));
        DirectAccess setting = updated.spec().directAccess();
        System.out.println(setting.enabled()
            ? "Direct access to cluster " + cluster + " enabled at " + setting.server() + "; its kube-apiserver must call the"
                + " token webhook (docs/access.md)"
            : "Direct access to cluster " + cluster + " disabled; its mirrored tokens are being removed");
        return null;
    }
}
