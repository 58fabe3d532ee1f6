package io.paddock.auth.redirect;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import io.paddock.api.config.InvalidSettingException;
import io.paddock.api.config.Settings;

/**
 * The settings every redirect login provider has: who it is, the OAuth client Paddock is registered
 * as, and how to reach the provider. {@link #toString()} leaves the client secret out.
 *
 * @param configName     the configuration's name for messages, e.g. {@code io.paddock.auth.oidc-corp}
 * @param provider       provider id: a lower-case word, unique among login providers
 * @param displayName    name on the login page
 * @param clientId       OAuth client id registered at the provider
 * @param clientSecret   OAuth client secret; never logged or shown
 * @param caFile         PEM file of the CA certificates to trust for the provider's TLS, or null for Java's defaults
 * @param connectTimeout TCP and TLS connect timeout
 * @param requestTimeout time limit of one HTTP request
 */
public record ClientSettings(String configName, String provider, String displayName, String clientId, String clientSecret,
                             Path caFile, Duration connectTimeout, Duration requestTimeout) {

    public static final String PROVIDER = "provider";
    public static final String DISPLAY_NAME = "display.name";
    public static final String CLIENT_ID = "client.id";
    public static final String CLIENT_SECRET = "client.secret";
    public static final String CA_FILE = "ca.file";
    public static final String CONNECT_TIMEOUT = "connect.timeout.seconds";
    public static final String REQUEST_TIMEOUT = "request.timeout.seconds";

    private static final Pattern PROVIDER_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /**
     * Reads the common settings.
     *
     * @param pid        the component's configuration PID, used when the file name is unknown
     * @param properties ConfigAdmin properties
     * @throws InvalidSettingException naming the file, the key and what is expected
     */
    public static ClientSettings from(String pid, Map<String, ?> properties, String defaultProvider, String defaultDisplayName) {
        String name = configName(pid, properties);
        Settings settings = new Settings(name, properties);
        String configFile = configFile(name);
        String provider = settings.string(PROVIDER, defaultProvider);
        if (!PROVIDER_ID.matcher(provider).matches()) {
            throw settings.invalid(PROVIDER, provider, "a lower-case word of letters, digits and '-', at most 32 characters,"
                + " e.g. " + defaultProvider);
        }
        String clientId = required(settings, configFile, CLIENT_ID, "the client id registered at the provider");
        // read without Settings, whose errors quote the value
        Object rawSecret = properties == null ? null : properties.get(CLIENT_SECRET);
        if (rawSecret == null || rawSecret.toString().isBlank()) {
            throw new InvalidSettingException(configFile + ": " + CLIENT_SECRET + " is required: the client secret the provider"
                + " issued with " + CLIENT_ID);
        }
        String ca = settings.string(CA_FILE, null);
        Path caFile = null;
        if (ca != null) {
            caFile = Path.of(ca);
            if (!Files.isReadable(caFile)) {
                throw settings.invalid(CA_FILE, ca, "a readable PEM file with the CA certificates of the provider's TLS"
                    + " (leave it unset to use Java's trusted CAs)");
            }
        }
        return new ClientSettings(name, provider, settings.string(DISPLAY_NAME, defaultDisplayName), clientId,
            rawSecret.toString().trim(), caFile,
            Duration.ofSeconds(settings.intInRange(CONNECT_TIMEOUT, 10, 1, 300)),
            Duration.ofSeconds(settings.intInRange(REQUEST_TIMEOUT, 30, 1, 300)));
    }

    /** The file the configuration is in, e.g. {@code etc/io.paddock.auth.oidc-corp.cfg}. */
    public String configFile() {
        return configFile(configName);
    }

    /** Typed access to the same configuration, with errors naming its file. */
    public Settings settings(Map<String, ?> properties) {
        return new Settings(configName, properties);
    }

    private static String configFile(String configName) {
        return "etc/" + configName + ".cfg";
    }

    /** A non-blank value of {@code key}, else an error that says what belongs there. */
    public static String required(Settings settings, String configFile, String key, String meaning) {
        String value = settings.string(key, null);
        if (value == null) {
            throw new InvalidSettingException(configFile + ": " + key + " is required: " + meaning);
        }
        return value;
    }

    /**
     * An absolute http(s) URL without query or fragment, exactly as written (an OpenID Connect
     * issuer may end with '/'). Plain http is accepted only for loopback hosts: codes, tokens and
     * the client secret travel over these connections.
     */
    public static URI httpsUrl(Settings settings, String key, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw settings.invalid(key, value, "an https URL");
        }
        boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()) || "[::1]".equals(uri.getHost());
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean http = "http".equalsIgnoreCase(uri.getScheme());
        if (uri.getHost() == null || !(https || http && loopback) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw settings.invalid(key, value, "an https URL without query or fragment (http only on loopback)");
        }
        return uri;
    }

    /**
     * The name of the configuration for messages: the {@code .cfg} file Karaf read it from, else
     * the ConfigAdmin PID.
     */
    static String configName(String pid, Map<String, ?> properties) {
        Object file = properties == null ? null : properties.get("felix.fileinstall.filename");
        if (file != null) {
            String path = file.toString();
            String base = path.substring(path.lastIndexOf('/') + 1);
            return base.endsWith(".cfg") ? base.substring(0, base.length() - ".cfg".length()) : base;
        }
        Object servicePid = properties == null ? null : properties.get("service.pid");
        return servicePid != null ? servicePid.toString() : pid;
    }

    @Override
    public String toString() {
        return "ClientSettings[" + configFile() + ", provider=" + provider + ", clientId=" + clientId + ", caFile=" + caFile + "]";
    }
}
