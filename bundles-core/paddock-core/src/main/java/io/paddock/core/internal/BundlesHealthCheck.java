package io.paddock.core.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.paddock.api.system.HealthCheck;
import io.paddock.api.system.HealthResult;

/** Paddock works only when all of its bundles are active; names the ones that are not. */
@Component(service = HealthCheck.class, property = HealthCheck.NAME_PROPERTY + "=bundles")
public class BundlesHealthCheck implements HealthCheck {

    private static final String PADDOCK_BUNDLE_PREFIX = "io.paddock.";

    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Override
    public HealthResult check() {
        int active = 0;
        List<String> inactive = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name == null || !name.startsWith(PADDOCK_BUNDLE_PREFIX) || bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            if (bundle.getState() == Bundle.ACTIVE) {
                active++;
            } else {
                inactive.add(name + " [" + bundle.getBundleId() + "] is " + stateName(bundle.getState()));
            }
        }
        if (!inactive.isEmpty()) {
            return HealthResult.down(String.join("; ", inactive) + " (see bundle:diag <id> in the shell)");
        }
        return HealthResult.up(active + " Paddock bundles active");
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED (not resolved)";
            case Bundle.RESOLVED -> "RESOLVED (not started)";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "in state " + state;
        };
    }
}
