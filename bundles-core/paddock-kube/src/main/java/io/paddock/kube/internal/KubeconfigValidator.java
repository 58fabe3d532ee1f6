package io.paddock.kube.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.paddock.kube.InvalidKubeconfigException;

/**
 * Checks that a kubeconfig is complete and self-contained before fabric8 sees it. fabric8 would
 * happily run {@code exec} plugins and read local files, which is right for a developer's laptop and
 * wrong for a server that accepts kubeconfigs from users.
 */
final class KubeconfigValidator {

    /** The parts of a kubeconfig that one context selects. */
    record Selection(String context, String server) {
    }

    private final KubernetesSerialization serialization;

    KubeconfigValidator(KubernetesSerialization serialization) {
        this.serialization = serialization;
    }

    Selection validate(String kubeconfig, String requestedContext) {
        if (kubeconfig == null || kubeconfig.isBlank()) {
            throw new InvalidKubeconfigException("kubeconfig is empty");
        }
        Config config;
        try {
            config = serialization.unmarshal(kubeconfig, Config.class);
        } catch (RuntimeException e) {
            // the parser's own message may quote the document, and kubeconfigs hold secrets: give the position only
            throw new InvalidKubeconfigException("kubeconfig is not valid YAML or JSON" + position(e));
        }
        if (config == null || !"Config".equals(config.getKind()) && config.getKind() != null) {
            throw new InvalidKubeconfigException("document is not a kubeconfig (kind must be 'Config')");
        }
        String contextName = requestedContext != null && !requestedContext.isBlank()
            ? requestedContext : config.getCurrentContext();
        if (contextName == null || contextName.isBlank()) {
            throw new InvalidKubeconfigException("kubeconfig has no current-context; name the context to use");
        }
        NamedContext context = find(config.getContexts(), NamedContext::getName, contextName)
            .orElseThrow(() -> new InvalidKubeconfigException("kubeconfig has no context named '" + contextName + "'"));
        if (context.getContext() == null || context.getContext().getCluster() == null) {
            throw new InvalidKubeconfigException("context '" + contextName + "' names no cluster");
        }
        String clusterName = context.getContext().getCluster();
        NamedCluster cluster = find(config.getClusters(), NamedCluster::getName, clusterName)
            .orElseThrow(() -> new InvalidKubeconfigException(
                "context '" + contextName + "' refers to cluster '" + clusterName + "', which the kubeconfig does not define"));
        String server = requireServer(cluster);
        if (cluster.getCluster().getCertificateAuthority() != null) {
            throw fileReference("cluster '" + clusterName + "'", "certificate-authority", "certificate-authority-data");
        }
        String userName = context.getContext().getUser();
        if (userName != null) {
            NamedAuthInfo user = find(config.getUsers(), NamedAuthInfo::getName, userName)
                .orElseThrow(() -> new InvalidKubeconfigException(
                    "context '" + contextName + "' refers to user '" + userName + "', which the kubeconfig does not define"));
            requireInlineCredentials(userName, user.getUser());
        }
        return new Selection(contextName, server);
    }

    private static String requireServer(NamedCluster cluster) {
        String server = cluster.getCluster() == null ? null : cluster.getCluster().getServer();
        if (server == null || server.isBlank()) {
            throw new InvalidKubeconfigException("cluster '" + cluster.getName() + "' has no server URL");
        }
        try {
            URI uri = new URI(server);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new InvalidKubeconfigException("cluster '" + cluster.getName() + "' server '" + server
                    + "' is not an http(s) URL such as https://10.0.0.1:6443");
            }
        } catch (URISyntaxException e) {
            throw new InvalidKubeconfigException("cluster '" + cluster.getName() + "' server '" + server + "' is not a valid URL");
        }
        return server;
    }

    private static void requireInlineCredentials(String userName, AuthInfo user) {
        if (user == null) {
            return;
        }
        String owner = "user '" + userName + "'";
        if (user.getExec() != null) {
            throw new InvalidKubeconfigException(owner + " uses an exec credential plugin ('" + user.getExec().getCommand()
                + "'); Paddock does not run commands from kubeconfigs. Use a token or client certificate, e.g. a"
                + " ServiceAccount token from 'kubectl create token'");
        }
        if (user.getAuthProvider() != null) {
            throw new InvalidKubeconfigException(owner + " uses the auth-provider '" + user.getAuthProvider().getName()
                + "', which Paddock does not run. Use a token or client certificate");
        }
        if (user.getTokenFile() != null) {
            throw fileReference(owner, "tokenFile", "token");
        }
        if (user.getClientCertificate() != null) {
            throw fileReference(owner, "client-certificate", "client-certificate-data");
        }
        if (user.getClientKey() != null) {
            throw fileReference(owner, "client-key", "client-key-data");
        }
    }

    private static InvalidKubeconfigException fileReference(String owner, String field, String inlineField) {
        return new InvalidKubeconfigException(owner + " refers to a file with '" + field + "'; Paddock accepts only"
            + " self-contained kubeconfigs: put the content inline with '" + inlineField + "'"
            + " (kubectl config view --minify --flatten does this)");
    }

    private static <T> Optional<T> find(List<T> items, Function<T, String> name, String wanted) {
        return items == null ? Optional.empty() : items.stream().filter(i -> wanted.equals(name.apply(i))).findFirst();
    }

    private static String position(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException json && json.getLocation() != null) {
                return " (near line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
            }
        }
        return "";
    }
}
