package io.paddock.audit.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.Col;
import org.apache.karaf.shell.support.table.ShellTable;

import io.paddock.api.audit.AuditEvent;
import io.paddock.api.audit.AuditLog;

@Service
@Command(scope = "paddock", name = "audit-list", description = "Show the newest audit events: who changed what, when, and the outcome.")
public class AuditListCommand implements Action {

    @Reference
    AuditLog audit;

    @Option(name = "-n", aliases = "--limit", description = "How many events (1-1000, default 50)")
    int limit = 50;

    @Option(name = "--no-format", description = "Tab-separated, unwrapped output for scripts")
    boolean noFormat;

    @Override
    public Object execute() {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("--limit must be from 1 to 1000");
        }
        ShellTable table = new ShellTable();
        table.column("Time");
        table.column("User");
        table.column("Source");
        Col action = table.column("Action");
        table.column("Outcome");
        Col message = table.column("Message");
        if (!noFormat) {
            // wrapped for people; scripts get whole values
            action.maxSize(70).wrap();
            message.maxSize(50).wrap();
        }
        for (AuditEvent event : audit.latest(limit)) {
            table.addRow().addContent(event.time(), event.user(), event.source(), event.action(),
                event.success() ? "success" : "failure", event.message());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}
