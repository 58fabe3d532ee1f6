package io.paddock.shell.command;

import org.apache.karaf.shell.api.console.Session;

import io.paddock.api.access.Identity;
import io.paddock.api.access.SecurityService;

/** The Paddock user behind a shell session: the local account the container authenticated. */
final class ShellCaller {

    private ShellCaller() {
    }

    static Identity of(Session session, SecurityService security) {
        Object user = session.get("USER");
        if (user == null) {
            throw new IllegalArgumentException("this shell session has no user");
        }
        return security.localIdentity(user.toString());
    }
}
