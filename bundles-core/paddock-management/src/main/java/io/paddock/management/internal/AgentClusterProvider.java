package io.paddock.management.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.access.KubeconfigService;
import io.paddock.api.cluster.AgentRegistrations;
import io.paddock.api.cluster.AgentTunnels;
import io.paddock.api.cluster.Cluster;
import io.paddock.api.cluster.ClusterException;
import io.paddock.api.cluster.ClusterProvider;
import io.paddock.api.cluster.ClusterSpec;
import io.paddock.api.cluster.ClusterState;
import io.paddock.api.cluster.ClusterStatus;
import io.paddock.api.cluster.Condition;
import io.paddock.api.cluster.DirectAccess;
import io.paddock.api.cluster.ConfigField;
import io.paddock.api.cluster.ResourceNames;
import io.paddock.api.config.Settings;
import io.paddock.api.store.ConflictException;
import io.paddock.api.store.StoreRecord;
import io.paddock.api.store.Store;

/**
 * Clusters behind NAT or a firewall: Paddock never dials them. The user applies a manifest in the
 * cluster; its agent dials out to Paddock with the cluster's registration token, and Paddock
 * reaches the API server through that tunnel. The token is kept encrypted with the cluster (so the
 * manifest can be downloaded again) and compared in constant time.
 */
@Component(service = {ClusterProvider.class, AgentRegistrations.class}, configurationPid = AgentClusterProvider.PID)
public class AgentClusterProvider implements ClusterProvider, AgentRegistrations {

    static final String ID = "agent";
    static final String PID = "io.paddock.agent";
    static final String IMAGE = "agent.image";
    static final String TOKEN_SECRET = "registrationToken";
    private static final String DEFAULT_IMAGE = "paddock/agent:0.1.0";
    private static final String DISPLAY_NAME = "displayName";
    private static final String DESCRIPTION = "description";
    private static final int WRITE_ATTEMPTS = 5;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(AgentClusterProvider.class);

    private final Store store;
    private final KubeconfigService endpoint;
    private final String image;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AgentTunnels tunnels;

    @Activate
    public AgentClusterProvider(@Reference Store store, @Reference KubeconfigService endpoint, Map<String, Object> properties) {
        this.store = store;
        this.endpoint = endpoint;
        this.image = new Settings(PID, properties).string(IMAGE, DEFAULT_IMAGE);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Import a cluster through an agent it runs";
    }

    @Override
    public List<ConfigField> configSchema() {
        return List.of(
            new ConfigField(DISPLAY_NAME, "Display name", ConfigField.Type.STRING, false, "Shown in lists"),
            new ConfigField(DESCRIPTION, "Description", ConfigField.Type.TEXT, false, "Free text"));
    }

    @Override
    public Cluster register(String name, Map<String, String> config) {
        ResourceNames.requireDns1123Label("cluster", name);
        for (String key : config.keySet()) {
            if (configSchema().stream().noneMatch(field -> field.name().equals(key))) {
                throw new IllegalArgumentException("unknown field '" + key + "' for provider " + ID);
            }
        }
        ClusterSpec spec = new ClusterSpec(config.get(DISPLAY_NAME), config.get(DESCRIPTION), ID, DirectAccess.DISABLED);
        ClusterStatus waiting = ClusterStatus.pending(null, null).withReachability(ClusterState.PENDING, List.of(new Condition(
            Condition.AGENT_CONNECTED, false, "AgentNotConnected", "apply the agent manifest in the cluster", Instant.now())),
            null, null);
        try {
            StoreRecord record = store.create(ClusterRecords.CLUSTER_KIND, name, ClusterRecords.clusterContent(
                new ClusterRecords.ClusterData(spec, waiting, null), Map.of(TOKEN_SECRET, newToken())));
            LOG.info("Registered cluster '{}'; waiting for its agent", name);
            return ClusterRecords.cluster(record);
        } catch (ConflictException e) {
            throw new ClusterException("AlreadyExists", "a cluster named '" + name + "' already exists; choose another name or"
                + " remove it first");
        }
    }

    @Override
    public Optional<String> clusterOf(String registrationToken) {
        if (registrationToken == null || registrationToken.isBlank()) {
            return Optional.empty();
        }
        byte[] presented = registrationToken.getBytes(StandardCharsets.UTF_8);
        return ClusterRecords.listAll(store, ClusterRecords.CLUSTER_KIND, Map.of(ClusterRecords.PROVIDER_LABEL, ID)).stream()
            .filter(record -> MessageDigest.isEqual(presented, token(record).getBytes(StandardCharsets.UTF_8)))
            .map(StoreRecord::name).findFirst();
    }

    @Override
    public String manifest(String cluster, String host) {
        String server = endpoint.serverUrl(host);
        return AgentManifest.of(image, server, caChecksum(endpoint.certificateAuthority()), token(agentCluster(cluster)));
    }

    @Override
    public String manifestUrl(String cluster, String host) {
        return endpoint.serverUrl(host) + "/tunnel/import/" + token(agentCluster(cluster)) + ".yaml";
    }

    @Override
    public void rotateToken(String cluster) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            StoreRecord record = agentCluster(cluster);
            try {
                store.update(ClusterRecords.CLUSTER_KIND, cluster, record.resourceVersion(),
                    record.content().withSecrets(Map.of(TOKEN_SECRET, newToken())));
                LOG.info("Cluster '{}': registration token rotated; its agents must get the new manifest", cluster);
                AgentTunnels connected = tunnels;
                if (connected != null) {
                    connected.disconnect(cluster);
                }
                return;
            } catch (ConflictException concurrentWrite) {
                // the monitor wrote the status meanwhile: rotate on its version
            }
        }
        throw new ClusterException("Conflict", "cluster '" + cluster + "' changes too often to rotate its token now; try again");
    }

    private StoreRecord agentCluster(String cluster) {
        StoreRecord record = store.get(ClusterRecords.CLUSTER_KIND, cluster)
            .orElseThrow(() -> new ClusterException("NotFound", "no cluster named '" + cluster + "'"));
        if (!ID.equals(record.labels().get(ClusterRecords.PROVIDER_LABEL))) {
            throw new IllegalArgumentException("cluster '" + cluster + "' was not registered through an agent");
        }
        return record;
    }

    private static String token(StoreRecord record) {
        return record.secrets().getOrDefault(TOKEN_SECRET, "");
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "pdr_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of the CA certificate (DER), which agents pin. */
    static String caChecksum(String caPem) {
        try {
            byte[] der = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))).getEncoded();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (GeneralSecurityException e) {
            throw new ClusterException("TlsUnavailable", "Paddock's CA certificate cannot be read: " + e.getMessage());
        }
    }
}
