package io.paddock.audit.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.paddock.api.audit.AuditEvent;
import io.paddock.api.audit.AuditLog;
import io.paddock.api.store.ListQuery;
import io.paddock.api.store.RecordContent;
import io.paddock.api.store.SortField;
import io.paddock.api.store.Store;

/** Audit events as {@code audit-event} records, named by time so names sort like the events. */
@Component(service = AuditLog.class)
public class StoreAuditLog implements AuditLog {

    static final String KIND = "audit-event";
    private static final Logger LOG = LoggerFactory.getLogger(StoreAuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Store store;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public StoreAuditLog(@Reference Store store) {
        this.store = store;
    }

    @Override
    public void record(AuditEvent event) {
        try {
            store.create(KIND, recordName(event.time()), RecordContent.of(JSON.writeValueAsString(event)));
        } catch (RuntimeException | JsonProcessingException e) {
            // the action already happened; losing its record must not turn it into a failure
            LOG.error("Audit event not recorded ({} by {} via {}): {}", event.success() ? "success" : "failure", event.user(),
                event.source(), e.getMessage());
        }
    }

    @Override
    public List<AuditEvent> latest(int limit) {
        ListQuery query = ListQuery.all().sortedBy(SortField.NAME, true).withLimit(Math.max(1, Math.min(limit, ListQuery.MAX_LIMIT)));
        return store.list(KIND, query).items().stream().map(r -> {
            try {
                return JSON.readValue(r.data(), AuditEvent.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored audit event " + r.name() + " is not readable", e);
            }
        }).toList();
    }

    private String recordName(Instant time) {
        byte[] suffix = new byte[4];
        random.nextBytes(suffix);
        return String.format("%019d-%s", time.toEpochMilli() * 1000 + (time.getNano() / 1000) % 1000, HexFormat.of().formatHex(suffix));
    }
}
