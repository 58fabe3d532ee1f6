package io.paddock.auth.github;

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
 * One GitHub login per configuration ({@code etc/io.paddock.auth.github-<name>.cfg}, a factory
 * configuration, e.g. github.com and a GitHub Enterprise server side by side): registers its realm
 * and redirect login while configured. A changed configuration replaces the provider.
 */
@Component(name = GitHubSettings.PID, configurationPid = GitHubSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
    immediate = true, service = {})
public class GitHubLoginComponent {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubLoginComponent.class);

    private RedirectProviderRegistration registration;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        GitHubSettings settings = GitHubSettings.from(properties);
        GitHubClient client = new GitHubClient(settings);
        registration = RedirectProviderRegistration.register(context, settings.client(), client, client);
        LOG.info("GitHub login '{}' registered for {} ({})", settings.client().provider(), settings.webUrl(),
            settings.client().configFile());
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }
}
