package io.paddock.api.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How to send requests to one cluster as Paddock's impersonator: an identity that can do nothing
 * but impersonate Paddock's users and the groups bound there, with a short-lived token.
 */
@ProviderType
public interface ClusterConnection {

    /** Base URL of the API server. */
    URI server();

    /** A client that trusts the cluster's CA (and nothing else, unless the kubeconfig said so). */
    HttpClient httpClient();

    /** The impersonator's current bearer token; renewed before it expires. */
    String bearerToken();

    /** Downstream group names the impersonator may use in this cluster. */
    Set<String> impersonableGroups();
}
