package io.paddock.auth.ldap.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;

import io.paddock.api.config.InvalidSettingException;
import io.paddock.api.config.Settings;

/**
 * One LDAP login provider's configuration, {@code etc/io.paddock.auth.ldap-<name>.cfg}.
 * {@link #toString()} leaves the bind password out, so settings can be logged.
 *
 * @param source the configuration's file name without {@code .cfg}, e.g. {@code io.paddock.auth.ldap-corp}
 */
record LdapSettings(String source, String provider, String displayName, Flavour flavour, List<Server> servers, TlsMode tls,
                           Path caFile, String bindDn, String bindPassword, String userBase, FilterTemplate userFilter,
                           String loginAttribute, String displayNameAttribute, String groupBase, FilterTemplate groupFilter,
                           String groupNameAttribute, int groupNestingDepth, int poolSize, Duration connectTimeout,
                           Duration responseTimeout, Duration groupCacheTtl) {

    static final String PID = "io.paddock.auth.ldap";

    static final String PROVIDER = "provider";
    static final String DISPLAY_NAME = "display.name";
    static final String FLAVOUR = "flavour";
    static final String URLS = "urls";
    static final String TLS_MODE = "tls.mode";
    static final String TLS_CA_FILE = "tls.ca.file";
    static final String BIND_DN = "bind.dn";
    static final String BIND_PASSWORD = "bind.password";
    static final String USER_BASE = "user.base";
    static final String USER_FILTER = "user.filter";
    static final String USER_LOGIN_ATTRIBUTE = "user.login.attribute";
    static final String USER_DISPLAY_NAME_ATTRIBUTE = "user.display.name.attribute";
    static final String GROUP_BASE = "group.base";
    static final String GROUP_FILTER = "group.filter";
    static final String GROUP_NAME_ATTRIBUTE = "group.name.attribute";
    static final String GROUP_NESTING_DEPTH = "group.nesting.depth";
    static final String GROUP_CACHE_TTL_SECONDS = "group.cache.ttl.seconds";
    static final String POOL_SIZE = "pool.size";
    static final String CONNECT_TIMEOUT_SECONDS = "connect.timeout.seconds";
    static final String RESPONSE_TIMEOUT_SECONDS = "response.timeout.seconds";

    /** What the login page and the core's routing key look like: a lower-case word. */
    private static final Pattern PROVIDER_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)+");

    /** A directory server to connect to. */
    record Server(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * @param source     the configuration's file name without {@code .cfg}, for messages, e.g.
     *                   {@code io.paddock.auth.ldap-corp}
     * @param properties ConfigAdmin properties
     * @throws InvalidSettingException naming the file, the key and what is expected
     */
    static LdapSettings from(String source, Map<String, ?> properties) {
        Settings settings = new Settings(source, properties);
        String file = "etc/" + source + ".cfg: ";

        String provider = settings.string(PROVIDER, "ldap");
        if (!PROVIDER_ID.matcher(provider).matches()) {
            throw settings.invalid(PROVIDER, provider, "a lower-case word (letters, digits, '-'; at most 32), e.g. corp-ldap");
        }
        String flavourName = settings.string(FLAVOUR, Flavour.OPENLDAP.configName);
        Flavour flavour = Flavour.fromConfigName(flavourName);
        if (flavour == null) {
            throw settings.invalid(FLAVOUR, flavourName, "openldap or activedirectory");
        }
        String displayName = settings.string(DISPLAY_NAME, flavour.displayName);

        String urls = settings.string(URLS, null);
        if (urls == null) {
            throw new InvalidSettingException(file + URLS + " is required: the directory's URLs, e.g. ldaps://ldap1.example.com"
                + " ldaps://ldap2.example.com (tried in order)");
        }
        List<Server> servers = new ArrayList<>();
        String scheme = null;
        for (String url : urls.split("[,\\s]+")) {
            if (url.isEmpty()) {
                continue;
            }
            LDAPURL parsed;
            try {
                parsed = new LDAPURL(url);
            } catch (LDAPException e) {
                throw settings.invalid(URLS, urls, "ldap:// or ldaps:// URLs separated by spaces or commas");
            }
            if (parsed.getHost() == null || !parsed.hostProvided()) {
                throw settings.invalid(URLS, urls, "URLs with a host name, e.g. ldaps://ldap.example.com");
            }
            if (scheme != null && !scheme.equals(parsed.getScheme())) {
                throw settings.invalid(URLS, urls, "URLs that all use ldap:// or all use ldaps://");
            }
            scheme = parsed.getScheme();
            servers.add(new Server(parsed.getHost(), parsed.getPort()));
        }
        if (servers.isEmpty()) {
            throw settings.invalid(URLS, urls, "at least one ldap:// or ldaps:// URL");
        }
        boolean ldapsUrls = "ldaps".equals(scheme);

        String tlsName = settings.string(TLS_MODE, ldapsUrls ? TlsMode.LDAPS.configName : TlsMode.STARTTLS.configName);
        TlsMode tls = TlsMode.fromConfigName(tlsName);
        if (tls == null) {
            throw settings.invalid(TLS_MODE, tlsName, "none, starttls or ldaps");
        }
        if (ldapsUrls != (tls == TlsMode.LDAPS)) {
            throw settings.invalid(TLS_MODE, tlsName, ldapsUrls
                ? "ldaps, because " + URLS + " use ldaps:// (for starttls or none use ldap:// URLs)"
                : "none or starttls, because " + URLS + " use ldap:// (for ldaps use ldaps:// URLs)");
        }
        String ca = settings.string(TLS_CA_FILE, null);
        Path caFile = null;
        if (ca != null) {
            if (tls == TlsMode.NONE) {
                throw settings.invalid(TLS_CA_FILE, ca, "no value while " + TLS_MODE + " = none (or set " + TLS_MODE
                    + " = starttls)");
            }
            caFile = Path.of(ca);
            if (!Files.isRegularFile(caFile) || !Files.isReadable(caFile)) {
                throw settings.invalid(TLS_CA_FILE, ca, "a readable PEM file with the CA certificate(s) that signed the"
                    + " directory's certificate");
            }
        }

        String bindDn = dn(settings, BIND_DN, true,
            "the DN of a service account allowed to search users and groups, e.g. cn=paddock,ou=services,dc=example,dc=org");
        Object rawPassword = properties == null ? null : properties.get(BIND_PASSWORD);
        String bindPassword = rawPassword == null ? "" : rawPassword.toString();
        if (bindPassword.isEmpty()) {
            // an empty password makes a simple bind anonymous: the search would run with no rights, or too many
            throw new InvalidSettingException(file + BIND_PASSWORD + " is required: the password of " + BIND_DN);
        }
        String userBase = dn(settings, USER_BASE, true, "the DN under which users are searched, e.g. ou=people,dc=example,dc=org");
        FilterTemplate userFilter = filter(settings, USER_FILTER, flavour.userFilter, FilterTemplate.LOGIN);
        String loginAttribute = attribute(settings, USER_LOGIN_ATTRIBUTE, flavour.loginAttribute);
        String displayNameAttribute = attribute(settings, USER_DISPLAY_NAME_ATTRIBUTE, flavour.displayNameAttribute);
        String groupBase = dn(settings, GROUP_BASE, false, "the DN under which groups are searched, e.g. ou=groups,dc=example,dc=org");
        FilterTemplate groupFilter = filter(settings, GROUP_FILTER, flavour.groupFilter, FilterTemplate.DN, FilterTemplate.LOGIN);
        String groupNameAttribute = attribute(settings, GROUP_NAME_ATTRIBUTE, "cn");

        return new LdapSettings(source, provider, displayName, flavour, List.copyOf(servers), tls, caFile, bindDn, bindPassword, userBase,
            userFilter, loginAttribute, displayNameAttribute, groupBase, groupFilter, groupNameAttribute,
            settings.intInRange(GROUP_NESTING_DEPTH, 5, 0, 20),
            settings.intInRange(POOL_SIZE, 5, 1, 100),
            Duration.ofSeconds(settings.intInRange(CONNECT_TIMEOUT_SECONDS, 5, 1, 300)),
            Duration.ofSeconds(settings.intInRange(RESPONSE_TIMEOUT_SECONDS, 10, 1, 300)),
            Duration.ofSeconds(settings.intInRange(GROUP_CACHE_TTL_SECONDS, 300, 0, 86_400)));
    }

    private static String dn(Settings settings, String key, boolean required, String expected) {
        String value = settings.string(key, null);
        if (value == null) {
            if (required) {
                throw settings.invalid(key, "", expected);
            }
            return null;
        }
        if (!DN.isValidDN(value)) {
            throw settings.invalid(key, value, expected);
        }
        return value;
    }

    private static String attribute(Settings settings, String key, String fallback) {
        String value = settings.string(key, fallback);
        if (!ATTRIBUTE.matcher(value).matches()) {
            throw settings.invalid(key, value, "an attribute name, e.g. " + fallback);
        }
        return value;
    }

    private static FilterTemplate filter(Settings settings, String key, String fallback, String... placeholders) {
        String value = settings.string(key, fallback);
        try {
            return FilterTemplate.parse(value, placeholders);
        } catch (IllegalArgumentException e) {
            throw settings.invalid(key, value, e.getMessage() + ", e.g. " + fallback);
        }
    }

    /** Where a setting is, for messages: {@code etc/io.paddock.auth.ldap-corp.cfg}. */
    String file() {
        return "etc/" + source + ".cfg";
    }

    /** Whether groups are looked up at all. */
    boolean groupsEnabled() {
        return groupBase != null;
    }

    String urls() {
        String scheme = tls == TlsMode.LDAPS ? "ldaps://" : "ldap://";
        return servers.stream().map(server -> scheme + server).collect(Collectors.joining(" "));
    }

    @Override
    public String toString() {
        return "provider " + provider + " (" + flavour.configName + ") at " + urls() + ", tls " + tls.configName + ", bind as "
            + bindDn + ", users under " + userBase + (groupsEnabled() ? ", groups under " + groupBase : ", no groups");
    }
}
