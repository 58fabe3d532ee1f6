package io.paddock.management.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.paddock.api.cluster.Cluster;
import io.paddock.api.cluster.ClusterNode;
import io.paddock.api.cluster.ClusterSpec;
import io.paddock.api.cluster.ClusterState;
import io.paddock.api.cluster.ClusterStatus;
import io.paddock.api.store.ConflictException;
import io.paddock.api.store.ListPage;
import io.paddock.api.store.ListQuery;
import io.paddock.api.store.NotFoundException;
import io.paddock.api.store.RecordContent;
import io.paddock.api.store.Store;
import io.paddock.api.store.StoreRecord;

/**
 * How clusters and their nodes are kept in the store: a {@code cluster} record per cluster (spec,
 * status and kubeconfig context as data, the kubeconfig itself as an encrypted secret) and a
 * {@code node} record per node, named {@code <cluster>/<node>} and labelled with the cluster.
 */
final class ClusterRecords {

    static final String CLUSTER_KIND = "cluster";
    static final String NODE_KIND = "node";
    static final String CLUSTER_LABEL = "paddock.io/cluster";
    static final String PROVIDER_LABEL = "paddock.io/provider";
    static final String KUBECONFIG_SECRET = "kubeconfig";

    private static final int WRITE_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRecords.class);

    private static final ObjectMapper JSON = new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The data document of a cluster record.
     *
     * @param kubeconfigRevision counts the kubeconfigs a provider stored for a cluster it created (0: none yet), so that
     *                           watchers see from the change feed, which carries no secrets, when to reconnect
     */
    record ClusterData(ClusterSpec spec, ClusterStatus status, String context, int kubeconfigRevision) {

        ClusterData(ClusterSpec spec, ClusterStatus status, String context) {
            this(spec, status, context, 0);
        }
    }

    private ClusterRecords() {
    }

    static RecordContent clusterContent(ClusterData data, String kubeconfig) {
        return clusterContent(data, Map.of(KUBECONFIG_SECRET, kubeconfig));
    }

    static RecordContent clusterContent(ClusterData data, Map<String, String> secrets) {
        return new RecordContent(Map.of(PROVIDER_LABEL, data.spec().provider()), write(data), secrets);
    }

    static ClusterData clusterData(String json) {
        return read(json, ClusterData.class);
    }

    static Cluster cluster(StoreRecord record) {
        ClusterData data = clusterData(record.data());
        return new Cluster(record.name(), record.resourceVersion(), data.spec(), data.status(), record.createdAt());
    }

    /** The same record content with another status; secrets and context unchanged. */
    static RecordContent withStatus(StoreRecord record, ClusterStatus status) {
        ClusterData data = clusterData(record.data());
        return record.content().withData(write(new ClusterData(data.spec(), status, data.context(), data.kubeconfigRevision())));
    }

    /** The same record content with another spec; status, secrets and context unchanged. */
    static RecordContent withSpec(StoreRecord record, ClusterSpec spec) {
        ClusterData data = clusterData(record.data());
        return record.content().withData(write(new ClusterData(spec, data.status(), data.context(), data.kubeconfigRevision())));
    }

    /**
     * The same record content with a new kubeconfig and status; the revision moves only when the kubeconfig
     * differs, so that watchers reconnect only then.
     */
    static RecordContent withKubeconfig(StoreRecord record, String kubeconfig, ClusterStatus status) {
        ClusterData data = clusterData(record.data());
        boolean changed = !kubeconfig.equals(record.secrets().get(KUBECONFIG_SECRET));
        Map<String, String> secrets = new HashMap<>(record.secrets());
        secrets.put(KUBECONFIG_SECRET, kubeconfig);
        return record.content().withSecrets(secrets).withData(write(new ClusterData(data.spec(), status, data.context(),
            data.kubeconfigRevision() + (changed ? 1 : 0))));
    }

    /**
     * Reads the cluster, changes it and writes it back with the version read; when another write came
     * first, reads again and repeats. Nothing is written when {@code change} returns the content unchanged.
     *
     * @return the record as written (or as read, when unchanged); empty when there is no such cluster
     * @throws ConflictException when every attempt met a concurrent write
     */
    static Optional<StoreRecord> rewrite(Store store, String name, Function<StoreRecord, RecordContent> change) {
        for (int attempt = 1; ; attempt++) {
            Optional<StoreRecord> record = store.get(CLUSTER_KIND, name);
            if (record.isEmpty()) {
                return record;
            }
            RecordContent next = change.apply(record.get());
            if (next.equals(record.get().content())) {
                return record;
            }
            try {
                return Optional.of(store.update(CLUSTER_KIND, name, record.get().resourceVersion(), next));
            } catch (ConflictException concurrentWrite) {
                if (attempt == WRITE_ATTEMPTS) {
                    throw concurrentWrite;
                }
            } catch (NotFoundException removed) {
                return Optional.empty();
            }
        }
    }

    /**
     * {@link #rewrite} of the cluster's status alone; a state change is logged.
     *
     * @return the record as written or read; empty when there is no such cluster
     */
    static Optional<StoreRecord> rewriteStatus(Store store, String name, UnaryOperator<ClusterStatus> change) {
        ClusterState[] before = new ClusterState[1];
        Optional<StoreRecord> written = rewrite(store, name, record -> {
            ClusterStatus current = clusterData(record.data()).status();
            ClusterStatus next = change.apply(current);
            before[0] = current.state();
            return next.equals(current) ? record.content() : withStatus(record, next);
        });
        written.map(r -> clusterData(r.data()).status().state()).filter(state -> state != before[0])
            .ifPresent(state -> LOG.info("Cluster '{}' is {}", name, state));
        return written;
    }

    static String nodeRecordName(String cluster, String node) {
        return cluster + "/" + node;
    }

    static RecordContent nodeContent(String cluster, ClusterNode node) {
        return new RecordContent(Map.of(CLUSTER_LABEL, cluster), write(node), Map.of());
    }

    static ClusterNode node(StoreRecord record) {
        return read(record.data(), ClusterNode.class);
    }

    /**
     * The query limited to records of one cluster, its name prefix applying to {@code <name>}. The
     * records are named {@code <cluster>/<name>}, so the name prefix alone selects the cluster, which
     * the database answers from its name index and stops at the page's end; a label condition would
     * make it examine every record of the kind first.
     */
    static ListQuery withinCluster(String cluster, ListQuery query) {
        return query.withNamePrefix(cluster + "/" + query.namePrefix());
    }

    /** Every record of {@code kind} with {@code labels}, page by page, sorted by name. */
    static List<StoreRecord> listAll(Store store, String kind, Map<String, String> labels) {
        List<StoreRecord> records = new ArrayList<>();
        ListQuery query = ListQuery.all().withLabels(labels).withLimit(ListQuery.MAX_LIMIT);
        ListPage page = store.list(kind, query);
        records.addAll(page.items());
        while (page.hasMore()) {
            page = store.list(kind, query.continueFrom(page.continueToken()));
            records.addAll(page.items());
        }
        return records;
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
