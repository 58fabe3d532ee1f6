package io.paddock.api.cluster;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Whether users may also reach the cluster's API server directly with their Paddock tokens (the
 * authorized cluster endpoint): the cluster's kube-apiserver asks Paddock's token webhook, which
 * checks the tokens Paddock mirrors into the cluster, so this keeps working while Paddock is down.
 *
 * @param enabled              whether tokens are mirrored and kubeconfigs get a direct context
 * @param server               HTTPS URL of the API server as users reach it; in a change, {@code null} means
 *                             the one set before, else the cluster's kubeconfig's (with its CA)
 * @param certificateAuthority PEM of the CA that signed the API server's certificate; empty when the
 *                             certificate is trusted publicly
 */
public record DirectAccess(boolean enabled, String server, String certificateAuthority) {

    public static final DirectAccess DISABLED = new DirectAccess(false, null, null);
    public static final int MAX_CERTIFICATE_AUTHORITY_LENGTH = 65_536;

    public DirectAccess {
        server = server == null || server.isBlank() ? null : server.strip();
        certificateAuthority = certificateAuthority == null ? "" : certificateAuthority.strip();
        if (server != null) {
            requireHttpsUrl(server);
        }
        if (certificateAuthority.length() > MAX_CERTIFICATE_AUTHORITY_LENGTH) {
            throw new IllegalArgumentException("the certificate authority is limited to " + MAX_CERTIFICATE_AUTHORITY_LENGTH
                + " characters of PEM");
        }
    }

    private static void requireHttpsUrl(String server) {
        try {
            URI uri = new URI(server);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null
                || uri.getUserInfo() != null) {
                throw new IllegalArgumentException("the API server URL '" + server + "' must be https://<host>[:port][/path]"
                    + " (kubectl sends tokens only over TLS)");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the API server URL '" + server + "' is not a URL: " + e.getReason());
        }
    }
}
