package io.paddock.audit.internal;

import java.time.Clock;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.paddock.api.audit.AuditEvent;
import io.paddock.api.audit.AuditLog;

/**
 * Records every shell command that can change something, with who ran it and how it ended. Reading
 * commands (lists, describes, help, health, ...) are left out so the trail stays about changes.
 */
@Component(service = CommandSessionListener.class)
public class ShellAuditListener implements CommandSessionListener {

    static final String SOURCE = "shell";
    /** Commands whose name says they only read. */
    private static final Pattern READ_ONLY = Pattern.compile(
        "^\\s*(?:[\\w-]+:)?(?:[\\w-]*-)?(?:list|describe|health|version|help|info|check|display|tail|headers|diag|status|"
            + "show|exports|imports|tree-show|find-class)(?:\\s.*)?$", Pattern.DOTALL);

    private final AuditLog audit;
    private final Clock clock;

    @Activate
    public ShellAuditListener(@Reference AuditLog audit) {
        this(audit, Clock.systemUTC());
    }

    ShellAuditListener(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void beforeExecute(CommandSession session, CharSequence command) {
        // recorded when it ends, with its outcome
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Exception exception) {
        record(session, command, false, exception.getMessage());
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Object result) {
        record(session, command, true, "");
    }

    /**
     * Every new session runs etc/shell.init.script, which starts with its licence comment: that is
     * the container's doing, not a user's. (The shell hands over re-tokenized text, so the file's
     * content cannot be compared.)
     */
    private static boolean isInitScript(CharSequence command) {
        return command.toString().stripLeading().startsWith("//");
    }

    private void record(CommandSession session, CharSequence command, boolean success, String message) {
        if (command == null || command.toString().isBlank() || READ_ONLY.matcher(command).matches() || isInitScript(command)) {
            return;
        }
        Object user = session.get("USER");
        audit.record(new AuditEvent(clock.instant(), user == null ? null : user.toString(), SOURCE, Redactor.redact(command),
            success, message == null ? "" : Redactor.redact(message)));
    }
}
