package io.paddock.management.internal;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.paddock.api.cluster.ClusterConnection;
import io.paddock.api.cluster.ClusterException;
import io.paddock.kube.ServerTrust;

/**
 * Paddock's identity for proxied requests in one cluster: the impersonator service account, with
 * tokens from the TokenRequest API that live an hour and are renewed when less than a fifth of
 * that is left. No token Secret is ever created, so nothing long-lived can leak.
 */
final class Impersonator implements ClusterConnection {

    private static final long TOKEN_SECONDS = 3600;

    private final String cluster;
    private final KubernetesClient admin;
    private final Supplier<Set<String>> groups;
    private final Clock clock;
    private final URI server;
    private final HttpClient http;
    private String token;
    private Instant renewAt = Instant.MIN;

    Impersonator(String cluster, KubernetesClient admin, Supplier<Set<String>> groups, Clock clock) {
        this.cluster = cluster;
        this.admin = admin;
        this.groups = groups;
        this.clock = clock;
        Config config = admin.getConfiguration();
        String master = config.getMasterUrl();
        this.server = URI.create(master.endsWith("/") ? master.substring(0, master.length() - 1) : master);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
            .sslContext(sslContext(config)).build();
    }

    @Override
    public URI server() {
        return server;
    }

    @Override
    public HttpClient httpClient() {
        return http;
    }

    @Override
    public synchronized String bearerToken() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(renewAt)) {
            try {
                TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(TOKEN_SECONDS).endSpec().build();
                TokenRequest issued = admin.serviceAccounts().inNamespace(RbacModel.SYSTEM_NAMESPACE)
                    .withName(RbacModel.IMPERSONATOR).tokenRequest(request);
                token = issued.getStatus().getToken();
                renewAt = now.plusSeconds(TOKEN_SECONDS * 4 / 5);
            } catch (RuntimeException e) {
                throw new ClusterException("Unreachable", "cluster '" + cluster + "': cannot get a token for Paddock's"
                    + " impersonator: " + e.getMessage());
            }
        }
        return token;
    }

    @Override
    public Set<String> impersonableGroups() {
        return groups.get();
    }

    private static SSLContext sslContext(Config config) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManager[] trust;
            if (config.isTrustCerts()) {
                trust = new TrustManager[] {new TrustEverything()}; // the kubeconfig said insecure-skip-tls-verify
            } else if (config.getTlsServerName() != null && !config.getTlsServerName().isBlank()) {
                // reached at another address than its certificate names (the agent tunnel, or tls-server-name)
                return ServerTrust.forServer(new String(Base64.getDecoder().decode(config.getCaCertData().replaceAll("\\s", "")),
                    StandardCharsets.US_ASCII), config.getTlsServerName()).sslContext();
            } else if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                byte[] pem = Base64.getDecoder().decode(config.getCaCertData().replaceAll("\\s", ""));
                int index = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem))) {
                    store.setCertificateEntry("ca-" + index++, certificate);
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                trust = factory.getTrustManagers();
            } else {
                return SSLContext.getDefault();
            }
            context.init(null, trust, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException e) {
            throw new ClusterException("InvalidKubeconfig", "the cluster's certificate authority cannot be read: " + e.getMessage());
        }
    }

    /** Only for kubeconfigs that disable verification themselves. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // not a server
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // verification disabled by the kubeconfig
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
