package io.paddock.localcluster.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes sure no control-plane process outlives the JVM that started it, even when that JVM is killed
 * with SIGKILL (where shutdown hooks do not run). Three layers: the pid file of each cluster, a
 * watchdog shell that kills the recorded processes once the JVM is gone, and a reaper that a later
 * start runs over the pid files of dead JVMs (in case the watchdog was killed too).
 *
 * <p>A {@linkplain #detached(Path) detached} guard only keeps the pid file: its processes are meant to
 * outlive the JVM (clusters Paddock created keep serving while it is down) and a later JVM adopts them
 * through {@link #recorded(Path)}; the reaper leaves them alone.
 */
public final class ProcessGuard {

    public static final String PID_FILE = "paddock-cluster.pids";
    private static final String DETACHED = "detached";

    private static final String WATCHDOG = """
        jvm=$1; pidfile=$2
        while kill -0 "$jvm" 2>/dev/null; do
          [ -f "$pidfile" ] || exit 0
          sleep 1
        done
        [ -f "$pidfile" ] || exit 0
        pids=$(awk 'NR > 1 {print $2}' "$pidfile")
        kill -TERM $pids 2>/dev/null
        for i in 1 2 3 4 5 6 7 8 9 10; do
          alive=
          for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
          [ -n "$alive" ] || break
          sleep 0.5
        done
        kill -KILL $pids 2>/dev/null
        rm -f "$pidfile"
        """;

    private final Path pidFile;
    private final Map<String, Long> pids = new LinkedHashMap<>();

    private final boolean detached;

    public ProcessGuard(Path workDir) throws IOException {
        this(workDir, false);
    }

    private ProcessGuard(Path workDir, boolean detached) throws IOException {
        this.pidFile = workDir.resolve(PID_FILE);
        this.detached = detached;
        if (detached) {
            pids.putAll(recorded(workDir));
            write();
            return;
        }
        write();
        new ProcessBuilder("sh", "-c", WATCHDOG, "paddock-watchdog", Long.toString(ProcessHandle.current().pid()),
            pidFile.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectErrorStream(true)
            .start();
    }

    /** A guard that records processes without tying them to this JVM, keeping what an earlier JVM recorded. */
    public static ProcessGuard detached(Path workDir) throws IOException {
        return new ProcessGuard(workDir, true);
    }

    /** Process ids by component name from a detached guard's pid file; empty when there is none. */
    public static Map<String, Long> recorded(Path workDir) throws IOException {
        Path file = workDir.resolve(PID_FILE);
        Map<String, Long> recorded = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return recorded;
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(DETACHED)) {
            return recorded;
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split(" ");
            recorded.put(parts[0], Long.parseLong(parts[1]));
        }
        return recorded;
    }

    /** Whether {@code pid} is alive and runs a command mentioning {@code text} (pids get reused). */
    public static boolean runs(long pid, String text) {
        return commandLineMentions(pid, text);
    }

    /** Records a component's process, replacing the entry of an earlier process of the same component. */
    public synchronized void record(Component component) throws IOException {
        pids.put(component.name(), component.pid());
        write();
    }

    /** Orderly stop done: the watchdog exits once the file is gone. */
    public synchronized void release() throws IOException {
        Files.deleteIfExists(pidFile);
    }

    private void write() throws IOException {
        Path tmp = pidFile.resolveSibling(PID_FILE + ".tmp");
        StringBuilder content = new StringBuilder(detached ? DETACHED : "jvm " + ProcessHandle.current().pid()).append('\n');
        pids.forEach((name, pid) -> content.append(name).append(' ').append(pid).append('\n'));
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, pidFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Kills processes recorded in {@code root/<cluster>/paddock-cluster.pids} whose JVM is gone,
     * checking each process's command line still names that cluster's directory (pids get reused).
     *
     * @return the number of processes killed
     */
    public static int reapOrphans(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int killed = 0;
        try (DirectoryStream<Path> clusters = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path cluster : clusters) {
                Path file = cluster.resolve(PID_FILE);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                if (lines.isEmpty() || lines.get(0).equals(DETACHED)) {
                    continue; // meant to outlive its JVM
                }
                long jvm = Long.parseLong(lines.get(0).split(" ")[1]);
                if (ProcessHandle.of(jvm).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                for (String line : lines.subList(1, lines.size())) {
                    long pid = Long.parseLong(line.split(" ")[1]);
                    if (commandLineMentions(pid, cluster.toAbsolutePath().toString())) {
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                        killed++;
                    }
                }
                Files.deleteIfExists(file);
            }
        }
        return killed;
    }

    private static boolean commandLineMentions(long pid, String text) {
        try {
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                StandardCharsets.UTF_8);
            return cmdline.contains(text);
        } catch (IOException gone) {
            return false;
        }
    }
}
