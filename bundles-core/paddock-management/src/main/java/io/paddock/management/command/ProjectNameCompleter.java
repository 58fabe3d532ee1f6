package io.paddock.management.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.paddock.api.cluster.ClusterException;
import io.paddock.api.project.Project;
import io.paddock.api.project.ProjectService;

/** Completes project names of the cluster named by the argument before the one being completed. */
@Service
public class ProjectNameCompleter implements Completer {

    @Reference
    ProjectService projects;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String[] words = commandLine.getArguments();
        int current = commandLine.getCursorArgumentIndex();
        String cluster = null;
        for (int i = current - 1; i > 0; i--) {
            if (!words[i].startsWith("-")) {
                cluster = words[i];
                break;
            }
        }
        StringsCompleter names = new StringsCompleter();
        if (cluster != null) {
            try {
                projects.list(cluster).stream().map(Project::name).forEach(names.getStrings()::add);
            } catch (IllegalArgumentException | ClusterException unknownCluster) {
                // nothing to offer for a cluster that does not exist
            }
        }
        return names.complete(session, commandLine, candidates);
    }
}
