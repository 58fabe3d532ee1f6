package io.paddock.management.command;

import java.util.Arrays;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.paddock.api.cluster.ClusterLifecycle;
import io.paddock.api.cluster.ClusterSnapshot;

/** Completes the snapshots of the cluster named by the command's first argument. */
@Service
public class SnapshotNameCompleter implements Completer {

    @Reference
    ClusterLifecycle lifecycle;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        // the first word after the command that is not an option names the cluster
        Arrays.stream(commandLine.getArguments()).skip(1).limit(commandLine.getCursorArgumentIndex() - 1L)
            .filter(a -> !a.startsWith("-")).findFirst().ifPresent(cluster -> {
                try {
                    lifecycle.snapshots(cluster).stream().map(ClusterSnapshot::name).forEach(names.getStrings()::add);
                } catch (RuntimeException noSnapshots) {
                    // unknown cluster, or its provider takes none: nothing to offer
                }
            });
        return names.complete(session, commandLine, candidates);
    }
}
