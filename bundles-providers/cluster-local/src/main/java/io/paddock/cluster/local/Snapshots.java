package io.paddock.cluster.local;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.cluster.ClusterException;
import io.paddock.api.cluster.ClusterSnapshot;
import io.paddock.localcluster.LocalCluster;
import io.paddock.localcluster.LocalClusterException;

/**
 * etcd snapshots of the local clusters, on demand and on each cluster's schedule: {@code <name>.db}
 * (owner-only: it holds every Secret of the cluster) with {@code <name>.properties} saying which
 * Kubernetes version wrote it. Scheduled snapshots beyond the retention are deleted, oldest first;
 * those taken on demand stay until the cluster is deleted.
 */
final class Snapshots implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("(manual|scheduled)-\\d{8}-\\d{6}-\\d{3}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final String SCHEDULED = "scheduled-";
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);

    private final Function<String, LocalCluster> clusters;
    private final Function<String, Path> directories;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
        r -> new Thread(r, "paddock-local-cluster-snapshots"));
    private final Map<String, ScheduledFuture<?>> schedules = new ConcurrentHashMap<>();

    Snapshots(Function<String, LocalCluster> clusters, Function<String, Path> directories) {
        this.clusters = clusters;
        this.directories = directories;
    }

    /** Takes a snapshot of {@code cluster} every {@code intervalMinutes} (none for 0), keeping the newest {@code retention}. */
    void schedule(String cluster, int intervalMinutes, int retention) {
        unschedule(cluster);
        if (intervalMinutes > 0) {
            schedules.put(cluster, scheduler.scheduleAtFixedRate(() -> scheduled(cluster, retention), intervalMinutes,
                intervalMinutes, TimeUnit.MINUTES));
        }
    }

    void unschedule(String cluster) {
        ScheduledFuture<?> schedule = schedules.remove(cluster);
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    private void scheduled(String cluster, int retention) {
        try {
            ClusterSnapshot taken = take(cluster, true);
            List<ClusterSnapshot> old = list(cluster).stream().filter(ClusterSnapshot::scheduled).toList();
            for (ClusterSnapshot expired : old.subList(0, Math.max(0, old.size() - retention))) {
                Files.deleteIfExists(file(cluster, expired.name()));
                Files.deleteIfExists(metadata(cluster, expired.name()));
            }
            LOG.info("Local cluster '{}': scheduled snapshot {} ({} bytes)", cluster, taken.name(), taken.sizeBytes());
        } catch (RuntimeException | IOException e) {
            LOG.warn("Local cluster '{}': scheduled snapshot failed: {}", cluster, e.getMessage());
        }
    }

    ClusterSnapshot take(String cluster, boolean scheduled) {
        LocalCluster running = clusters.apply(cluster);
        Instant now = Instant.now();
        String name = (scheduled ? SCHEDULED : "manual-") + STAMP.format(now);
        try {
            Files.createDirectories(directories.apply(cluster));
            Properties metadata = new Properties();
            metadata.setProperty("kubernetesVersion", running.kubernetesVersion());
            metadata.setProperty("createdAt", now.toString());
            try (Writer out = Files.newBufferedWriter(metadata(cluster, name))) {
                metadata.store(out, "etcd snapshot of " + cluster);
            }
            try {
                running.saveSnapshot(file(cluster, name));
            } catch (LocalClusterException e) {
                Files.deleteIfExists(metadata(cluster, name));
                throw e;
            }
            return read(cluster, name);
        } catch (LocalClusterException e) {
            throw new ClusterException("SnapshotFailed", "local cluster '" + cluster + "': " + e.getMessage());
        } catch (IOException e) {
            throw new ClusterException("SnapshotFailed", "local cluster '" + cluster + "': cannot write the snapshot: "
                + e.getMessage());
        }
    }

    /** The cluster's snapshots, oldest first. */
    List<ClusterSnapshot> list(String cluster) {
        Path dir = directories.apply(cluster);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ClusterSnapshot> found = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path db : files.filter(f -> f.getFileName().toString().endsWith(".db")).toList()) {
                String name = db.getFileName().toString().replaceFirst("\\.db$", "");
                if (NAME.matcher(name).matches() && Files.isRegularFile(metadata(cluster, name))) {
                    found.add(read(cluster, name));
                }
            }
        } catch (IOException e) {
            throw new ClusterException("SnapshotsUnreadable", "cannot list the snapshots of '" + cluster + "': " + e.getMessage());
        }
        found.sort(Comparator.comparing(ClusterSnapshot::createdAt));
        return found;
    }

    /** An existing snapshot's file; the name is checked first, so it cannot point outside the cluster's snapshots. */
    Path existing(String cluster, String snapshot) {
        if (snapshot == null || !NAME.matcher(snapshot).matches()) {
            throw new IllegalArgumentException("snapshot: '" + snapshot + "' is not a snapshot name like manual-20261205-130102-000");
        }
        Path file = file(cluster, snapshot);
        if (!Files.isRegularFile(file)) {
            throw new ClusterException("NotFound", "cluster '" + cluster + "' has no snapshot '" + snapshot + "'");
        }
        return file;
    }

    private Path file(String cluster, String snapshot) {
        return directories.apply(cluster).resolve(snapshot + ".db");
    }

    private Path metadata(String cluster, String snapshot) {
        return directories.apply(cluster).resolve(snapshot + ".properties");
    }

    private ClusterSnapshot read(String cluster, String name) throws IOException {
        Properties metadata = new Properties();
        try (Reader in = Files.newBufferedReader(metadata(cluster, name))) {
            metadata.load(in);
        }
        return new ClusterSnapshot(name, Instant.parse(metadata.getProperty("createdAt")), Files.size(file(cluster, name)),
            name.startsWith(SCHEDULED), metadata.getProperty("kubernetesVersion"));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
