package io.paddock.auth.github;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.paddock.api.config.InvalidSettingException;
import io.paddock.api.config.Settings;
import io.paddock.auth.redirect.ClientSettings;

/**
 * One GitHub login's configuration, {@code etc/io.paddock.auth.github-<name>.cfg}: github.com by
 * default, or a GitHub Enterprise Server with its own URLs.
 *
 * @param client        provider id, display name, OAuth app credentials, TLS and timeouts
 * @param webUrl        where users log in, {@code https://github.com} or the Enterprise server
 * @param apiUrl        the REST API, {@code https://api.github.com} or {@code https://<server>/api/v3}
 * @param organizations lower-case logins of the organizations whose members may log in; empty: anyone
 */
record GitHubSettings(ClientSettings client, URI webUrl, URI apiUrl, Set<String> organizations) {

    static final String PID = "io.paddock.auth.github";
    static final String URL = "url";
    static final String API_URL = "api.url";
    static final String ORGANIZATIONS = "organizations";

    /** @throws InvalidSettingException naming the file, the key and what is expected */
    static GitHubSettings from(Map<String, ?> properties) {
        ClientSettings client = ClientSettings.from(PID, properties, "github", "GitHub");
        Settings settings = client.settings(properties);
        URI webUrl = base(ClientSettings.httpsUrl(settings, URL, settings.string(URL, "https://github.com")));
        URI apiUrl = base(ClientSettings.httpsUrl(settings, API_URL, settings.string(API_URL, "https://api.github.com")));
        String organizations = settings.string(ORGANIZATIONS, "");
        Set<String> allowed = Arrays.stream(organizations.split("[\\s,]+")).filter(name -> !name.isEmpty())
            .map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if (allowed.stream().anyMatch(name -> !name.matches("[a-z0-9][a-z0-9-]*"))) {
            throw settings.invalid(ORGANIZATIONS, organizations, "organization logins separated by commas, e.g. acme, acme-labs");
        }
        return new GitHubSettings(client, webUrl, apiUrl, allowed);
    }

    /** Without a trailing '/': paths such as /login/oauth/authorize are appended. */
    private static URI base(URI url) {
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }
}
