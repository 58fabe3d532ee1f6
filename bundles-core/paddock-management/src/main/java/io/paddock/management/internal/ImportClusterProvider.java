package io.paddock.management.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.paddock.api.cluster.Cluster;
import io.paddock.api.cluster.ClusterImport;
import io.paddock.api.cluster.ClusterProvider;
import io.paddock.api.cluster.ClusterService;
import io.paddock.api.cluster.ConfigField;

/** The first provider: an existing cluster, reached with a kubeconfig whose credentials Paddock keeps encrypted. */
@Component(service = ClusterProvider.class)
public class ImportClusterProvider implements ClusterProvider {

    static final String KUBECONFIG = "kubeconfig";
    static final String CONTEXT = "context";
    static final String DISPLAY_NAME = "displayName";
    static final String DESCRIPTION = "description";

    private final ClusterService clusters;

    @Activate
    public ImportClusterProvider(@Reference ClusterService clusters) {
        this.clusters = clusters;
    }

    @Override
    public String id() {
        return ClusterServiceImpl.IMPORT_PROVIDER;
    }

    @Override
    public String displayName() {
        return "Import an existing cluster";
    }

    @Override
    public List<ConfigField> configSchema() {
        return List.of(
            new ConfigField(KUBECONFIG, "Kubeconfig", ConfigField.Type.SECRET_TEXT, true,
                "A kubeconfig with its credentials inline (no exec plugins, no file references); checked before it is saved"),
            new ConfigField(CONTEXT, "Context", ConfigField.Type.STRING, false, "Context of the kubeconfig; default: its current one"),
            new ConfigField(DISPLAY_NAME, "Display name", ConfigField.Type.STRING, false, "Shown in lists"),
            new ConfigField(DESCRIPTION, "Description", ConfigField.Type.TEXT, false, "Free text"));
    }

    @Override
    public Cluster register(String name, Map<String, String> config) {
        String kubeconfig = config.get(KUBECONFIG);
        if (kubeconfig == null || kubeconfig.isBlank()) {
            throw new IllegalArgumentException("the field '" + KUBECONFIG + "' is required");
        }
        for (String key : config.keySet()) {
            if (configSchema().stream().noneMatch(field -> field.name().equals(key))) {
                throw new IllegalArgumentException("unknown field '" + key + "' for provider " + id());
            }
        }
        return clusters.importCluster(new ClusterImport(name, config.get(DISPLAY_NAME), config.get(DESCRIPTION), kubeconfig,
            config.get(CONTEXT)));
    }
}
