package io.paddock.api.setting;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Paddock's run-time settings, stored like every other record (so all Paddock nodes agree).
 * Unknown names and invalid values are {@link IllegalArgumentException}s that say what is expected.
 */
@ProviderType
public interface SettingService {

    /** The server's public HTTPS URL, used in kubeconfigs and login callbacks; empty: the address a request came to. */
    String SERVER_URL = "server-url";
    /** Text the console shows on every page, e.g. "Staging"; empty: none. */
    String UI_BANNER = "ui-banner";
    /** Lifetime of the token in a downloaded kubeconfig, in days. */
    String KUBECONFIG_TOKEN_TTL_DAYS = "kubeconfig-token-ttl-days";

    List<Setting> list();

    Optional<Setting> get(String name);

    /** The value in effect. @throws IllegalArgumentException for an unknown name */
    String value(String name);

    /**
     * Sets a value; {@code expectedVersion} is the resourceVersion read (0 while the default applies).
     *
     * @throws io.paddock.api.store.ConflictException when it changed since
     */
    Setting set(String name, String value, long expectedVersion);

    /** Back to the default. */
    Setting reset(String name);
}
