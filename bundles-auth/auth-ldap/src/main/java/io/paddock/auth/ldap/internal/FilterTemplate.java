package io.paddock.auth.ldap.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * A search filter from the configuration with placeholders: {@code {0}} for the login as typed,
 * {@code {dn}} for a user's or group's DN. Values are escaped as RFC 4515 requires before they
 * become part of the filter, so input such as {@code *} or {@code alice)(uid=*} stays a literal
 * value.
 */
final class FilterTemplate {

    static final String LOGIN = "{0}";
    static final String DN = "{dn}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{0\\}|\\{dn\\}");

    private final String template;

    private FilterTemplate(String template) {
        this.template = template;
    }

    /**
     * @throws IllegalArgumentException with the reason when the template lacks every one of
     *                                  {@code required} or is no valid filter
     */
    static FilterTemplate parse(String template, String... required) {
        boolean mentionsRequired = required.length == 0;
        for (String placeholder : required) {
            mentionsRequired |= template.contains(placeholder);
        }
        if (!mentionsRequired) {
            throw new IllegalArgumentException("a filter containing " + String.join(" or ", required));
        }
        FilterTemplate parsed = new FilterTemplate(template);
        try {
            parsed.expand("x", "cn=x");
        } catch (LDAPException e) {
            throw new IllegalArgumentException("a valid LDAP filter (" + e.getMessage() + ")");
        }
        return parsed;
    }

    /** The filter for one login and DN; either may be {@code null} when the template does not use it. */
    Filter expand(String login, String dn) throws LDAPException {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder filter = new StringBuilder();
        while (matcher.find()) {
            String value = LOGIN.equals(matcher.group()) ? login : dn;
            matcher.appendReplacement(filter, Matcher.quoteReplacement(Filter.encodeValue(value == null ? "" : value)));
        }
        matcher.appendTail(filter);
        return Filter.create(filter.toString());
    }

    boolean mentions(String placeholder) {
        return template.contains(placeholder);
    }

    @Override
    public String toString() {
        return template;
    }
}
