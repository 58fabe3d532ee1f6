package io.paddock.api.system;

import java.util.Objects;

/**
 * Identity of the running Paddock build.
 *
 * @param name        product name
 * @param version     Maven version of the build, e.g. {@code 0.1.0}
 * @param javaVersion version of the JVM running the container
 * @param karafVersion version of the Apache Karaf container
 */
public record ProductInfo(String name, String version, String javaVersion, String karafVersion) {
    public ProductInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(javaVersion, "javaVersion");
        Objects.requireNonNull(karafVersion, "karafVersion");
    }
}
