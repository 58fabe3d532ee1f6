package io.paddock.api.cluster;

import java.util.Objects;

/**
 * One field of a provider's form, from which the shell and the console build their input.
 *
 * @param name        key in the submitted configuration
 * @param label       for people
 * @param type        how to ask for it
 * @param required    whether it must be given
 * @param description help text
 */
public record ConfigField(String name, String label, Type type, boolean required, String description) {

    /** {@code SECRET} values are never shown again once submitted. */
    public enum Type { STRING, TEXT, SECRET_TEXT, INTEGER, BOOLEAN }

    public ConfigField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        label = label == null ? name : label;
        description = description == null ? "" : description;
    }
}
