package io.paddock.api.cluster;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.paddock.api.store.ListQuery;
import io.paddock.api.store.Page;

/**
 * Registering, reading and removing managed clusters; shared by the shell, the REST API and the
 * console. Errors are {@link IllegalArgumentException} for bad input and
 * {@link ClusterException} for everything else, with messages meant for users.
 */
@ProviderType
public interface ClusterService {

    /**
     * Registers an existing cluster after checking that its API server answers with these
     * credentials. Nothing is stored when the check fails.
     */
    Cluster importCluster(ClusterImport request);

    Optional<Cluster> get(String name);

    /** All clusters, sorted by name. */
    List<Cluster> list();

    /** One page of clusters, filtered and sorted as the query says. */
    Page<Cluster> list(ListQuery query);

    /** The cluster's nodes as last synced, sorted by name. */
    List<ClusterNode> nodes(String cluster);

    /** One page of the cluster's nodes; a name prefix in the query applies to node names. */
    Page<ClusterNode> nodes(String cluster, ListQuery query);

    /**
     * Turns direct access (the authorized cluster endpoint) on or off. Enabling takes server and CA
     * as given, else as set before, else from the cluster's stored kubeconfig. Turning it off removes
     * Paddock's mirrored tokens from the cluster, which then refuses them.
     */
    Cluster setDirectAccess(String name, DirectAccess setting);

    /** Forgets the cluster; an imported cluster itself is not touched. */
    void remove(String name);
}
