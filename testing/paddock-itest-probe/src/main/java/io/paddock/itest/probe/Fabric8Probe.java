package io.paddock.itest.probe;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.paddock.kube.KubeClientFactory;

/**
 * Reports, from inside the container, what the integration test cannot see from outside: which
 * classes fabric8 deserializes generic YAML into (typed model classes only when SPI Fly registered
 * the model bundles) and which HTTP client the clients use. One "key: value" line per fact.
 */
@Service
@Command(scope = "paddock-itest", name = "fabric8", description = "Report fabric8 deserialization and transport inside the container")
public class Fabric8Probe implements Action {

    private static final String UNREACHABLE_KUBECONFIG = """
        apiVersion: v1
        kind: Config
        current-context: probe
        clusters: [{name: probe, cluster: {server: "https://127.0.0.1:9"}}]
        contexts: [{name: probe, context: {cluster: probe, user: probe}}]
        users: [{name: probe, user: {token: probe-token}}]
        """;

    @Reference
    KubeClientFactory factory;

    @Option(name = "--kubeconfig", description = "kubeconfig of a reachable cluster; without it the client is only built")
    String kubeconfig;

    @Override
    public Object execute() throws Exception {
        String document = kubeconfig == null ? UNREACHABLE_KUBECONFIG : Files.readString(Path.of(kubeconfig));
        try (KubernetesClient client = factory.create(document, null)) {
            System.out.println("http-client: " + client.getHttpClient().getClass().getName());
            print(client, "v1", "Pod");
            print(client, "apps/v1", "Deployment");
            print(client, "rbac.authorization.k8s.io/v1", "ClusterRole");
            if (kubeconfig != null) {
                System.out.println("server-version: " + client.getKubernetesVersion().getGitVersion());
                for (Namespace ns : client.namespaces().list().getItems()) {
                    System.out.println("namespace: " + ns.getMetadata().getName() + " " + ns.getClass().getName());
                }
            }
        }
        return null;
    }

    private static void print(KubernetesClient client, String apiVersion, String kind) {
        String yaml = "apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata:\n  name: probe\n";
        KubernetesResource resource = client.getKubernetesSerialization().unmarshal(yaml);
        System.out.println("deserialized: " + apiVersion + "/" + kind + " -> " + resource.getClass().getName());
    }
}
