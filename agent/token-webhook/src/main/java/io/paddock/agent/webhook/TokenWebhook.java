package io.paddock.agent.webhook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

/**
 * Paddock's token webhook: checks Paddock API tokens for a cluster's kube-apiserver
 * ({@code --authentication-token-webhook-config-file}) against the hashes Paddock mirrors into the
 * cluster, which it watches with its own credentials. It never calls Paddock, so direct access keeps
 * working while Paddock is down. Configured by environment, see {@link WebhookSettings}.
 */
public final class TokenWebhook {

    static {
        // one line per record on stderr, which is what kubectl logs shows; -D overrides it
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        }
    }

    private static final String SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
    private static final Logger LOG = LoggerFactory.getLogger(TokenWebhook.class);

    private TokenWebhook() {
    }

    public static void main(String[] args) {
        WebhookSettings settings;
        SSLContext tls;
        Config config;
        try {
            settings = WebhookSettings.from(System.getenv());
            tls = settings.tls() ? TlsFiles.serverContext(settings.certificate(), settings.key()) : null;
            config = clusterConfig(settings.kubeconfig());
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("paddock-token-webhook: " + e.getMessage());
            System.exit(2);
            return;
        }
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
            .build();
        SharedIndexInformer<Secret> secrets = client.secrets().inNamespace(settings.namespace())
            .withLabel(MirroredToken.LABEL, MirroredToken.LABEL_VALUE).runnableInformer(0);
        // the API server may be down or our access not granted yet: keep trying, /healthz says 503 meanwhile
        secrets.exceptionHandler((started, error) -> !ExceptionHandler.isDeserializationException(error));
        secrets.start().thenRun(() -> LOG.info("Read the mirrored tokens in namespace {}: {} Secrets", settings.namespace(),
            secrets.getStore().list().size()));
        TokenReviews reviews = new TokenReviews(name -> secrets.getStore().getByKey(settings.namespace() + "/" + name),
            secrets::hasSynced, Clock.systemUTC());
        ReviewServer server;
        try {
            server = ReviewServer.start(settings.listen(), tls, reviews, secrets::hasSynced);
        } catch (IOException e) {
            System.err.println("paddock-token-webhook: cannot listen on " + settings.listen() + ": " + e.getMessage());
            client.close();
            System.exit(2);
            return;
        }
        LOG.info("Serving TokenReviews on {}://{}{} for the Paddock tokens mirrored into {} of {}", tls == null ? "http" : "https",
            hostPort(server), ReviewServer.REVIEW_PATH, settings.namespace(), config.getMasterUrl());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            secrets.close();
            client.close();
        }, "shutdown"));
    }

    /** The kubeconfig's current context, else the Pod's service account (and never a stray ~/.kube/config). */
    private static Config clusterConfig(Path kubeconfig) throws IOException {
        if (kubeconfig != null) {
            return Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
        }
        if (!Files.isReadable(Path.of(SERVICE_ACCOUNT_TOKEN)) || System.getenv("KUBERNETES_SERVICE_HOST") == null) {
            throw new IllegalArgumentException("not in a Pod with a service account: set " + WebhookSettings.KUBECONFIG
                + " to a kubeconfig that may read Secrets in the mirror's namespace");
        }
        System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
        return Config.autoConfigure(null);
    }

    private static String hostPort(ReviewServer server) {
        String host = server.address().getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + server.address().getPort();
    }
}
