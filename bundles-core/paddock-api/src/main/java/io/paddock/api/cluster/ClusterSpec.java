package io.paddock.api.cluster;

import java.util.Objects;

/**
 * What a user asked for when registering a cluster.
 *
 * @param displayName free text shown in lists; defaults to the cluster's name
 * @param description free text
 * @param provider    how the cluster came to Paddock, e.g. {@code import}
 */
public record ClusterSpec(String displayName, String description, String provider) {

    public static final int MAX_TEXT_LENGTH = 1024;

    public ClusterSpec {
        displayName = displayName == null ? "" : displayName.strip();
        description = description == null ? "" : description.strip();
        Objects.requireNonNull(provider, "provider");
        if (displayName.length() > MAX_TEXT_LENGTH || description.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("display name and description are limited to " + MAX_TEXT_LENGTH + " characters");
        }
    }
}
