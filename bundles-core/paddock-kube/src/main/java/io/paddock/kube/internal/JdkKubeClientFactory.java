package io.paddock.kube.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.paddock.api.config.InvalidSettingException;
import io.paddock.api.config.Settings;
import io.paddock.api.system.HealthCheck;
import io.paddock.api.system.HealthResult;
import io.paddock.kube.InvalidKubeconfigException;
import io.paddock.kube.KubeClientFactory;
import io.paddock.kube.ServerTrust;

/**
 * Builds one fabric8 client per cluster on the JDK's HttpClient. The HTTP factory is passed in
 * rather than found by ServiceLoader: lookups go through the thread context class loader, which on
 * pax-web threads is not ours.
 */
@Component(configurationPid = JdkKubeClientFactory.PID, service = {KubeClientFactory.class, HealthCheck.class},
    property = HealthCheck.NAME_PROPERTY + "=kube-client")
public class JdkKubeClientFactory implements KubeClientFactory, HealthCheck {

    static final String PID = "io.paddock.kube";
    static final String CONNECT_TIMEOUT = "connect.timeout.seconds";
    static final String REQUEST_TIMEOUT = "request.timeout.seconds";
    static final String REQUEST_RETRIES = "request.retries";
    private static final int DEFAULT_CONNECT_TIMEOUT = 10;
    private static final int DEFAULT_REQUEST_TIMEOUT = 30;
    // fabric8 retries 10 times with exponential backoff (about 20 s against a dead server); callers
    // such as reconcile loops retry at their own level, so keep the client's own retries short
    private static final int DEFAULT_REQUEST_RETRIES = 2;

    private static final Logger LOG = LoggerFactory.getLogger(JdkKubeClientFactory.class);

    private final JdkHttpClientFactory httpClientFactory = new JdkHttpClientFactory();
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final KubeconfigValidator validator = new KubeconfigValidator(serialization);
    private volatile Timeouts timeouts = new Timeouts(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_REQUEST_RETRIES);
    private volatile String settingsProblem;

    private record Timeouts(int connectSeconds, int requestSeconds, int retries) {
    }

    @Activate
    @Modified
    void configure(Map<String, Object> properties) {
        Settings settings = new Settings(PID, properties);
        try {
            timeouts = new Timeouts(settings.intInRange(CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, 1, 300),
                settings.intInRange(REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, 1, 3600),
                settings.intInRange(REQUEST_RETRIES, DEFAULT_REQUEST_RETRIES, 0, 10));
            settingsProblem = null;
        } catch (InvalidSettingException e) {
            // keep serving with the last good timeouts; health reports the problem until it is fixed
            settingsProblem = e.getMessage() + " (still using connect " + timeouts.connectSeconds() + "s, request "
                + timeouts.requestSeconds() + "s)";
            LOG.error(settingsProblem);
        }
    }

    @Override
    public KubernetesClient create(String kubeconfig, String context) {
        KubeconfigValidator.Selection selection = validator.validate(kubeconfig, context);
        Config config;
        try {
            config = Config.fromKubeconfig(selection.context(), kubeconfig, null);
        } catch (RuntimeException e) {
            throw new InvalidKubeconfigException("kubeconfig could not be used: " + e.getClass().getSimpleName(), e);
        }
        Timeouts current = timeouts;
        config.setConnectionTimeout(current.connectSeconds() * 1000);
        config.setRequestTimeout(current.requestSeconds() * 1000);
        config.setRequestRetryBackoffLimit(current.retries());
        KubernetesClientBuilder builder = new KubernetesClientBuilder();
        String serverName = config.getTlsServerName();
        if (serverName != null && !serverName.isBlank()) {
            // the JDK client cannot name another server than the one it dials: ServerTrust checks the name instead
            TrustManager[] trust = {ServerTrust.forServer(caPem(config), serverName)};
            KeyManager[] keys = keyManagers(config);
            builder.withHttpClientBuilderConsumer(http -> http.sslContext(keys, trust).tlsServerName(null));
        }
        return builder
            .withConfig(config)
            .withHttpClientFactory(httpClientFactory)
            .withKubernetesSerialization(serialization)
            .build();
    }

    private static String caPem(Config config) {
        String data = config.getCaCertData();
        if (data == null || data.isBlank()) {
            throw new InvalidKubeconfigException("tls-server-name needs the cluster's certificate-authority-data");
        }
        try {
            return new String(Base64.getDecoder().decode(data.replaceAll("\\s", "")), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new InvalidKubeconfigException("certificate-authority-data is not base64", e);
        }
    }

    private static KeyManager[] keyManagers(Config config) {
        try {
            return SSLUtils.keyManagers(config);
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidKubeconfigException("the client certificate or key cannot be read: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String transport() {
        return "JDK HttpClient";
    }

    @Override
    public HealthResult check() {
        String problem = settingsProblem;
        if (problem != null) {
            return HealthResult.down(problem);
        }
        Timeouts current = timeouts;
        return HealthResult.up(transport() + ", connect timeout " + current.connectSeconds() + "s, request timeout "
            + current.requestSeconds() + "s, " + current.retries() + " retries");
    }
}
