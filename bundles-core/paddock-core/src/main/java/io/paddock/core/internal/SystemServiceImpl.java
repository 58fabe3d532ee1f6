package io.paddock.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.paddock.api.system.HealthCheck;
import io.paddock.api.system.HealthReport;
import io.paddock.api.system.HealthResult;
import io.paddock.api.system.HealthStatus;
import io.paddock.api.system.ProductInfo;
import io.paddock.api.system.SystemService;

/** Folds the health checks that bundles register, as they come and go, into one report. */
@Component(service = SystemService.class)
public class SystemServiceImpl implements SystemService {

    private final Map<HealthCheck, String> checks = new ConcurrentHashMap<>();
    private final Clock clock;
    private ProductInfo product;

    public SystemServiceImpl() {
        this(Clock.systemUTC());
    }

    SystemServiceImpl(Clock clock) {
        this.clock = clock;
    }

    @Activate
    void activate() {
        product = new ProductInfo("Paddock", readBuildVersion(), System.getProperty("java.version"),
            System.getProperty("karaf.version", "unknown"));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHealthCheck(HealthCheck check, Map<String, Object> properties) {
        Object name = properties.get(HealthCheck.NAME_PROPERTY);
        checks.put(check, name != null ? name.toString() : check.getClass().getName());
    }

    void removeHealthCheck(HealthCheck check) {
        checks.remove(check);
    }

    @Override
    public ProductInfo product() {
        return product;
    }

    @Override
    public HealthReport health() {
        Map<String, HealthResult> results = new TreeMap<>();
        HealthStatus overall = HealthStatus.UP;
        for (Map.Entry<HealthCheck, String> entry : checks.entrySet()) {
            HealthResult result;
            try {
                result = entry.getKey().check();
            } catch (RuntimeException e) {
                // a broken check must not hide the others
                result = HealthResult.down("check failed: " + e.getClass().getSimpleName());
            }
            results.put(entry.getValue(), result);
            overall = overall.and(result.status());
        }
        return new HealthReport(overall, results, clock.instant());
    }

    private static String readBuildVersion() {
        Properties build = new Properties();
        try (InputStream in = SystemServiceImpl.class.getResourceAsStream("product.properties")) {
            build.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("product.properties missing from io.paddock.core", e);
        }
        return build.getProperty("version");
    }
}
