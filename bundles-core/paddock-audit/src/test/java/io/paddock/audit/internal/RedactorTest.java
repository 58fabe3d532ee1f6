package io.paddock.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void jaasPasswordsAreRedacted() {
        assertEquals("jaas:realm-manage --realm karaf; jaas:user-add admin ********; jaas:update",
            Redactor.redact("jaas:realm-manage --realm karaf; jaas:user-add admin s3cr3t-pw; jaas:update"));
        assertEquals("jaas:useradd bob ********", Redactor.redact("jaas:useradd bob \"two words\""));
    }

    @Test
    void secretOptionsAndSettingsAreRedacted() {
        assertEquals("tool --password ******** --name x", Redactor.redact("tool --password hunter2 --name x"));
        assertEquals("tool --api-token=********", Redactor.redact("tool --api-token=abc"));
        assertEquals("config:property-set -p io.paddock.store password ********",
            Redactor.redact("config:property-set -p io.paddock.store password hunter2"));
        assertEquals("x bootstrap.password=********", Redactor.redact("x bootstrap.password=hunter2"));
    }

    @Test
    void ordinaryCommandsStayReadable() {
        String command = "paddock:cluster-import -k /tmp/prod.kubeconfig --display-name \"Prod EU\" prod";
        assertEquals(command, Redactor.redact(command));
        assertEquals("config:property-set -p io.paddock.kube request.timeout.seconds 45",
            Redactor.redact("config:property-set -p io.paddock.kube request.timeout.seconds 45"));
    }
}
