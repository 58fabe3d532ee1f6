package io.paddock.agent;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server only through the CA whose certificate has the pinned SHA-256 checksum, like
 * Rancher's {@code CATTLE_CA_CHECKSUM}. The server must send that CA in its chain (Paddock's
 * generated key store does); the chain is then checked by the JDK's PKIX validation with that CA as
 * the only trust anchor, host name included, so a certificate from any other CA, or one for another
 * host, is refused. The system trust store plays no part.
 */
final class PinnedCaTrustManager extends X509ExtendedTrustManager {

    private final byte[] checksum;

    /** @param checksumHex SHA-256 of the CA certificate's DER encoding, hex */
    PinnedCaTrustManager(String checksumHex) {
        this.checksum = HexFormat.of().parseHex(checksumHex);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        anchoredAtPinnedCa(chain).checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        anchoredAtPinnedCa(chain).checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        anchoredAtPinnedCa(chain).checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the agent accepts no TLS clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("the agent accepts no TLS clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the agent accepts no TLS clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    private X509ExtendedTrustManager anchoredAtPinnedCa(X509Certificate[] chain) throws CertificateException {
        for (X509Certificate certificate : chain) {
            if (MessageDigest.isEqual(checksum, sha256(certificate.getEncoded()))) {
                return trusting(certificate);
            }
        }
        throw new CertificateException("the server's certificate (" + chain[0].getSubjectX500Principal()
            + ") does not come with the CA whose SHA-256 is PADDOCK_CA_CHECKSUM " + HexFormat.of().formatHex(checksum)
            + "; either the server is not the Paddock server this agent was registered with, or it does not send its CA");
    }

    private static X509ExtendedTrustManager trusting(X509Certificate ca) throws CertificateException {
        TrustManager[] managers;
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            anchors.setCertificateEntry("paddock-ca", ca);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(anchors);
            managers = factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new CertificateException("cannot check the server's certificate: " + e.getMessage(), e);
        }
        for (TrustManager manager : managers) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new CertificateException("the JDK offers no PKIX trust manager");
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
