package io.paddock.api.setting;

/**
 * One run-time setting.
 *
 * @param name            its name, e.g. {@code server-url}
 * @param value           the value in effect: the stored one, else the default
 * @param defaultValue    the value when none is stored
 * @param description     what it does and what values it takes
 * @param resourceVersion version of the stored value, 0 while the default applies
 */
public record Setting(String name, String value, String defaultValue, String description, long resourceVersion) {
}
