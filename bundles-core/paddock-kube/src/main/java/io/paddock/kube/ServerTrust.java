package io.paddock.kube;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Trust for an API server reached at another address than the name its certificate holds, as
 * through the agent tunnel (a loopback port whose far end is {@code kubernetes.default.svc} or the
 * service IP), or as a kubeconfig's {@code tls-server-name} asks: the chain must lead to the
 * cluster's own CA and the server certificate must be valid for the expected name. The JDK's
 * HTTP client checks names against the address it dials and cannot be told another name; that
 * check lives in the JDK's own trust manager, which this one replaces, doing both checks itself.
 */
public final class ServerTrust extends X509ExtendedTrustManager {

    private final X509TrustManager chain;
    private final String serverName;

    private ServerTrust(X509TrustManager chain, String serverName) {
        this.chain = chain;
        this.serverName = serverName;
    }

    /**
     * @param caPem      the cluster's CA certificates, PEM
     * @param serverName the host name or IP address the server certificate must be valid for
     * @throws IllegalArgumentException when the CA cannot be read
     */
    public static ServerTrust forServer(String caPem, String serverName) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
            if (index == 0) {
                throw new IllegalArgumentException("no certificate in the CA data");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return new ServerTrust(x509, serverName);
                }
            }
            throw new IllegalStateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("the cluster's CA certificate cannot be read: " + e.getMessage(), e);
        }
    }

    /** An SSL context that trusts only this server. */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {this}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
        chain.checkServerTrusted(certificates, authType); // the two-argument form checks the chain, not the name
        if (!validFor(certificates[0], serverName)) {
            throw new CertificateException("the API server's certificate is not valid for '" + serverName + "'");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
        throw new CertificateException("not a server's trust");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(certificates, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(certificates, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chain.getAcceptedIssuers();
    }

    /** RFC 6125 matching on the subject alternative names: IP addresses exactly, DNS names with a left-most wildcard. */
    static boolean validFor(X509Certificate certificate, String name) throws CertificateParsingException {
        Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
        if (alternatives == null) {
            return false;
        }
        InetAddress address = ipLiteral(name);
        for (List<?> alternative : alternatives) {
            int type = (Integer) alternative.get(0);
            String value = (String) alternative.get(1);
            if (address != null && type == 7 && address.equals(ipLiteral(value))) {
                return true;
            }
            if (address == null && type == 2 && dnsMatches(value.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean dnsMatches(String pattern, String name) {
        if (pattern.startsWith("*.")) {
            int dot = name.indexOf('.');
            return dot > 0 && name.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(name);
    }

    private static InetAddress ipLiteral(String text) {
        boolean literal = text.indexOf(':') >= 0 || text.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        if (!literal) {
            return null;
        }
        try {
            return InetAddress.getByName(text.startsWith("[") ? text.substring(1, text.length() - 1) : text); // no lookup for literals
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
