package io.paddock.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.Scope;
import io.paddock.api.access.SecurityService;
import io.paddock.api.access.User;

@Service
@Command(scope = "paddock", name = "user-list", description = "List Paddock's users: provider, login, enabled, last login.")
public class UserListCommand implements Action {

    @Reference
    SecurityService security;

    @Reference
    AccessControl access;

    @Reference
    Session session;

    @Override
    public Object execute() {
        access.require(ShellCaller.of(session, security), "list", "users", Scope.GLOBAL);
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Display name");
        table.column("Provider");
        table.column("Login");
        table.column("Enabled");
        table.column("Last login");
        for (User user : security.users()) {
            table.addRow().addContent(user.name(), user.displayName(), user.provider(), user.login(), user.enabled() ? "yes" : "no",
                user.lastLogin() == null ? "" : user.lastLogin().toString());
        }
        table.print(System.out);
        return null;
    }
}
