package io.paddock.management.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.paddock.api.project.ProjectService;

@Service
@Command(scope = "paddock", name = "project-delete",
    description = "Delete a project. Its namespaces stay, without project label, quota or default limits.")
public class ProjectDeleteCommand implements Action {

    @Reference
    ProjectService projects;

    @Argument(index = 0, name = "cluster", description = "Cluster name", required = true)
    @Completion(ClusterNameCompleter.class)
    String cluster;

    @Argument(index = 1, name = "project", description = "Project name", required = true)
    @Completion(ProjectNameCompleter.class)
    String project;

    @Override
    public Object execute() {
        projects.delete(cluster, project);
        System.out.println("Deleted project " + project + " of cluster " + cluster);
        return null;
    }
}
