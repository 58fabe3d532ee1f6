package io.paddock.proxy.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.AccessDeniedException;
import io.paddock.api.access.Identity;
import io.paddock.api.access.IssuedToken;
import io.paddock.api.access.KubeconfigService;
import io.paddock.api.access.SecurityService;
import io.paddock.api.cluster.ClusterException;
import io.paddock.api.cluster.ClusterService;
import io.paddock.api.cluster.DirectAccess;
import io.paddock.api.setting.SettingService;

/**
 * Where kubectl reaches Paddock's proxy: the {@code server-url} setting, else the HTTPS connector of
 * the web server (kubectl sends tokens only over TLS) read from its own configuration, and the CA
 * certificate that signed its certificate. With direct access, also the cluster's own API server.
 */
@Component(service = KubeconfigService.class, configurationPid = "org.ops4j.pax.web",
    configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class ProxyEndpoint implements KubeconfigService {

    static final String CA_FILE = "paddock-tls-ca.pem";
    private static final String SECURE_ENABLED = "org.osgi.service.http.secure.enabled";
    private static final String SECURE_PORT = "org.osgi.service.http.port.secure";

    private final boolean enabled;
    private final String port;

    private final SecurityService security;
    private final AccessControl access;
    private final ClusterService clusters;
    private final SettingService settings;

    @Activate
    public ProxyEndpoint(@Reference SecurityService security, @Reference AccessControl access,
                         @Reference ClusterService clusters, @Reference SettingService settings, Map<String, Object> properties) {
        this.settings = settings;
        this.security = security;
        this.access = access;
        this.clusters = clusters;
        this.enabled = Boolean.parseBoolean(String.valueOf(properties.get(SECURE_ENABLED)));
        this.port = String.valueOf(properties.getOrDefault(SECURE_PORT, "8443"));
    }

    @Override
    public String kubeconfig(Identity caller, String cluster, String host) {
        Set<String> visible = access.visibleClusters(caller);
        if (visible != null && !visible.contains(cluster)) {
            throw new AccessDeniedException("user '" + caller.user() + "' has no access to cluster '" + cluster + "'");
        }
        DirectAccess direct = clusters.get(cluster).orElseThrow(() -> new ClusterException("NotFound",
            "no cluster named '" + cluster + "'")).spec().directAccess();
        String server = serverUrl(host) + "/k8s/clusters/" + cluster; // fail before a token is issued for nothing
        String ca = certificateAuthority();
        Duration ttl = Duration.ofDays(Integer.parseInt(settings.value(SettingService.KUBECONFIG_TOKEN_TTL_DAYS)));
        IssuedToken token = security.createToken(caller, "kubeconfig for cluster " + cluster, ttl);
        return KubeconfigDocument.of(cluster, server, ca, caller.user(), token.value(), direct);
    }

    @Override
    public String serverUrl(String host) {
        if (!enabled) {
            throw new ClusterException("TlsDisabled", "clients outside Paddock need its HTTPS connector:"
                + " set org.osgi.service.http.secure.enabled = true in etc/org.ops4j.pax.web.cfg");
        }
        String serverUrl = settings.value(SettingService.SERVER_URL);
        return serverUrl.isEmpty() ? "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port : serverUrl;
    }

    @Override
    public String certificateAuthority() {
        Path file = Path.of(System.getProperty("karaf.etc", "etc"), CA_FILE);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ClusterException("TlsUnavailable", "the CA certificate etc/" + CA_FILE + " cannot be read; bin/setenv"
                + " creates it on first start");
        }
    }
}
