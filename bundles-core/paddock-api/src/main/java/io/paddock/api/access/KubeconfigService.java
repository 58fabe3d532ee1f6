package io.paddock.api.access;

import org.osgi.annotation.versioning.ProviderType;

/** Kubeconfigs that reach clusters through Paddock's proxy, for the API, the shell and the console. */
@ProviderType
public interface KubeconfigService {

    /**
     * A kubeconfig for kubectl and helm with a new API token of the caller, pointing at the proxy's
     * HTTPS address on {@code host} and trusting Paddock's CA.
     *
     * @param host the host name the caller reaches Paddock by
     * @throws AccessDeniedException when the caller has no access to the cluster
     */
    String kubeconfig(Identity caller, String cluster, String host);

    /**
     * Paddock's HTTPS base URL as clients should use it: the {@code server-url} setting, else the
     * HTTPS connector on {@code host}.
     */
    String serverUrl(String host);

    /** The CA certificate (PEM) that signed Paddock's HTTPS certificate, which clients must trust. */
    String certificateAuthority();
}
