package io.paddock.shell.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.paddock.api.system.HealthReport;
import io.paddock.api.system.HealthResult;
import io.paddock.api.system.SystemService;

@Service
@Command(scope = "paddock", name = "health",
    description = "Run Paddock's health checks and print each result; the first line is the overall status.")
public class Health implements Action {

    @Reference
    SystemService system;

    @Override
    public Object execute() {
        HealthReport report = system.health();
        System.out.println("Paddock is " + report.status());
        ShellTable table = new ShellTable();
        table.column("Check");
        table.column("Status");
        table.column("Message").maxSize(100).wrap();
        for (Map.Entry<String, HealthResult> check : report.checks().entrySet()) {
            table.addRow().addContent(check.getKey(), check.getValue().status(), check.getValue().message());
        }
        table.print(System.out);
        return null;
    }
}
