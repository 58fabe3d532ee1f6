package io.paddock.localcluster.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates of one local cluster: a CA, one loopback serving certificate shared by the
 * control-plane components (kwok's fake kubelet endpoint and metrics-server included), an admin client certificate in {@code system:masters}, the front-proxy
 * client, the API server's kubelet client certificate and the service-account signing key. RSA 2048: every client reads it (fabric8 cannot read
 * PKCS#8 EC client keys from a kubeconfig).
 */
public final class Pki {

    /** Host name the API server expects in the metrics-server's certificate (its Service's DNS name). */
    public static final String METRICS_SERVER_DNS = "metrics-server.kube-system.svc";

    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final String SIGNATURE = "SHA256withRSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    final KeyPair caKey;
    final X509Certificate caCert;
    final KeyPair servingKey;
    final X509Certificate servingCert;
    final KeyPair adminKey;
    final X509Certificate adminCert;
    final KeyPair frontProxyKey;
    final X509Certificate frontProxyCert;
    final KeyPair kubeletClientKey;
    final X509Certificate kubeletClientCert;
    final KeyPair serviceAccountKey;

    private Pki(String clusterName) throws GeneralSecurityException, IOException, OperatorCreationException {
        caKey = newKey();
        caCert = sign(new X500Name("CN=paddock-" + clusterName + "-ca"), caKey, null, true, null, null);
        servingKey = newKey();
        servingCert = sign(new X500Name("CN=kube-apiserver"), servingKey, caCert, false, KeyPurposeId.id_kp_serverAuth,
            new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "10.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.dNSName, "kubernetes"),
                new GeneralName(GeneralName.dNSName, "kubernetes.default"),
                new GeneralName(GeneralName.dNSName, "kubernetes.default.svc"),
                new GeneralName(GeneralName.dNSName, "kubernetes.default.svc.cluster.local"),
                // the aggregator checks an APIService backend against <service>.<namespace>.svc
                new GeneralName(GeneralName.dNSName, METRICS_SERVER_DNS)}));
        adminKey = newKey();
        adminCert = sign(new X500Name("O=system:masters,CN=paddock-admin"), adminKey, caCert, false,
            KeyPurposeId.id_kp_clientAuth, null);
        frontProxyKey = newKey();
        frontProxyCert = sign(new X500Name("CN=front-proxy-client"), frontProxyKey, caCert, false,
            KeyPurposeId.id_kp_clientAuth, null);
        // kube-apiserver's identity towards the kubelets (kwok's emulated kubelet endpoint): exec, logs, port-forward.
        // Its own certificate on the front-proxy client's key pair: RSA key generation is most of this class's cost
        kubeletClientKey = frontProxyKey;
        kubeletClientCert = sign(new X500Name("CN=kube-apiserver-kubelet-client"), kubeletClientKey, caCert, false,
            KeyPurposeId.id_kp_clientAuth, null);
        serviceAccountKey = newKey();
    }

    private Pki(Path dir) throws IOException, GeneralSecurityException {
        caCert = readCertificate(dir.resolve("ca.crt"));
        caKey = new KeyPair(caCert.getPublicKey(), readKey(dir.resolve("ca.key")));
        servingCert = readCertificate(dir.resolve("serving.crt"));
        servingKey = new KeyPair(servingCert.getPublicKey(), readKey(dir.resolve("serving.key")));
        adminCert = readCertificate(dir.resolve("admin.crt"));
        adminKey = new KeyPair(adminCert.getPublicKey(), readKey(dir.resolve("admin.key")));
        frontProxyCert = readCertificate(dir.resolve("front-proxy-client.crt"));
        frontProxyKey = new KeyPair(frontProxyCert.getPublicKey(), readKey(dir.resolve("front-proxy-client.key")));
        kubeletClientCert = readCertificate(dir.resolve("kubelet-client.crt"));
        kubeletClientKey = new KeyPair(kubeletClientCert.getPublicKey(), readKey(dir.resolve("kubelet-client.key")));
        PrivateKey saPrivate = readKey(dir.resolve("sa.key"));
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(dir.resolve("sa.pub")))) {
            serviceAccountKey = new KeyPair(new JcaPEMKeyConverter().getPublicKey((SubjectPublicKeyInfo) parser.readObject()),
                saPrivate);
        }
    }

    /** The certificates {@link #write} wrote to {@code dir}, e.g. of a cluster an earlier JVM created. */
    public static Pki read(Path dir) {
        try {
            return new Pki(dir);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("cannot read the certificates in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A new client certificate (PEM) and its key (PKCS#8 PEM) for user {@code commonName}, signed by this CA. */
    public ClientCertificate clientCertificate(String commonName) {
        try {
            KeyPair key = newKey();
            X509Certificate cert = sign(new X500Name(new RDN[] {new RDN(BCStyle.CN, new DERUTF8String(commonName))}), key, caCert,
                false, KeyPurposeId.id_kp_clientAuth, null);
            return new ClientCertificate(pem(cert), pem(key.getPrivate()));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a client certificate: " + e.getMessage(), e);
        }
    }

    /** A client certificate and its private key, both PEM. */
    public record ClientCertificate(String certificatePem, String keyPem) {
        @Override
        public String toString() {
            return "ClientCertificate[key redacted]";
        }
    }

    private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey readKey(Path file) throws IOException {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
        }
    }

    public static Pki generate(String clusterName) {
        try {
            return new Pki(clusterName);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate certificates: " + e.getMessage(), e);
        }
    }

    /** Writes the PEM files the components read; private keys readable by the owner only. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writePublic(dir.resolve("ca.crt"), pem(caCert));
        writePrivate(dir.resolve("ca.key"), pem(caKey.getPrivate()));
        writePublic(dir.resolve("serving.crt"), pem(servingCert));
        writePrivate(dir.resolve("serving.key"), pem(servingKey.getPrivate()));
        writePublic(dir.resolve("admin.crt"), pem(adminCert));
        writePrivate(dir.resolve("admin.key"), pem(adminKey.getPrivate()));
        writePublic(dir.resolve("front-proxy-client.crt"), pem(frontProxyCert));
        writePrivate(dir.resolve("front-proxy-client.key"), pem(frontProxyKey.getPrivate()));
        writePublic(dir.resolve("kubelet-client.crt"), pem(kubeletClientCert));
        writePrivate(dir.resolve("kubelet-client.key"), pem(kubeletClientKey.getPrivate()));
        writePrivate(dir.resolve("sa.key"), pem(serviceAccountKey.getPrivate()));
        writePublic(dir.resolve("sa.pub"), pem(serviceAccountKey.getPublic()));
    }

    public String caPem() {
        return pem(caCert);
    }

    public String adminCertPem() {
        return pem(adminCert);
    }

    public String adminKeyPem() {
        return pem(adminKey.getPrivate());
    }

    /** TLS as the cluster admin: client certificate plus trust in the cluster CA only. */
    public SSLContext adminSslContext() {
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("admin", adminKey.getPrivate(), password, new X509Certificate[] {adminCert, caCert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), caTrustManagers(), RANDOM);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the admin TLS context: " + e.getMessage(), e);
        }
    }

    /** TLS for a client of a server with the serving certificate: trust in this CA only, no client certificate. */
    public SSLContext caTrustSslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, caTrustManagers(), RANDOM);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context trusting the CA: " + e.getMessage(), e);
        }
    }

    private TrustManager[] caTrustManagers() throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", caCert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    private X509Certificate sign(X500Name subject, KeyPair subjectKey, X509Certificate issuer, boolean ca,
                                 KeyPurposeId purpose, GeneralNames altNames)
        throws GeneralSecurityException, IOException, OperatorCreationException {
        Instant now = Instant.now();
        X500Name issuerName = issuer == null ? subject : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, new BigInteger(127, RANDOM),
            Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject, subjectKey.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey.getPublic()));
        if (ca) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
        } else {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(issuer));
        }
        if (altNames != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, altNames);
        }
        PrivateKey signer = issuer == null ? subjectKey.getPrivate() : caKey.getPrivate();
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    }

    static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            // PKCS#8 ("PRIVATE KEY"), the form Go, OpenSSL, kubectl and fabric8 all read
            writer.writeObject(object instanceof PrivateKey key ? new JcaPKCS8Generator(key, null) : object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writePublic(Path file, String content) throws IOException {
        Files.writeString(file, content);
    }

    public static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }
}
