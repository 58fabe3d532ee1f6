package io.paddock.auth.oidc;

import java.time.Clock;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.auth.redirect.RedirectProviderRegistration;

/**
 * One OpenID Connect login provider per configuration ({@code etc/io.paddock.auth.oidc-<name>.cfg},
 * a factory configuration): registers its realm and redirect login while configured. A changed
 * configuration replaces the provider; the issuer is contacted on the first login, not here, so a
 * provider that is down does not keep Paddock from starting.
 */
@Component(name = OidcSettings.PID, configurationPid = OidcSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
    immediate = true, service = {})
public class OidcLoginComponent {

    private static final Logger LOG = LoggerFactory.getLogger(OidcLoginComponent.class);

    private RedirectProviderRegistration registration;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        OidcSettings settings = OidcSettings.from(properties);
        OidcClient client = new OidcClient(settings, Clock.systemUTC());
        registration = RedirectProviderRegistration.register(context, settings.client(), client, client);
        LOG.info("OpenID Connect login '{}' registered for issuer {} ({})", settings.client().provider(), settings.issuer(),
            settings.client().configFile());
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }
}
