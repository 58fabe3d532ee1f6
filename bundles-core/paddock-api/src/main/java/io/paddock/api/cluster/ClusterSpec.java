package io.paddock.api.cluster;

import java.util.Objects;

/**
 * What a user asked for when registering a cluster.
 *
 * @param displayName  free text shown in lists; defaults to the cluster's name
 * @param description  free text
 * @param provider     how the cluster came to Paddock, e.g. {@code import}
 * @param directAccess whether users may reach the API server directly with their Paddock tokens; disabled when
 *                     {@code null} (also for clusters stored before the setting existed)
 */
public record ClusterSpec(String displayName, String description, String provider, DirectAccess directAccess) {

    public static final int MAX_TEXT_LENGTH = 1024;

    public ClusterSpec {
        displayName = displayName == null ? "" : displayName.strip();
        description = description == null ? "" : description.strip();
        Objects.requireNonNull(provider, "provider");
        directAccess = directAccess == null ? DirectAccess.DISABLED : directAccess;
        if (displayName.length() > MAX_TEXT_LENGTH || description.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("display name and description are limited to " + MAX_TEXT_LENGTH + " characters");
        }
    }

    /** This spec with another direct access setting. */
    public ClusterSpec withDirectAccess(DirectAccess setting) {
        return new ClusterSpec(displayName, description, provider, setting);
    }
}
