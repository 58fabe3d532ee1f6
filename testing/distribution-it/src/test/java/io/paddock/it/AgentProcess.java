package io.paddock.it;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.paddock.localcluster.LocalCluster;

/**
 * The cluster agent's jar run as a local process with the configuration its Deployment gets from
 * the manifest Paddock generates, the service account's token and the cluster's CA as files, as
 * they would be mounted. The manifest must have been applied to the cluster (it creates the
 * service account).
 */
public final class AgentProcess implements AutoCloseable {

    private static final Path JAR = Path.of(System.getProperty("paddock.it.artifacts", "target/artifacts"), "paddock-agent.jar");

    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Applies the manifest to the cluster as its administrator: what {@code kubectl apply -f} prints. */
    public static String apply(LocalCluster cluster, String manifest, Path dir) throws IOException, InterruptedException {
        Path file = Files.createDirectories(dir).resolve("agent-manifest.yaml");
        Files.writeString(file, manifest);
        return run(cluster.kubectlCommand("apply", "-f", file.toString()));
    }

    /**
     * Starts the cluster agent with the manifest's settings and {@code registrationToken} (the
     * manifest's own unless given); it logs to {@code dir/agent.log}.
     */
    public static AgentProcess start(LocalCluster cluster, String manifest, String registrationToken, Path dir)
        throws IOException, InterruptedException {
        return start(cluster, manifest, registrationToken, dir, "cluster");
    }

    /** As {@link #start(LocalCluster, String, String, Path)}, as a {@code cluster} or a {@code node} agent. */
    public static AgentProcess start(LocalCluster cluster, String manifest, String registrationToken, Path dir, String kind)
        throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("token"), registrationToken == null ? value(manifest, "token") : registrationToken);
        Files.writeString(dir.resolve("sa-token"), run(cluster.kubectlCommand("create", "token", "paddock-agent", "-n",
            "paddock-system", "--duration=2h")));
        Files.writeString(dir.resolve("ca.crt"), cluster.caCertificatePem());
        URI api = URI.create(cluster.server());
        Path log = dir.resolve("agent.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", JAR.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("PADDOCK_SERVER", value(manifest, "PADDOCK_SERVER"));
        env.put("PADDOCK_CA_CHECKSUM", value(manifest, "PADDOCK_CA_CHECKSUM"));
        env.put("PADDOCK_TOKEN_FILE", dir.resolve("token").toString());
        env.put("PADDOCK_CLUSTER_API", api.getHost() + ":" + api.getPort());
        env.put("PADDOCK_CLUSTER_TOKEN_FILE", dir.resolve("sa-token").toString());
        env.put("PADDOCK_CLUSTER_CA_FILE", dir.resolve("ca.crt").toString());
        env.put("PADDOCK_AGENT_KIND", kind);
        return new AgentProcess(builder.start(), log);
    }

    /** The first value of {@code key} in a manifest: an env entry of the Deployment, or the Secret's token. */
    public static String value(String manifest, String key) {
        Matcher env = Pattern.compile("name: " + key + "\\n\\s+value: \"([^\"]*)\"").matcher(manifest);
        if (env.find()) {
            return env.group(1);
        }
        Matcher plain = Pattern.compile("\\n\\s+" + key + ": \"([^\"]*)\"").matcher(manifest);
        if (plain.find()) {
            return plain.group(1);
        }
        throw new IllegalArgumentException("no " + key + " in the manifest");
    }

    public long pid() {
        return process.pid();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Sends a signal, e.g. {@code STOP} to freeze the agent as a silent network would, {@code CONT} to resume it. */
    public void signal(String signal) throws IOException, InterruptedException {
        run(List.of("kill", "-" + signal, Long.toString(process.pid())));
    }

    /** Kills it at once, as a crashed pod. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (run.waitFor() != 0) {
            throw new IOException(String.join(" ", command.subList(0, Math.min(3, command.size()))) + " failed: " + out);
        }
        return out;
    }
}
