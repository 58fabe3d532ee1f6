package io.paddock.api.config;

import java.util.Map;
import java.util.Objects;

/**
 * Typed access to one ConfigAdmin configuration ({@code etc/<pid>.cfg}). Values arrive as strings
 * from {@code .cfg} files, so a typo must become an error that says where it is, not a silent
 * default.
 */
public final class Settings {

    private final String pid;
    private final Map<String, ?> properties;

    public Settings(String pid, Map<String, ?> properties) {
        this.pid = Objects.requireNonNull(pid, "pid");
        this.properties = properties == null ? Map.of() : properties;
    }

    /** Whole number in {@code [min, max]}, or {@code fallback} when the key is absent or blank. */
    public int intInRange(String key, int fallback, int min, int max) {
        Object raw = properties.get(key);
        if (raw == null || raw.toString().isBlank()) {
            return fallback;
        }
        int value;
        if (raw instanceof Number number) {
            value = number.intValue();
        } else {
            try {
                value = Integer.parseInt(raw.toString().trim());
            } catch (NumberFormatException e) {
                throw invalid(key, raw, "a whole number from " + min + " to " + max);
            }
        }
        if (value < min || value > max) {
            throw invalid(key, raw, "a whole number from " + min + " to " + max);
        }
        return value;
    }

    /** String value, or {@code fallback} when the key is absent or blank. */
    public String string(String key, String fallback) {
        Object raw = properties.get(key);
        return raw == null || raw.toString().isBlank() ? fallback : raw.toString().trim();
    }

    /** Builds the error for {@code key}; the value is quoted, so never call this for secret keys. */
    public InvalidSettingException invalid(String key, Object value, String expected) {
        return new InvalidSettingException("etc/" + pid + ".cfg: " + key + " = '" + value + "' is invalid; expected "
            + expected);
    }
}
