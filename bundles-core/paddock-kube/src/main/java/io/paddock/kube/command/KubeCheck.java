package io.paddock.kube.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.table.ShellTable;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.paddock.kube.KubeClientFactory;
import io.paddock.kube.KubeFailure;
import io.paddock.kube.KubeconfigFiles;

@Service
@Command(scope = "paddock", name = "kube-check",
    description = "Connect to a Kubernetes API server with a kubeconfig and report its version, nodes and namespaces.",
    detailedDescription = "Reads a self-contained kubeconfig (credentials inline; no exec plugins or file references),"
        + " builds a client the way Paddock builds one for a managed cluster, and calls the API server. Use it to check"
        + " that Paddock can reach a cluster before importing it.")
public class KubeCheck implements Action {

    @Reference
    KubeClientFactory clients;

    @Option(name = "-k", aliases = "--kubeconfig", description = "Path of the kubeconfig file", required = true)
    @Completion(FileCompleter.class)
    String kubeconfig;

    @Option(name = "-c", aliases = "--context", description = "Context to use (default: the kubeconfig's current context)")
    String context;

    @Override
    public Object execute() {
        String document = KubeconfigFiles.read(kubeconfig);
        try (KubernetesClient client = clients.create(document, context)) {
            String version = client.getKubernetesVersion().getGitVersion();
            int nodes = client.nodes().list().getItems().size();
            int namespaces = client.namespaces().list().getItems().size();
            ShellTable table = new ShellTable().noHeaders();
            table.column("key");
            table.column("value");
            table.addRow().addContent("Server", client.getMasterUrl());
            table.addRow().addContent("Version", version);
            table.addRow().addContent("Transport", clients.transport() + " (" + client.getHttpClient().getClass().getName() + ")");
            table.addRow().addContent("Nodes", nodes);
            table.addRow().addContent("Namespaces", namespaces);
            table.print(System.out);
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("cannot talk to the API server: " + KubeFailure.of(e).message());
        }
        return null;
    }
}
