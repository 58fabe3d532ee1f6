package io.paddock.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.SecurityService;

@Service
@Command(scope = "paddock", name = "unbind", description = "Remove a role binding (names from paddock:binding-list);"
    + " the access it gave ends in the clusters within seconds.")
public class UnbindCommand implements Action {

    @Reference
    AccessControl access;

    @Reference
    SecurityService security;

    @Reference
    Session session;

    @Argument(index = 0, name = "binding", description = "Binding name, e.g. rb-1a2b...", required = true)
    String binding;

    @Override
    public Object execute() {
        access.unbind(ShellCaller.of(session, security), binding);
        System.out.println("Binding " + binding + " removed");
        return null;
    }
}
