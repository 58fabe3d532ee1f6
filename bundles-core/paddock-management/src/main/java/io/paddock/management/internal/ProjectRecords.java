package io.paddock.management.internal;

import java.util.Map;

import io.paddock.api.project.NamespaceQuota;
import io.paddock.api.project.Project;
import io.paddock.api.store.RecordContent;
import io.paddock.api.store.StoreRecord;

/** Projects in the store: a {@code project} record named {@code <cluster>/<project>}, labelled with its cluster. */
final class ProjectRecords {

    static final String PROJECT_KIND = "project";

    /** The data document of a project record. */
    record ProjectData(String displayName, String description, NamespaceQuota quota) {
    }

    private ProjectRecords() {
    }

    static String recordName(String cluster, String project) {
        return cluster + "/" + project;
    }

    static RecordContent content(String cluster, ProjectData data) {
        return new RecordContent(Map.of(ClusterRecords.CLUSTER_LABEL, cluster), ClusterRecords.write(data), Map.of());
    }

    static Project project(StoreRecord record) {
        int slash = record.name().indexOf('/');
        ProjectData data = ClusterRecords.read(record.data(), ProjectData.class);
        return new Project(record.name().substring(0, slash), record.name().substring(slash + 1), record.resourceVersion(),
            data.displayName(), data.description(), data.quota(), record.createdAt());
    }
}
