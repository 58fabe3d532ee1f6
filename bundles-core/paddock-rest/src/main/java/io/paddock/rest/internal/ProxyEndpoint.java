package io.paddock.rest.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Where kubectl reaches Paddock's proxy: the HTTPS connector of the web server (kubectl sends
 * tokens only over TLS) and the CA certificate that signed its certificate, both read from the
 * web server's own configuration so they cannot disagree with it.
 */
@Component(service = ProxyEndpoint.class, configurationPid = "org.ops4j.pax.web", configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class ProxyEndpoint {

    static final String CA_FILE = "paddock-tls-ca.pem";
    private static final String SECURE_ENABLED = "org.osgi.service.http.secure.enabled";
    private static final String SECURE_PORT = "org.osgi.service.http.port.secure";

    private final boolean enabled;
    private final String port;

    @Activate
    public ProxyEndpoint(Map<String, Object> properties) {
        this.enabled = Boolean.parseBoolean(String.valueOf(properties.get(SECURE_ENABLED)));
        this.port = String.valueOf(properties.getOrDefault(SECURE_PORT, "8443"));
    }

    /** The HTTPS base URL for the host the caller used. */
    String baseUrl(HttpServletRequest request) {
        if (!enabled) {
            throw new ApiException(503, "TlsDisabled", "kubeconfigs need Paddock's HTTPS connector:"
                + " set org.osgi.service.http.secure.enabled = true in etc/org.ops4j.pax.web.cfg");
        }
        String host = request.getServerName();
        return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The CA certificate (PEM) clients must trust. */
    String certificateAuthority() {
        Path file = Path.of(System.getProperty("karaf.etc", "etc"), CA_FILE);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ApiException(503, "TlsUnavailable", "the CA certificate etc/" + CA_FILE + " cannot be read; bin/setenv"
                + " creates it on first start");
        }
    }
}
