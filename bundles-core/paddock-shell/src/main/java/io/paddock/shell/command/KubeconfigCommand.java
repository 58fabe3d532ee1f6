package io.paddock.shell.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.paddock.api.access.KubeconfigService;
import io.paddock.api.access.SecurityService;

@Service
@Command(scope = "paddock", name = "kubeconfig",
    description = "Print (or write) a kubeconfig for kubectl and helm that reaches a cluster through Paddock's proxy as you,"
        + " with a new 30-day API token.")
public class KubeconfigCommand implements Action {

    @Reference
    KubeconfigService kubeconfigs;

    @Reference
    SecurityService security;

    @Reference
    Session session;

    @Option(name = "-o", aliases = "--output", description = "Write to this file (readable by you only) instead of printing")
    String output;

    @Option(name = "--host", description = "Host name clients use to reach Paddock (default: localhost)")
    String host = "localhost";

    @Argument(index = 0, name = "cluster", description = "Cluster name", required = true)
    String cluster;

    @Override
    public Object execute() throws IOException {
        String yaml = kubeconfigs.kubeconfig(ShellCaller.of(session, security), cluster, host);
        if (output == null) {
            System.out.print(yaml);
            return null;
        }
        Path file = Path.of(output);
        Files.writeString(file, yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        System.out.println("Kubeconfig for cluster " + cluster + " written to " + file.toAbsolutePath());
        return null;
    }
}
