package io.paddock.api.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One audited action.
 *
 * @param time    when it ended
 * @param user    who did it
 * @param source  where it came from, e.g. {@code shell}, {@code api}
 * @param action  what was done, secrets replaced by {@value #REDACTED}
 * @param success whether it succeeded
 * @param message the error message when it failed, else empty
 */
public record AuditEvent(Instant time, String user, String source, String action, boolean success, String message) {

    public static final String REDACTED = "********";
    public static final int MAX_TEXT = 2000;

    public AuditEvent {
        Objects.requireNonNull(time, "time");
        user = user == null || user.isBlank() ? "unknown" : user;
        Objects.requireNonNull(source, "source");
        action = truncate(Objects.requireNonNull(action, "action"));
        message = truncate(message == null ? "" : message);
    }

    private static String truncate(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
