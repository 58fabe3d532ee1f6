package io.paddock.localcluster.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One control-plane process with its log file: started here, or adopted from an earlier JVM (then
 * its exit code is unknown).
 */
public final class Component {

    private static final int TAIL_BYTES = 4096;

    private final String name;
    private final ProcessHandle process;
    private final Process started;
    private final Path log;

    private Component(String name, ProcessHandle process, Process started, Path log) {
        this.name = name;
        this.process = process;
        this.started = started;
        this.log = log;
    }

    /** A process that an earlier JVM started, found alive by its pid. */
    public static Component adopt(String name, ProcessHandle process, Path log) {
        return new Component(name, process, null, log);
    }

    public static Component start(String name, List<String> command, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
        return new Component(name, process.toHandle(), process, log);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Resident memory from /proc, in KiB; 0 when the process is gone. */
    public long residentKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException gone) {
            return 0;
        }
        return 0;
    }

    /** Why it is not running: exit code and the end of its log, for error messages. */
    public String describeExit() {
        String code = process.isAlive() ? "still running"
            : started == null ? "exited" : "exited with code " + started.exitValue();
        return name + " " + code + "; last lines of " + log + ":\n" + tail();
    }

    public String tail() {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            try {
                process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                process.destroyForcibly();
                process.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
        }
    }
}
