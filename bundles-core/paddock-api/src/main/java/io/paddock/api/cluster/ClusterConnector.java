package io.paddock.api.cluster;

import org.osgi.annotation.versioning.ProviderType;

/** Reaches a managed cluster's API server on behalf of Paddock users (the proxy). */
@ProviderType
public interface ClusterConnector {

    /**
     * A connection as Paddock's impersonator identity in the cluster.
     *
     * @throws ClusterException reason {@code NotFound} for an unknown cluster, {@code Unreachable}
     *                          when no credentials can be had now
     */
    ClusterConnection connect(String cluster);
}
