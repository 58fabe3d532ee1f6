package io.paddock.api.cluster;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way clusters come to Paddock: importing an existing one, or (in provider bundles) creating
 * one. Registered as an OSGi service; the shell and the console list the providers and render each
 * one's {@link #configSchema()} as a form.
 */
@ConsumerType
public interface ClusterProvider {

    /** Short id stored with each cluster it registered, e.g. {@code import}. */
    String id();

    String displayName();

    /** The fields {@link #register} takes. */
    List<ConfigField> configSchema();

    /**
     * Registers a cluster from a filled form. Errors: {@link IllegalArgumentException} naming the
     * field for bad input, {@link ClusterException} for the rest.
     */
    Cluster register(String name, Map<String, String> config);
}
