package io.paddock.agent.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The webhook's serving certificate and key from PEM files, as cert-manager, kubeadm or openssl write them. */
final class TlsFiles {

    private static final Pattern PKCS8 = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private TlsFiles() {
    }

    /** @throws IllegalArgumentException naming the file that cannot be used and why */
    static SSLContext serverContext(Path certificateFile, Path keyFile) throws IOException {
        Certificate[] chain;
        try (InputStream in = Files.newInputStream(certificateFile)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(new Certificate[0]);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(certificateFile + " is not a PEM certificate chain: " + e.getMessage());
        }
        if (chain.length == 0) {
            throw new IllegalArgumentException(certificateFile + " holds no certificate");
        }
        PrivateKey key = privateKey(keyFile);
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("webhook", key, password, chain);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the key in " + keyFile + " does not fit the certificate in " + certificateFile
                + ": " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        String pem = Files.readString(file);
        Matcher block = PKCS8.matcher(pem);
        if (!block.find()) {
            throw new IllegalArgumentException(file + " holds no PKCS#8 private key (-----BEGIN PRIVATE KEY-----); convert an RSA"
                + " or EC key with: openssl pkcs8 -topk8 -nocrypt -in <key> -out <key.pk8>");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(block.group(1)));
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException notThisAlgorithm) {
                // try the next
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(algorithm + " keys are part of every Java runtime", e);
            }
        }
        throw new IllegalArgumentException(file + " holds a private key that is neither RSA nor EC");
    }
}
