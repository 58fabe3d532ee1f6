package io.paddock.api.system;

import org.osgi.annotation.versioning.ProviderType;

/** Paddock's view of itself, shared by the shell, the REST API and the console. */
@ProviderType
public interface SystemService {

    ProductInfo product();

    /** Runs every registered {@link HealthCheck} now. */
    HealthReport health();
}
