package io.paddock.testbed;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** What the throwaway servers of the test bed (PostgreSQL, slapd) share: ports, commands, logs, clean-up. */
public final class ServerProcesses {

    private static final int LOG_TAIL_LINES = 20;

    private ServerProcesses() {
    }

    /**
     * Runs a command to its end and returns its output (stdout and stderr together).
     *
     * @param input         written to its standard input, or {@code null}
     * @param failureDetail appended to the error when the command fails, e.g. the server's log
     * @throws IllegalStateException when it cannot start, fails or outlasts {@code timeoutSeconds}
     */
    public static String run(ProcessBuilder builder, String input, long timeoutSeconds, Supplier<String> failureDetail) {
        List<String> command = builder.command();
        try {
            Process process = builder.redirectErrorStream(true).start();
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + output
                    + failureDetail.get());
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /** The last lines of a server's log as a paragraph for an error message; empty when there is none. */
    public static String logTail(Path log, String server) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n" + server + " log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Deletes a server's temporary directory; one left behind is harmless. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
