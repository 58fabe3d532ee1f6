package io.paddock.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.RoleBinding;
import io.paddock.api.access.Scope;
import io.paddock.api.access.SecurityService;
import io.paddock.api.access.Subject;

@Service
@Command(scope = "paddock", name = "bind",
    description = "Grant a role to a user or group: a global role without --cluster, a cluster role template with --cluster,"
        + " a project role template with --cluster and --project. You can only grant what you hold there.")
public class BindCommand implements Action {

    @Reference
    AccessControl access;

    @Reference
    SecurityService security;

    @Reference
    Session session;

    @Option(name = "-c", aliases = "--cluster", description = "Cluster of the grant")
    String cluster;

    @Option(name = "-p", aliases = "--project", description = "Project of the grant (with --cluster)")
    String project;

    @Option(name = "-u", aliases = "--user", description = "User name to grant the role to")
    String user;

    @Option(name = "-g", aliases = "--group", description = "Group to grant the role to, as <provider>:<group id>")
    String group;

    @Argument(index = 0, name = "role", description = "Global role or role template, e.g. project-member", required = true)
    String role;

    @Override
    public Object execute() {
        if ((user == null) == (group == null)) {
            throw new IllegalArgumentException("name exactly one of --user and --group");
        }
        Subject subject = user != null ? Subject.user(user) : Subject.group(group);
        RoleBinding binding = access.bind(ShellCaller.of(session, security), new Scope(cluster, project), role, subject);
        System.out.println("Granted " + role + " to " + subject.kind().name().toLowerCase() + " " + subject.name() + " in "
            + binding.scope() + " (binding " + binding.name() + ")");
        return null;
    }
}
