package io.paddock.api.cluster;

import java.util.regex.Pattern;

/**
 * Naming rules for Paddock objects whose names become Kubernetes names (RFC 1123 labels, as
 * Kubernetes validates namespace and most object names).
 */
public final class ResourceNames {

    public static final int MAX_LABEL_LENGTH = 63;

    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private ResourceNames() {
    }

    /**
     * Returns {@code name} when it is a valid RFC 1123 label.
     *
     * @param kind what is being named, used in the error message (e.g. "cluster")
     * @throws IllegalArgumentException saying which rule the name breaks
     */
    public static String requireDns1123Label(String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(kind + " name must not be empty");
        }
        if (name.length() > MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException(kind + " name '" + abbreviate(name) + "' is " + name.length()
                + " characters long; at most " + MAX_LABEL_LENGTH + " are allowed");
        }
        if (!DNS1123_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException(kind + " name '" + name + "' is invalid: use lower-case letters,"
                + " digits and '-', starting and ending with a letter or digit (e.g. 'prod-eu-1')");
        }
        return name;
    }

    private static String abbreviate(String name) {
        return name.substring(0, 20) + "...";
    }
}
