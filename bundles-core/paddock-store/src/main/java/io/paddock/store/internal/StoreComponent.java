package io.paddock.store.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.config.InvalidSettingException;
import io.paddock.api.store.Store;
import io.paddock.api.store.StoreException;
import io.paddock.api.system.HealthCheck;
import io.paddock.api.system.HealthResult;

/**
 * Opens the configured database and registers the {@link Store} service once it is ready; until
 * then, and whenever the database is unreachable, its health check says why. Opening runs on its
 * own thread and is retried, so a PostgreSQL server that starts after Paddock is picked up. A
 * configuration change restarts the component, which also rereads the key file.
 */
@Component(name = StoreSettings.PID, configurationPid = StoreSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
    immediate = true, service = HealthCheck.class, property = HealthCheck.NAME_PROPERTY + "=store")
public class StoreComponent implements HealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);
    private static final long RETRY_SECONDS = 15;

    private BundleContext context;
    private StoreSettings settings;
    private ScheduledExecutorService opener;
    private volatile JdbcStore store;
    private volatile ServiceRegistration<Store> registration;
    private volatile String problem;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        try {
            settings = StoreSettings.from(properties, Path.of(System.getProperty("karaf.data", "data"), "paddock"),
                Path.of(System.getProperty("karaf.etc", "etc")));
        } catch (InvalidSettingException e) {
            problem = e.getMessage();
            LOG.error(problem);
            return;
        }
        problem = "opening " + settings;
        opener = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "paddock-store-open"));
        opener.execute(this::open);
    }

    private void open() {
        try {
            JdbcStore opened = JdbcStore.open(settings, Clock.systemUTC());
            store = opened;
            Dictionary<String, Object> serviceProperties = new Hashtable<>();
            serviceProperties.put("paddock.store.backend", settings.backend().configName());
            registration = context.registerService(Store.class, opened, serviceProperties);
            problem = null;
            LOG.info("store ready: {}", settings);
        } catch (StoreException e) {
            problem = e.getMessage() + "; retrying every " + RETRY_SECONDS + " s";
            LOG.error("store not available: {}", problem);
            opener.schedule(this::open, RETRY_SECONDS, TimeUnit.SECONDS);
        } catch (RuntimeException | LinkageError e) {
            // a bug or a broken installation, not a database outage: keep the details in the log
            problem = "store failed to open (" + e.getClass().getSimpleName() + ", see data/log/karaf.log); retrying every "
                + RETRY_SECONDS + " s";
            LOG.error("store failed to open", e);
            opener.schedule(this::open, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        if (opener != null) {
            opener.shutdownNow();
            try {
                opener.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ServiceRegistration<Store> registered = registration;
        if (registered != null) {
            registered.unregister();
        }
        JdbcStore opened = store;
        if (opened != null) {
            opened.close();
        }
    }

    @Override
    public HealthResult check() {
        String current = problem;
        if (current != null) {
            return HealthResult.down(current);
        }
        try {
            return HealthResult.up(store.describe());
        } catch (StoreException e) {
            return HealthResult.down(e.getMessage());
        }
    }
}
