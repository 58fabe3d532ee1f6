package io.paddock.management.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.paddock.api.cluster.ClusterProvider;
import io.paddock.api.cluster.ProviderCapability;

/** Completes the ids of the installed providers that create clusters. */
@Service
public class ProviderIdCompleter implements Completer {

    @Reference
    List<ClusterProvider> providers;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        providers.stream().filter(p -> p.capabilities().contains(ProviderCapability.CREATE)).map(ClusterProvider::id)
            .forEach(ids.getStrings()::add);
        return ids.complete(session, commandLine, candidates);
    }
}
