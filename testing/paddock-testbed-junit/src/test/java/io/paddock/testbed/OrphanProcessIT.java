package io.paddock.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.paddock.localcluster.internal.ProcessGuard;

/** A JVM killed with SIGKILL runs no shutdown hook; its cluster's processes must still not survive it. */
class OrphanProcessIT {

    @Test
    void watchdogStopsTheClusterWhenItsJvmIsKilled() throws Exception {
        // with metrics, so metrics-server is covered too
        Process jvm = startChild("orphan-watchdog", "metrics");
        List<Long> pids = readyPids(jvm, 6);
        jvm.destroyForcibly().waitFor();
        awaitAllDead(pids, Duration.ofSeconds(30));
        Path pidFile = TestBedExtension.workRoot().resolve("orphan-watchdog").resolve(ProcessGuard.PID_FILE);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.exists(pidFile) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Files.notExists(pidFile), "the watchdog removes the pid file when done");
    }

    @Test
    void nextStartReapsWhatAKilledWatchdogLeftBehind() throws Exception {
        Process jvm = startChild("orphan-reaper", "metrics");
        List<Long> pids = readyPids(jvm, 6);
        Path dir = TestBedExtension.workRoot().resolve("orphan-reaper");
        // kill the watchdog first, then the JVM: the worst case, nothing left to clean up
        ProcessHandle watchdog = jvm.descendants()
            .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains("paddock-watchdog")).orElse(false))
            .findFirst().orElseThrow(() -> new AssertionError("no watchdog process"));
        watchdog.destroyForcibly();
        watchdog.onExit().get();
        jvm.destroyForcibly().waitFor();
        Thread.sleep(1000);
        assertTrue(pids.stream().allMatch(OrphanProcessIT::alive), "processes should survive until reaped");

        assertEquals(pids.size(), ProcessGuard.reapOrphans(dir.getParent()));
        awaitAllDead(pids, Duration.ofSeconds(10));
        assertTrue(Files.notExists(dir.resolve(ProcessGuard.PID_FILE)));
    }

    private static Process startChild(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), ClusterInChildJvm.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
            .redirectErrorStream(true)
            .start();
    }

    private static List<Long> readyPids(Process jvm, int processes) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("READY ")) {
                List<Long> pids = Arrays.stream(line.substring(6).split(" ")).map(Long::valueOf).toList();
                assertEquals(processes, pids.size(), line);
                return pids;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("child JVM ended before its cluster was ready:\n" + seen);
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.isPresent() && handle.get().isAlive();
    }

    private static void awaitAllDead(List<Long> pids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pids.stream().anyMatch(OrphanProcessIT::alive)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still running after " + timeout + ": "
                    + pids.stream().filter(OrphanProcessIT::alive).toList());
            }
            Thread.sleep(250);
        }
    }
}
