package io.paddock.auth.oidc;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.paddock.api.config.InvalidSettingException;
import io.paddock.api.config.Settings;
import io.paddock.auth.redirect.ClientSettings;

/**
 * One OpenID Connect provider's configuration, {@code etc/io.paddock.auth.oidc-<name>.cfg}.
 *
 * @param client        provider id, display name, client credentials, TLS and timeouts
 * @param issuer        the issuer URL exactly as the provider's ID tokens name it
 * @param scopes        scopes requested; always includes {@code openid}
 * @param usernameClaim ID token claim with the login name; {@code email}, then {@code sub} when absent
 * @param groupsClaim   ID token claim with the user's groups (a list of strings, or one string)
 * @param clockSkew     tolerated difference between Paddock's and the provider's clocks
 */
record OidcSettings(ClientSettings client, URI issuer, List<String> scopes, String usernameClaim, String groupsClaim,
                    Duration clockSkew) {

    static final String PID = "io.paddock.auth.oidc";
    static final String ISSUER = "issuer";
    static final String SCOPES = "scopes";
    static final String USERNAME_CLAIM = "username.claim";
    static final String GROUPS_CLAIM = "groups.claim";
    static final String CLOCK_SKEW = "clock.skew.seconds";

    /** @throws InvalidSettingException naming the file, the key and what is expected */
    static OidcSettings from(Map<String, ?> properties) {
        ClientSettings client = ClientSettings.from(PID, properties, "oidc", "OpenID Connect");
        Settings settings = client.settings(properties);
        String issuer = ClientSettings.required(settings, client.configFile(), ISSUER,
            "the provider's issuer URL, e.g. https://login.example.com/realms/main");
        String scopeText = settings.string(SCOPES, "openid profile email groups");
        List<String> scopes = Arrays.stream(scopeText.split("[\\s,]+")).filter(s -> !s.isEmpty()).distinct().toList();
        if (!scopes.contains("openid")) {
            throw settings.invalid(SCOPES, scopeText, "a space-separated list of scopes that includes openid");
        }
        return new OidcSettings(client, ClientSettings.httpsUrl(settings, ISSUER, issuer), scopes,
            settings.string(USERNAME_CLAIM, "preferred_username"), settings.string(GROUPS_CLAIM, "groups"),
            Duration.ofSeconds(settings.intInRange(CLOCK_SKEW, 60, 0, 600)));
    }
}
