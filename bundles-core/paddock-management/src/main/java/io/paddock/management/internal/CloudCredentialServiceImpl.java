package io.paddock.management.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.Identity;
import io.paddock.api.access.Scope;
import io.paddock.api.cluster.ResourceNames;
import io.paddock.api.credential.CloudCredential;
import io.paddock.api.credential.CloudCredentialService;
import io.paddock.api.store.ConflictException;
import io.paddock.api.store.NotFoundException;
import io.paddock.api.store.RecordContent;
import io.paddock.api.store.Store;
import io.paddock.api.store.StoreRecord;
import io.paddock.api.system.RequestConflictException;

/**
 * Cloud credentials as {@code cloudcredential} records: type, description, non-secret fields and
 * owner as data, the secret values as encrypted secrets (which never enter the change feed).
 */
@Component(service = CloudCredentialService.class)
public class CloudCredentialServiceImpl implements CloudCredentialService {

    static final String KIND = "cloudcredential";
    static final String OWNER_LABEL = "paddock.io/owner";
    private static final String RESOURCE = "cloudcredentials";
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,62}");
    private static final int MAX_VALUE = 16 * 1024;
    private static final int MAX_ENTRIES = 32;

    /** The data document of a credential record. */
    record CredentialData(String type, String description, Map<String, String> fields, String owner) {
    }

    private final Store store;
    private final AccessControl access;

    @Activate
    public CloudCredentialServiceImpl(@Reference Store store, @Reference AccessControl access) {
        this.store = store;
        this.access = access;
    }

    @Override
    public List<CloudCredential> list(Identity caller) {
        access.require(caller, "list", RESOURCE, Scope.GLOBAL);
        Map<String, String> labels = access.isAdmin(caller) ? Map.of() : Map.of(OWNER_LABEL, caller.user());
        return ClusterRecords.listAll(store, KIND, labels).stream().map(CloudCredentialServiceImpl::credential).toList();
    }

    @Override
    public Optional<CloudCredential> get(Identity caller, String name) {
        access.require(caller, "get", RESOURCE, Scope.GLOBAL);
        return visibleRecord(caller, name).map(CloudCredentialServiceImpl::credential);
    }

    @Override
    public CloudCredential create(Identity caller, String name, String type, String description, Map<String, String> fields,
                                  Map<String, String> secrets) {
        access.require(caller, "create", RESOURCE, Scope.GLOBAL);
        ResourceNames.requireDns1123Label("cloud credential", name);
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("type must be a lower-case word naming the provider, e.g. aws");
        }
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("a cloud credential needs at least one secret value");
        }
        requireEntries("fields", fields == null ? Map.of() : fields);
        requireEntries("secrets", secrets);
        String text = description == null ? "" : description.strip();
        if (text.length() > 1024) {
            throw new IllegalArgumentException("description is limited to 1024 characters");
        }
        CredentialData data = new CredentialData(type, text, fields == null ? Map.of() : fields, caller.user());
        try {
            return credential(store.create(KIND, name, new RecordContent(Map.of(OWNER_LABEL, caller.user()),
                ClusterRecords.write(data), secrets)));
        } catch (ConflictException e) {
            throw new RequestConflictException("a cloud credential named '" + name + "' already exists");
        }
    }

    @Override
    public void delete(Identity caller, String name) {
        access.require(caller, "delete", RESOURCE, Scope.GLOBAL);
        StoreRecord record = visibleRecord(caller, name).orElseThrow(() -> notFound(name));
        store.delete(KIND, record.name(), record.resourceVersion());
    }

    @Override
    public Map<String, String> secrets(Identity caller, String name) {
        access.require(caller, "get", RESOURCE, Scope.GLOBAL);
        return visibleRecord(caller, name).orElseThrow(() -> notFound(name)).secrets();
    }

    /** Another user's credential is answered as missing: its existence is not theirs to know. */
    private Optional<StoreRecord> visibleRecord(Identity caller, String name) {
        ResourceNames.requireDns1123Label("cloud credential", name);
        return store.get(KIND, name).filter(r -> access.isAdmin(caller) || caller.user().equals(r.labels().get(OWNER_LABEL)));
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("cloud credential '" + name + "' not found");
    }

    private static void requireEntries(String what, Map<String, String> entries) {
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException(what + ": at most " + MAX_ENTRIES + " entries");
        }
        entries.forEach((key, value) -> {
            if (key == null || !KEY.matcher(key).matches()) {
                throw new IllegalArgumentException(what + ": key '" + key + "' is invalid: use letters, digits, '_', '.', '-',"
                    + " starting with a letter");
            }
            if (value == null || value.isEmpty() || value.length() > MAX_VALUE) {
                throw new IllegalArgumentException(what + ": the value of '" + key + "' must be 1 to " + MAX_VALUE + " characters");
            }
        });
    }

    private static CloudCredential credential(StoreRecord record) {
        CredentialData data = ClusterRecords.read(record.data(), CredentialData.class);
        return new CloudCredential(record.name(), data.type(), data.description(), data.fields(),
            List.copyOf(new TreeSet<>(record.secrets().keySet())), data.owner(), record.createdAt(), record.resourceVersion());
    }
}
