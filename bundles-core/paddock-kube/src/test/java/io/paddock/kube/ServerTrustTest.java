package io.paddock.kube;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates made with the JDK's keytool: a cluster CA, its API server's certificate, and another CA's. */
class ServerTrustTest {

    @TempDir
    static Path dir;
    private static String clusterCa;
    private static X509Certificate[] apiServer;
    private static X509Certificate[] otherServer;

    @BeforeAll
    static void certificates() throws Exception {
        clusterCa = ca("cluster-ca");
        ca("other-ca");
        apiServer = server("cluster-ca", "apiserver", "dns:kubernetes.default.svc,dns:*.example.org,ip:10.96.0.1");
        otherServer = server("other-ca", "impostor", "dns:kubernetes.default.svc,ip:10.96.0.1");
    }

    @Test
    void theClustersCertificateIsTrustedForItsNamesWhereverItIsReached() throws Exception {
        for (String name : List.of("kubernetes.default.svc", "KUBERNETES.default.svc", "10.96.0.1", "api.example.org")) {
            ServerTrust.forServer(clusterCa, name).checkServerTrusted(apiServer, "RSA");
        }
    }

    @Test
    void otherNamesAndOtherAuthoritiesAreRefused() {
        for (String name : List.of("127.0.0.1", "kubernetes", "a.b.example.org", "example.org", "10.96.0.2")) {
            CertificateException refused = assertThrows(CertificateException.class,
                () -> ServerTrust.forServer(clusterCa, name).checkServerTrusted(apiServer, "RSA"), name);
            assertTrue(refused.getMessage().contains("not valid for '" + name + "'"), refused.getMessage());
        }
        assertThrows(CertificateException.class,
            () -> ServerTrust.forServer(clusterCa, "kubernetes.default.svc").checkServerTrusted(otherServer, "RSA"));
        assertThrows(IllegalArgumentException.class, () -> ServerTrust.forServer("not a certificate", "x"));
    }

    @Test
    void wildcardsCoverOneLabelOnly() throws Exception {
        assertTrue(ServerTrust.validFor(apiServer[0], "api.example.org"));
        assertFalse(ServerTrust.validFor(apiServer[0], "deep.api.example.org"));
    }

    private static String ca(String alias) throws Exception {
        keytool("-genkeypair", "-alias", alias, "-dname", "CN=" + alias, "-ext", "bc:c", "-keyalg", "RSA", "-keysize", "2048");
        keytool("-exportcert", "-rfc", "-alias", alias, "-file", dir.resolve(alias + ".pem").toString());
        return Files.readString(dir.resolve(alias + ".pem"));
    }

    private static X509Certificate[] server(String ca, String alias, String names) throws Exception {
        keytool("-genkeypair", "-alias", alias, "-dname", "CN=" + alias, "-keyalg", "RSA", "-keysize", "2048");
        keytool("-certreq", "-alias", alias, "-file", dir.resolve(alias + ".csr").toString());
        keytool("-gencert", "-alias", ca, "-infile", dir.resolve(alias + ".csr").toString(), "-outfile",
            dir.resolve(alias + ".pem").toString(), "-rfc", "-ext", "san=" + names);
        List<X509Certificate> chain = new ArrayList<>();
        for (String file : List.of(alias + ".pem", ca + ".pem")) {
            try (InputStream in = Files.newInputStream(dir.resolve(file))) {
                chain.add((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
        }
        return chain.toArray(new X509Certificate[0]);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-keystore", dir.resolve("keys.p12").toString(), "-storepass", "changeit", "-keypass", "changeit", "-noprompt"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + ": " + output);
        }
    }
}
