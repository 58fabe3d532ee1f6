package io.paddock.audit.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.paddock.api.audit.AuditEvent;

/**
 * Removes secrets from command lines before they are stored: passwords given to JAAS commands,
 * password/secret/token options and configuration values of such keys.
 */
final class Redactor {

    private static final String VALUE = "(\"[^\"]*\"|'[^']*'|[^\\s;]+)";
    private static final String SECRET_WORD = "(?:[\\w.-]*(?:password|passwd|secret|token|key)[\\w.-]*)";
    private static final List<Pattern> SECRET_VALUES = List.of(
        // jaas:user-add / jaas:useradd <user> <password>
        Pattern.compile("(jaas:user-?add\\s+(?:-\\S+\\s+)*\\S+\\s+)" + VALUE, Pattern.CASE_INSENSITIVE),
        // --password x, --token=x
        Pattern.compile("((?:--" + SECRET_WORD + ")(?:\\s+|=))" + VALUE, Pattern.CASE_INSENSITIVE),
        // config:property-set [-p pid] <secret key> <value>
        Pattern.compile("(config:property-set\\s+(?:-\\S+\\s+\\S+\\s+)*" + SECRET_WORD + "\\s+)" + VALUE,
            Pattern.CASE_INSENSITIVE),
        // key=value pairs, e.g. bootstrap.password=x
        Pattern.compile("(\\b" + SECRET_WORD + "\\s*=\\s*)" + VALUE, Pattern.CASE_INSENSITIVE));

    private Redactor() {
    }

    static String redact(CharSequence commandLine) {
        String text = commandLine.toString();
        for (Pattern pattern : SECRET_VALUES) {
            Matcher m = pattern.matcher(text);
            text = m.replaceAll(match -> Matcher.quoteReplacement(match.group(1) + AuditEvent.REDACTED));
        }
        return text;
    }
}
