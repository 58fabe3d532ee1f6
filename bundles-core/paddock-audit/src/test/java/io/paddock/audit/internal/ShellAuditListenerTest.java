package io.paddock.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.paddock.api.audit.AuditEvent;
import io.paddock.api.audit.AuditLog;

class ShellAuditListenerTest {

    private final List<AuditEvent> recorded = new ArrayList<>();
    private final AuditLog log = new AuditLog() {
        @Override
        public void record(AuditEvent event) {
            recorded.add(event);
        }

        @Override
        public List<AuditEvent> latest(int limit) {
            return recorded;
        }
    };
    private final ShellAuditListener listener = new ShellAuditListener(log,
        Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));
    private final SessionVariables session = new SessionVariables(Map.of("USER", "alice"));

    @Test
    void changesAreRecordedWithUserOutcomeAndRedaction() {
        listener.afterExecute(session.proxy(), "paddock:cluster-remove prod", (Object) null);
        listener.afterExecute(session.proxy(), "jaas:user-add bob hunter2", new IllegalStateException("realm is read-only"));
        assertEquals(2, recorded.size());
        assertEquals(new AuditEvent(Instant.parse("2026-11-25T12:00:00Z"), "alice", "shell", "paddock:cluster-remove prod", true, ""),
            recorded.get(0));
        assertEquals("jaas:user-add bob ********", recorded.get(1).action());
        assertFalse(recorded.get(1).success());
        assertEquals("realm is read-only", recorded.get(1).message());
    }

    @Test
    void readsAndTheInitScriptAreNotRecorded() {
        for (String read : List.of("paddock:cluster-list", "paddock:cluster-describe prod", "bundle:list -s", "paddock:health",
            "feature:list -i", "paddock:kube-check -k x", "help")) {
            listener.afterExecute(session.proxy(), read, (Object) null);
        }
        listener.afterExecute(session.proxy(), "\n// Licensed to the Apache Software Foundation\nfoo = { bar }\n", (Object) null);
        assertTrue(recorded.isEmpty(), recorded.toString());
    }
}
