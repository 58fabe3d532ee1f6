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
@Command(scope = "paddock", name = "project-namespace",
    description = "Put a namespace into a project (created when missing; moved when in another project), or take it out with --remove.")
public class ProjectNamespaceCommand implements Action {

    @Reference
    ProjectService projects;

    @Option(name = "-r", aliases = "--remove", description = "Take the namespace out of the project; the namespace stays")
    boolean remove;

    @Argument(index = 0, name = "cluster", description = "Cluster name", required = true)
    @Completion(ClusterNameCompleter.class)
    String cluster;

    @Argument(index = 1, name = "project", description = "Project name", required = true)
    @Completion(ProjectNameCompleter.class)
    String project;

    @Argument(index = 2, name = "namespace", description = "Namespace name", required = true)
    String namespace;

    @Override
    public Object execute() {
        if (remove) {
            projects.removeNamespace(cluster, project, namespace);
            System.out.println("Namespace " + namespace + " is no longer in project " + project);
        } else {
            projects.addNamespace(cluster, project, namespace);
            System.out.println("Namespace " + namespace + " is in project " + project);
        }
        return null;
    }
}
