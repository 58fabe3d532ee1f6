package io.paddock.api.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way clusters come to Paddock: registering an existing one (import, agent) or creating one
 * (provider bundles such as {@code cluster-local}). Registered as an OSGi service; the shell and the
 * console list the providers and render each one's {@link #configSchema()} as a form, and offer only
 * the operations its {@link #capabilities()} name.
 *
 * <p>Paddock's core runs the long operations ({@link #create}, {@link #update}, {@link #upgrade},
 * {@link #snapshot}, {@link #restore}, {@link #delete}) on its own threads, one at a time per cluster,
 * and shows the steps they report in the cluster's status; a provider only does the work. Errors:
 * {@link IllegalArgumentException} naming the field for bad input, {@link ClusterException} for the
 * rest, with messages meant for users (a failed component's log excerpt included).
 */
@ConsumerType
public interface ClusterProvider {

    /** Short id stored with each cluster it registered, e.g. {@code import}. */
    String id();

    String displayName();

    /** The fields {@link #register} or {@link #create} takes. */
    List<ConfigField> configSchema();

    /** What this provider does; registering providers answer {@link ProviderCapability#REGISTER} only. */
    default Set<ProviderCapability> capabilities() {
        return Set.of(ProviderCapability.REGISTER);
    }

    /** Registers an existing cluster from a filled form, at once. */
    default Cluster register(String name, Map<String, String> config) {
        throw unsupported("registering existing clusters");
    }

    /** Kubernetes versions it can create and upgrade to, oldest first. */
    default List<String> kubernetesVersions() {
        return List.of();
    }

    /** The fields {@link #update} takes (e.g. node counts); their current values come from {@link #describe}. */
    default List<ConfigField> updateSchema() {
        return List.of();
    }

    /**
     * Checks a form for {@link #create} before anything is stored or started, quickly: fields, the
     * version's availability, free ports.
     */
    default void validate(String name, Map<String, String> config) {
        throw unsupported("creating clusters");
    }

    /** Creates the cluster and returns once it serves. Called after {@link #validate} passed. */
    default ProvisionedCluster create(String name, Map<String, String> config, OperationProgress progress) {
        throw unsupported("creating clusters");
    }

    /**
     * What the provider knows of a cluster it created, beyond Paddock's own status: settings, processes or
     * machines, endpoints. Values are strings, numbers, booleans, lists and maps of those.
     */
    default Map<String, Object> describe(String name) {
        throw unsupported("describing clusters");
    }

    /** Applies changed fields of {@link #updateSchema()}; fields not given stay as they are. */
    default ProvisionedCluster update(String name, Map<String, String> changes, OperationProgress progress) {
        throw unsupported("changing clusters");
    }

    /** Moves the cluster to {@code kubernetesVersion}, keeping its data. */
    default ProvisionedCluster upgrade(String name, String kubernetesVersion, OperationProgress progress) {
        throw unsupported("upgrading clusters");
    }

    default ClusterSnapshot snapshot(String name, OperationProgress progress) {
        throw unsupported("snapshots");
    }

    /** Snapshots of the cluster, oldest first. */
    default List<ClusterSnapshot> snapshots(String name) {
        throw unsupported("snapshots");
    }

    /** Puts the cluster back to {@code snapshot}; what changed since is lost. */
    default ProvisionedCluster restore(String name, String snapshot, OperationProgress progress) {
        throw unsupported("restoring snapshots");
    }

    /** Deletes the cluster with everything the provider made for it. Deleting a cluster that is gone succeeds. */
    default void delete(String name, OperationProgress progress) {
        throw unsupported("deleting clusters");
    }

    private ClusterException unsupported(String what) {
        return new ClusterException("NotSupported", "the cluster provider '" + id() + "' does not support " + what);
    }
}
