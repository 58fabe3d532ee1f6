package io.paddock.api.project;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.paddock.api.store.ListQuery;
import io.paddock.api.store.Page;

/**
 * Projects of managed clusters. Errors: {@link IllegalArgumentException} for bad input,
 * {@link io.paddock.api.cluster.ClusterException} (reasons {@code NotFound}, {@code AlreadyExists},
 * {@code Unreachable}, ...) for the rest, with messages meant for users.
 */
@ProviderType
public interface ProjectService {

    Project create(String cluster, String name, String displayName, String description);

    Optional<Project> get(String cluster, String name);

    /** Projects of one cluster, sorted by name. */
    List<Project> list(String cluster);

    /** One page of the cluster's projects; a name prefix in the query applies to project names. */
    Page<Project> list(String cluster, ListQuery query);

    /** Sets the limits of every namespace of the project; applied downstream by the project loop. */
    Project setQuota(String cluster, String name, NamespaceQuota quota);

    /** Deletes the project; its namespaces stay, without project label, quota or limits. */
    void delete(String cluster, String name);

    /** Names of the namespaces in the project, read from the cluster. */
    List<String> namespaces(String cluster, String project);

    /**
     * The project a namespace belongs to; empty when it exists in no project.
     *
     * @throws io.paddock.api.cluster.ClusterException reason {@code NotFound} when the namespace does not exist
     */
    Optional<String> projectOf(String cluster, String namespace);

    /**
     * Puts a namespace into the project, creating it when missing; a namespace of another project
     * moves.
     */
    void addNamespace(String cluster, String project, String namespace);

    /** Takes a namespace out of the project; the namespace itself stays. */
    void removeNamespace(String cluster, String project, String namespace);
}
