package io.paddock.security.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.paddock.api.access.User;
import io.paddock.api.auth.ExternalGroup;
import io.paddock.api.auth.ExternalIdentity;
import io.paddock.api.store.ConflictException;
import io.paddock.api.store.ListPage;
import io.paddock.api.store.ListQuery;
import io.paddock.api.store.NotFoundException;
import io.paddock.api.store.Page;
import io.paddock.api.store.RecordContent;
import io.paddock.api.store.Store;
import io.paddock.api.store.StoreRecord;

/**
 * Users as {@code user} records. Local users are named by their login; users of other providers by
 * {@code u-} and a hash of provider and provider id, so that a renamed GitHub login or a second LDAP
 * with the same uid never takes over another person's grants.
 */
final class UserRegistry {

    static final String KIND = "user";
    static final String LOCAL_PROVIDER = "local";
    private static final Pattern LOCAL_LOGIN = Pattern.compile("[a-z0-9]([-a-z0-9._]{0,61}[a-z0-9])?");
    private static final int MAX_ATTEMPTS = 5;

    /** The data document of a user record. */
    record UserData(String displayName, String provider, String login, String externalId, boolean enabled,
                    List<String> groups, Instant lastLogin) {
    }

    private final Store store;
    private final Clock clock;

    UserRegistry(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static String userName(ExternalIdentity identity) {
        if (LOCAL_PROVIDER.equals(identity.provider())) {
            return identity.login();
        }
        return "u-" + TokenRegistry.sha256(identity.provider() + "\n" + identity.id()).substring(0, 20);
    }

    static String requireLocalLogin(String login) {
        if (login == null || !LOCAL_LOGIN.matcher(login).matches()) {
            throw new IllegalArgumentException("user name '" + (login == null ? "" : login) + "' is invalid: use 1 to 63"
                + " lower-case letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
        }
        return login;
    }

    static List<String> qualifiedGroups(ExternalIdentity identity) {
        List<String> groups = new ArrayList<>();
        for (ExternalGroup group : identity.groups()) {
            groups.add(identity.provider() + ":" + group.id());
        }
        return groups;
    }

    /** Creates or refreshes the user a provider vouched for, recording the login and current groups. */
    User recordLogin(ExternalIdentity identity) {
        String name = userName(identity);
        Instant now = clock.instant();
        for (int attempt = 1; ; attempt++) {
            Optional<StoreRecord> existing = store.get(KIND, name);
            try {
                if (existing.isEmpty()) {
                    UserData data = new UserData(identity.displayName(), identity.provider(), identity.login(), identity.id(),
                        true, qualifiedGroups(identity), now);
                    return user(store.create(KIND, name, content(data)));
                }
                UserData old = RecordJson.read(existing.get().data(), UserData.class);
                UserData data = new UserData(identity.displayName(), old.provider(), identity.login(), old.externalId(),
                    old.enabled(), qualifiedGroups(identity), now);
                return user(store.update(KIND, name, existing.get().resourceVersion(), content(data)));
            } catch (ConflictException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Creates the record of a new local user; fails with {@link ConflictException} when the name is taken. */
    User createLocal(String login, String displayName) {
        UserData data = new UserData(displayName, LOCAL_PROVIDER, login, login, true, List.of(), null);
        return user(store.create(KIND, login, content(data)));
    }

    Optional<User> get(String name) {
        return store.get(KIND, name).map(UserRegistry::user);
    }

    List<User> all() {
        List<User> users = new ArrayList<>();
        ListQuery query = ListQuery.all().withLimit(ListQuery.MAX_LIMIT);
        while (true) {
            ListPage page = store.list(KIND, query);
            page.items().forEach(record -> users.add(user(record)));
            if (!page.hasMore()) {
                return users;
            }
            query = query.continueFrom(page.continueToken());
        }
    }

    Page<User> page(ListQuery query) {
        return Page.of(store.list(KIND, query), UserRegistry::user);
    }

    User setEnabled(String name, boolean enabled) {
        for (int attempt = 1; ; attempt++) {
            StoreRecord record = store.get(KIND, name).orElseThrow(() -> new NotFoundException("user '" + name + "' not found"));
            UserData old = RecordJson.read(record.data(), UserData.class);
            UserData data = new UserData(old.displayName(), old.provider(), old.login(), old.externalId(), enabled, old.groups(),
                old.lastLogin());
            try {
                return user(store.update(KIND, name, record.resourceVersion(), content(data)));
            } catch (ConflictException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    void delete(String name) {
        store.delete(KIND, name);
    }

    private static RecordContent content(UserData data) {
        return new RecordContent(Map.of(TokenRegistry.PROVIDER_LABEL, data.provider()), RecordJson.write(data), Map.of());
    }

    private static User user(StoreRecord record) {
        UserData data = RecordJson.read(record.data(), UserData.class);
        return new User(record.name(), data.displayName(), data.provider(), data.login(), data.enabled(), data.groups(),
            record.createdAt(), data.lastLogin());
    }
}
