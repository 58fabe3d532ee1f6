package io.paddock.management.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.paddock.api.access.AccessControl;
import io.paddock.api.access.Scope;
import io.paddock.api.cluster.Cluster;
import io.paddock.api.cluster.ClusterException;
import io.paddock.api.cluster.ClusterImport;
import io.paddock.api.cluster.ClusterNode;
import io.paddock.api.cluster.ClusterService;
import io.paddock.api.cluster.ClusterSpec;
import io.paddock.api.cluster.ClusterStatus;
import io.paddock.api.cluster.DirectAccess;
import io.paddock.api.cluster.ResourceNames;
import io.paddock.api.store.ConflictException;
import io.paddock.api.store.NotFoundException;
import io.paddock.api.store.ListQuery;
import io.paddock.api.store.Page;
import io.paddock.api.store.Store;
import io.paddock.api.store.StoreRecord;
import io.paddock.kube.KubeClientFactory;
import io.paddock.kube.KubeFailure;

/** Registers clusters after checking they answer, and reads them back from the store. */
@Component(service = ClusterService.class)
public class ClusterServiceImpl implements ClusterService {

    static final String IMPORT_PROVIDER = "import";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterServiceImpl.class);

    private final Store store;
    private final KubeClientFactory clients;
    private final AccessControl access;

    @Activate
    public ClusterServiceImpl(@Reference Store store, @Reference KubeClientFactory clients, @Reference AccessControl access) {
        this.store = store;
        this.clients = clients;
        this.access = access;
    }

    @Override
    public Cluster importCluster(ClusterImport request) {
        if (store.get(ClusterRecords.CLUSTER_KIND, request.name()).isPresent()) {
            throw alreadyExists(request.name());
        }
        ClusterStatus status;
        try (KubernetesClient client = clients.create(request.kubeconfig(), request.context())) {
            String version = client.getKubernetesVersion().getGitVersion();
            status = ClusterStatus.pending(client.getMasterUrl().toString(), version);
        } catch (KubernetesClientException e) {
            KubeFailure failure = KubeFailure.of(e);
            throw new ClusterException(failure.reason(), "cluster '" + request.name() + "' not imported: cannot talk to its API"
                + " server: " + failure.message());
        }
        ClusterSpec spec = new ClusterSpec(request.displayName(), request.description(), IMPORT_PROVIDER, DirectAccess.DISABLED);
        try {
            StoreRecord record = store.create(ClusterRecords.CLUSTER_KIND, request.name(), ClusterRecords.clusterContent(
                new ClusterRecords.ClusterData(spec, status, request.context()), request.kubeconfig()));
            LOG.info("Imported cluster '{}' ({}, {})", request.name(), status.apiEndpoint(), status.kubernetesVersion());
            return ClusterRecords.cluster(record);
        } catch (ConflictException e) {
            throw alreadyExists(request.name());
        }
    }

    static ClusterException alreadyExists(String name) {
        return new ClusterException("AlreadyExists", "a cluster named '" + name + "' already exists; choose another name or"
            + " remove it first");
    }

    @Override
    public Optional<Cluster> get(String name) {
        ResourceNames.requireDns1123Label("cluster", name);
        return store.get(ClusterRecords.CLUSTER_KIND, name).map(ClusterRecords::cluster);
    }

    @Override
    public List<Cluster> list() {
        return ClusterRecords.listAll(store, ClusterRecords.CLUSTER_KIND, Map.of()).stream().map(ClusterRecords::cluster).toList();
    }

    @Override
    public Page<Cluster> list(ListQuery query) {
        return Page.of(store.list(ClusterRecords.CLUSTER_KIND, query), ClusterRecords::cluster);
    }

    @Override
    public Page<ClusterNode> nodes(String cluster, ListQuery query) {
        requireExisting(cluster);
        return Page.of(store.list(ClusterRecords.NODE_KIND, ClusterRecords.withinCluster(cluster, query)), ClusterRecords::node);
    }

    @Override
    public List<ClusterNode> nodes(String cluster) {
        requireExisting(cluster);
        return ClusterRecords.listAll(store, ClusterRecords.NODE_KIND, Map.of(ClusterRecords.CLUSTER_LABEL, cluster)).stream()
            .map(ClusterRecords::node).toList();
    }

    @Override
    public Cluster setDirectAccess(String name, DirectAccess setting) {
        ResourceNames.requireDns1123Label("cluster", name);
        DirectAccess[] written = new DirectAccess[1];
        StoreRecord updated = ClusterRecords.rewrite(store, name, record -> {
            ClusterRecords.ClusterData data = ClusterRecords.clusterData(record.data());
            written[0] = completed(setting, data.spec().directAccess(), record, data.context());
            return ClusterRecords.withSpec(record, data.spec().withDirectAccess(written[0]));
        }).orElseThrow(() -> notFound(name));
        LOG.info("Cluster '{}': direct access {}", name, written[0].enabled() ? "enabled at " + written[0].server() : "disabled");
        return ClusterRecords.cluster(updated);
    }

    /** Server and CA go together: as given, else as set before, else from the stored kubeconfig. */
    private DirectAccess completed(DirectAccess requested, DirectAccess current, StoreRecord record, String context) {
        if (requested.server() != null) {
            requireCertificates(requested.certificateAuthority());
            return requested;
        }
        if (current.server() != null) {
            return new DirectAccess(requested.enabled(), current.server(), current.certificateAuthority());
        }
        String kubeconfig = record.secrets().get(ClusterRecords.KUBECONFIG_SECRET);
        if (kubeconfig == null) {
            throw new IllegalArgumentException("cluster '" + record.name() + "' is reached through its agent (or not created yet),"
                + " so Paddock knows no address of its API server that users could reach: give the server (and its"
                + " certificateAuthority)");
        }
        try (KubernetesClient client = clients.create(kubeconfig, context)) {
            String master = client.getConfiguration().getMasterUrl();
            String caData = client.getConfiguration().getCaCertData();
            String ca = caData == null || caData.isBlank() ? ""
                : new String(Base64.getMimeDecoder().decode(caData), StandardCharsets.US_ASCII);
            return new DirectAccess(requested.enabled(), master.endsWith("/") ? master.substring(0, master.length() - 1) : master,
                ca);
        }
    }

    private static void requireCertificates(String pem) {
        if (pem.isEmpty()) {
            return; // a publicly trusted certificate
        }
        try {
            if (CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).isEmpty()) {
                throw new CertificateException("no certificate");
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the certificate authority must be PEM certificates (-----BEGIN CERTIFICATE-----"
                + "); it could not be read: " + e.getMessage());
        }
    }

    @Override
    public void remove(String name) {
        requireExisting(name);
        access.removeScope(Scope.cluster(name));
        // dependents first: a crash in between leaves a cluster whose monitor refills its nodes, never orphans
        for (String kind : new String[] {ClusterRecords.NODE_KIND, ProjectRecords.PROJECT_KIND}) {
            for (StoreRecord dependent : ClusterRecords.listAll(store, kind, Map.of(ClusterRecords.CLUSTER_LABEL, name))) {
                deleteIfPresent(kind, dependent.name());
            }
        }
        try {
            store.delete(ClusterRecords.CLUSTER_KIND, name);
        } catch (NotFoundException e) {
            throw notFound(name);
        }
        LOG.info("Removed cluster '{}'", name);
    }

    private void requireExisting(String name) {
        if (get(name).isEmpty()) {
            throw notFound(name);
        }
    }

    static ClusterException notFound(String name) {
        return new ClusterException("NotFound", "no cluster named '" + name + "'");
    }

    private void deleteIfPresent(String kind, String name) {
        try {
            store.delete(kind, name);
        } catch (NotFoundException alreadyGone) {
            // removed concurrently by the cluster's monitor: the goal is reached
        }
    }
}
