package io.paddock.management.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.paddock.api.setting.Setting;
import io.paddock.api.setting.SettingService;
import io.paddock.api.store.NotFoundException;
import io.paddock.api.store.RecordContent;
import io.paddock.api.store.Store;
import io.paddock.api.store.StoreRecord;

/** Settings as {@code setting} records; the known settings, their defaults and checks are defined here. */
@Component(service = SettingService.class)
public class SettingServiceImpl implements SettingService {

    static final String KIND = "setting";
    private static final int MAX_TEXT = 200;

    /** A known setting: its default, what it is for, and the check that returns the value to store. */
    private record Definition(String defaultValue, String description, UnaryOperator<String> check) {
    }

    /** The data document of a setting record. */
    record SettingData(String value) {
    }

    private static final Map<String, Definition> DEFINITIONS = Map.of(
        SERVER_URL, new Definition("", "Paddock's public HTTPS URL, e.g. https://paddock.example.org:8443, used in kubeconfigs"
            + " and login callbacks; empty: the address each request came to", SettingServiceImpl::serverUrl),
        UI_BANNER, new Definition("", "Text the console shows on every page (at most " + MAX_TEXT + " characters); empty: none",
            SettingServiceImpl::banner),
        KUBECONFIG_TOKEN_TTL_DAYS, new Definition("30", "Days the token of a downloaded kubeconfig lasts, 1 to 365",
            SettingServiceImpl::days));

    private final Store store;

    @Activate
    public SettingServiceImpl(@Reference Store store) {
        this.store = store;
    }

    @Override
    public List<Setting> list() {
        return DEFINITIONS.keySet().stream().sorted().map(this::read).toList();
    }

    @Override
    public Optional<Setting> get(String name) {
        return DEFINITIONS.containsKey(name) ? Optional.of(read(name)) : Optional.empty();
    }

    @Override
    public String value(String name) {
        return read(definedName(name)).value();
    }

    @Override
    public Setting set(String name, String value, long expectedVersion) {
        Definition definition = DEFINITIONS.get(definedName(name));
        String checked = definition.check().apply(value == null ? "" : value.strip());
        RecordContent content = RecordContent.of(ClusterRecords.write(new SettingData(checked)));
        if (expectedVersion == 0) {
            store.create(KIND, name, content);
        } else {
            store.update(KIND, name, expectedVersion, content);
        }
        return read(name);
    }

    @Override
    public Setting reset(String name) {
        definedName(name);
        try {
            store.delete(KIND, name);
        } catch (NotFoundException alreadyDefault) {
            // nothing stored: the default applies already
        }
        return read(name);
    }

    private Setting read(String name) {
        Definition definition = DEFINITIONS.get(name);
        Optional<StoreRecord> stored = store.get(KIND, name);
        String value = stored.map(r -> ClusterRecords.read(r.data(), SettingData.class).value()).orElse(definition.defaultValue());
        return new Setting(name, value, definition.defaultValue(), definition.description(),
            stored.map(StoreRecord::resourceVersion).orElse(0L));
    }

    private static String definedName(String name) {
        if (name == null || !DEFINITIONS.containsKey(name)) {
            throw new IllegalArgumentException("unknown setting '" + name + "'; settings are " + DEFINITIONS.keySet().stream()
                .sorted().toList());
        }
        return name;
    }

    private static String serverUrl(String value) {
        if (value.isEmpty()) {
            return value;
        }
        try {
            URI uri = new URI(value);
            if ("https".equals(uri.getScheme()) && uri.getHost() != null && (uri.getPath() == null || uri.getPath().isEmpty()
                || "/".equals(uri.getPath())) && uri.getQuery() == null && uri.getFragment() == null) {
                return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(SERVER_URL + " must be an https URL with a host and no path, e.g."
            + " https://paddock.example.org:8443");
    }

    private static String banner(String value) {
        if (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(UI_BANNER + " takes at most " + MAX_TEXT + " characters on one line");
        }
        return value;
    }

    private static String days(String value) {
        try {
            int days = Integer.parseInt(value);
            if (days >= 1 && days <= 365) {
                return Integer.toString(days);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(KUBECONFIG_TOKEN_TTL_DAYS + " must be a whole number of days from 1 to 365");
    }
}
