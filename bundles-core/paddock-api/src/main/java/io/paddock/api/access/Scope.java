package io.paddock.api.access;

import io.paddock.api.cluster.ResourceNames;

/**
 * Where a binding or a permission check applies: everywhere ({@link #GLOBAL}), one cluster, or one
 * project of a cluster.
 */
public record Scope(String cluster, String project) {

    public static final Scope GLOBAL = new Scope(null, null);

    public Scope {
        if (cluster == null && project != null) {
            throw new IllegalArgumentException("a project scope needs its cluster");
        }
        if (cluster != null) {
            ResourceNames.requireDns1123Label("cluster", cluster);
        }
        if (project != null) {
            ResourceNames.requireDns1123Label("project", project);
        }
    }

    public static Scope cluster(String cluster) {
        return new Scope(cluster, null);
    }

    public static Scope project(String cluster, String project) {
        return new Scope(cluster, project);
    }

    public boolean isGlobal() {
        return cluster == null;
    }

    public boolean isCluster() {
        return cluster != null && project == null;
    }

    public boolean isProject() {
        return project != null;
    }

    @Override
    public String toString() {
        return isGlobal() ? "global" : isCluster() ? "cluster " + cluster : "project " + cluster + "/" + project;
    }
}
