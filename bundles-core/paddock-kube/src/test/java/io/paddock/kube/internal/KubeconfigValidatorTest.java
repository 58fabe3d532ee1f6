package io.paddock.kube.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.paddock.kube.InvalidKubeconfigException;

class KubeconfigValidatorTest {

    private final KubeconfigValidator validator = new KubeconfigValidator(new KubernetesSerialization());

    private static String kubeconfig(String clusterExtra, String userBlock) {
        return """
            apiVersion: v1
            kind: Config
            current-context: admin@prod
            clusters:
            - name: prod
              cluster:
                server: https://127.0.0.1:6443
            %s
            contexts:
            - name: admin@prod
              context: {cluster: prod, user: admin}
            - name: broken
              context: {cluster: missing, user: admin}
            users:
            - name: admin
              user:
            %s
            """.formatted(clusterExtra, userBlock);
    }

    private static final String TOKEN_USER = "    token: s3cr3t-token-value";

    @Test
    void selectsCurrentContextAndServer() {
        KubeconfigValidator.Selection s = validator.validate(kubeconfig("", TOKEN_USER), null);
        assertEquals("admin@prod", s.context());
        assertEquals("https://127.0.0.1:6443", s.server());
    }

    @Test
    void refusesExecPluginsBecauseTheServerWouldRunThem() {
        String exec = """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: /bin/sh
                  args: ["-c", "touch /tmp/pwned"]
            """;
        String message = assertThrows(InvalidKubeconfigException.class,
            () -> validator.validate(kubeconfig("", exec), null)).getMessage();
        assertTrue(message.startsWith("user 'admin' uses an exec credential plugin ('/bin/sh')"), message);
    }

    @Test
    void refusesFileReferencesOnTheServer() {
        assertTrue(assertThrows(InvalidKubeconfigException.class,
                () -> validator.validate(kubeconfig("", "    tokenFile: /etc/shadow"), null)).getMessage()
            .contains("refers to a file with 'tokenFile'"));
        assertTrue(assertThrows(InvalidKubeconfigException.class,
                () -> validator.validate(kubeconfig("", "    client-key: /root/.ssh/id_rsa"), null)).getMessage()
            .contains("'client-key'"));
        assertTrue(assertThrows(InvalidKubeconfigException.class,
                () -> validator.validate(kubeconfig("    certificate-authority: /etc/ca.crt", TOKEN_USER), null))
            .getMessage().contains("cluster 'prod' refers to a file with 'certificate-authority'"));
    }

    @Test
    void namesMissingContextsAndClusters() {
        assertEquals("kubeconfig has no context named 'other'", assertThrows(InvalidKubeconfigException.class,
            () -> validator.validate(kubeconfig("", TOKEN_USER), "other")).getMessage());
        assertEquals("context 'broken' refers to cluster 'missing', which the kubeconfig does not define",
            assertThrows(InvalidKubeconfigException.class,
                () -> validator.validate(kubeconfig("", TOKEN_USER), "broken")).getMessage());
    }

    @Test
    void refusesGarbageWithoutEchoingIt() {
        String secretGarbage = "token: [s3cr3t-unclosed";
        String message = assertThrows(InvalidKubeconfigException.class,
            () -> validator.validate(secretGarbage, null)).getMessage();
        assertTrue(message.startsWith("kubeconfig is not valid YAML or JSON"), message);
        assertFalse(message.contains("s3cr3t"), message);
        assertEquals("kubeconfig is empty",
            assertThrows(InvalidKubeconfigException.class, () -> validator.validate("  ", null)).getMessage());
    }

    @Test
    void refusesNonHttpServers() {
        String config = kubeconfig("", TOKEN_USER).replace("https://127.0.0.1:6443", "file:///etc/passwd");
        assertTrue(assertThrows(InvalidKubeconfigException.class, () -> validator.validate(config, null))
            .getMessage().contains("is not an http(s) URL"));
    }
}
