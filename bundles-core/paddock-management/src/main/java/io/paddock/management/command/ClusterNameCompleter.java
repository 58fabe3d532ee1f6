package io.paddock.management.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.paddock.api.cluster.Cluster;
import io.paddock.api.cluster.ClusterService;

/** Completes the names of registered clusters. */
@Service
public class ClusterNameCompleter implements Completer {

    @Reference
    ClusterService clusters;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        clusters.list().stream().map(Cluster::name).forEach(names.getStrings()::add);
        return names.complete(session, commandLine, candidates);
    }
}
