package io.paddock.management.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.paddock.api.cluster.ClusterProvider;

/** Completes the Kubernetes versions the installed providers create and upgrade to. */
@Service
public class KubernetesVersionCompleter implements Completer {

    @Reference
    List<ClusterProvider> providers;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter versions = new StringsCompleter();
        providers.forEach(p -> versions.getStrings().addAll(p.kubernetesVersions()));
        return versions.complete(session, commandLine, candidates);
    }
}
