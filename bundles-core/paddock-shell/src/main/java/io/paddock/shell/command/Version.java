package io.paddock.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.paddock.api.system.ProductInfo;
import io.paddock.api.system.SystemService;

@Service
@Command(scope = "paddock", name = "version", description = "Print the Paddock version, with the Karaf and Java versions it runs on.")
public class Version implements Action {

    @Reference
    SystemService system;

    @Override
    public Object execute() {
        ProductInfo product = system.product();
        System.out.println(product.name() + " " + product.version() + " (Karaf " + product.karafVersion() + ", Java "
            + product.javaVersion() + ")");
        return null;
    }
}
