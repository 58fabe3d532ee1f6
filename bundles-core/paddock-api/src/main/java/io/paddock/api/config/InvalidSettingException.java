package io.paddock.api.config;

/** A configuration value that cannot be used; the message names the file, the key and what is expected. */
public class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String message) {
        super(message);
    }
}
