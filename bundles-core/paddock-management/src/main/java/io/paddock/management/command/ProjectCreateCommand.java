package io.paddock.management.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.paddock.api.project.ProjectService;

@Service
@Command(scope = "paddock", name = "project-create", description = "Create a project (a named group of namespaces) in a cluster.")
public class ProjectCreateCommand implements Action {

    @Reference
    ProjectService projects;

    @Argument(index = 0, name = "cluster", description = "Cluster name", required = true)
    @Completion(ClusterNameCompleter.class)
    String cluster;

    @Argument(index = 1, name = "project", description = "Project name: lower-case letters, digits and '-'", required = true)
    String project;

    @Option(name = "-d", aliases = "--display-name", description = "Name shown in lists (default: the name)")
    String displayName;

    @Option(name = "--description", description = "Free text")
    String description;

    @Override
    public Object execute() {
        projects.create(cluster, project, displayName, description);
        System.out.println("Created project " + project + " in cluster " + cluster);
        return null;
    }
}
