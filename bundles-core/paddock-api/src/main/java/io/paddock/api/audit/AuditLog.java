package io.paddock.api.audit;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The audit trail. Writing never fails the audited action: a failure to record is logged instead. */
@ProviderType
public interface AuditLog {

    void record(AuditEvent event);

    /** The newest events first, at most {@code limit}. */
    List<AuditEvent> latest(int limit);
}
