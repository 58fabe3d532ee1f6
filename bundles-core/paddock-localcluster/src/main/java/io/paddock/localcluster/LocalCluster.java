package io.paddock.localcluster;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.paddock.localcluster.internal.AdminApi;
import io.paddock.localcluster.internal.Component;
import io.paddock.localcluster.internal.Pki;
import io.paddock.localcluster.internal.ProcessGuard;

/**
 * One running local Kubernetes cluster: etcd, kube-apiserver (secure port, Node+RBAC authorization),
 * kube-controller-manager, kube-scheduler and kwok managing N fake nodes, all on free loopback
 * ports; optionally metrics-server serving {@code metrics.k8s.io} from kwok's emulated usage, and optionally
 * {@code kubectl exec}, {@code logs} and {@code port-forward} against pods, served by kwok's emulated kubelet endpoint.
 * {@link #close()} stops every process; a JVM that dies without closing is covered by
 * {@link ProcessGuard}.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Pattern NODE_READY = Pattern.compile("\"type\":\"Ready\",\"status\":\"True\"");
    private static final String HOST = "127.0.0.1";
    private static final Pattern AVAILABLE = Pattern.compile("\"type\":\"Available\",\"status\":\"True\"");

    /** CPU every container of a pod on a kwok node uses in a cluster with metrics (unless annotated otherwise). */
    public static final String CONTAINER_CPU_USAGE = "100m";
    /** Memory (working set) every container uses in a cluster with metrics (unless annotated otherwise). */
    public static final String CONTAINER_MEMORY_USAGE = "64Mi";
    /** Pod annotation overriding {@link #CONTAINER_CPU_USAGE} for each of the pod's containers, e.g. {@code 250m}. */
    public static final String CPU_USAGE_ANNOTATION = "kwok.x-k8s.io/usage-cpu";
    /** Pod annotation overriding {@link #CONTAINER_MEMORY_USAGE} for each of the pod's containers, e.g. {@code 1Gi}. */
    public static final String MEMORY_USAGE_ANNOTATION = "kwok.x-k8s.io/usage-memory";
    /** How often metrics-server scrapes the fake kubelets (its minimum). */
    public static final Duration METRICS_RESOLUTION = Duration.ofSeconds(10);
    private static final String METRICS_API_SERVICE = "v1beta1.metrics.k8s.io";

    private static final String STATE_FILE = "cluster.state";
    private static final String WEBHOOK_USER = "system:serviceaccount:paddock-system:paddock-token-webhook";

    /** Where a long operation stands: step {@code number} of {@code count}. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (number, count, description) -> { };

        void step(int number, int count, String description);
    }

    /** Loopback ports of the components, chosen once and kept across restarts. */
    private record Ports(int etcd, int etcdPeer, int apiServer, int controllerManager, int scheduler, int kwok, int metricsServer,
                         int podForward, int tokenWebhook) {

        static Ports allocate(int apiServerPort) throws IOException {
            return new Ports(LoopbackPorts.free(), LoopbackPorts.free(), apiServerPort == 0 ? LoopbackPorts.free() : apiServerPort, LoopbackPorts.free(), LoopbackPorts.free(),
                LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free());
        }

        void store(Properties state) {
            state.setProperty("port.etcd", Integer.toString(etcd));
            state.setProperty("port.etcdPeer", Integer.toString(etcdPeer));
            state.setProperty("port.apiServer", Integer.toString(apiServer));
            state.setProperty("port.controllerManager", Integer.toString(controllerManager));
            state.setProperty("port.scheduler", Integer.toString(scheduler));
            state.setProperty("port.kwok", Integer.toString(kwok));
            state.setProperty("port.metricsServer", Integer.toString(metricsServer));
            state.setProperty("port.podForward", Integer.toString(podForward));
            state.setProperty("port.tokenWebhook", Integer.toString(tokenWebhook));
        }

        static Ports load(Properties state) {
            return new Ports(port(state, "etcd"), port(state, "etcdPeer"), port(state, "apiServer"), port(state, "controllerManager"),
                port(state, "scheduler"), port(state, "kwok"), port(state, "metricsServer"), port(state, "podForward"),
                port(state, "tokenWebhook"));
        }

        private static int port(Properties state, String name) {
            return Integer.parseInt(state.getProperty("port." + name));
        }
    }

    private volatile LocalClusterSpec spec;
    private final Pki pki;
    private final AdminApi api;
    private final ProcessGuard guard;
    private final Ports ports;
    private final String server;
    private final List<Component> components = new ArrayList<>();
    private final Map<String, Long> adoptable;
    private final Thread shutdownHook = new Thread(this::stopAll, "paddock-local-cluster-stop");
    private Duration startupTime;
    private volatile boolean closed;

    private LocalCluster(LocalClusterSpec spec, Pki pki, Ports ports) throws IOException {
        this.spec = spec;
        this.pki = pki;
        this.ports = ports;
        this.server = "https://" + HOST + ":" + ports.apiServer();
        this.api = new AdminApi(pki.adminSslContext());
        Files.createDirectories(spec.workDir());
        this.adoptable = spec.persistent() ? ProcessGuard.recorded(spec.workDir()) : new LinkedHashMap<>();
        this.guard = spec.persistent() ? ProcessGuard.detached(spec.workDir()) : new ProcessGuard(spec.workDir());
    }

    /**
     * Starts a cluster in an empty work directory (whatever was there is deleted) and returns once its
     * API server is ready, controllers and scheduler are healthy, the nodes are Ready and the
     * {@code default} ServiceAccount exists (so pods can be created at once).
     *
     * @throws LocalClusterException naming the component that failed, with the end of its log
     */
    public static LocalCluster start(LocalClusterSpec spec) {
        return start(spec, Progress.NONE);
    }

    /** {@link #start(LocalClusterSpec)}, reporting each step. */
    public static LocalCluster start(LocalClusterSpec spec, Progress progress) {
        spec.binaries().requireExecutables();
        if (spec.metrics()) {
            spec.binaries().requireMetrics();
        }
        Path workDir = spec.workDir().toAbsolutePath();
        LocalClusterSpec absolute = new LocalClusterSpec(spec.name(), workDir, spec.binaries(), spec.nodes(),
            spec.tokenWebhookConfig(), spec.extraApiServerArgs(), spec.metrics(), spec.podIo(), spec.apiServerPort(),
            spec.serviceCidr(), spec.persistent(), spec.tokenWebhookJar());
        try {
            if (!spec.persistent()) {
                ProcessGuard.reapOrphans(workDir.getParent());
            }
            deleteTree(workDir);
            Files.createDirectories(workDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Pki pki = Pki.generate(spec.name());
            pki.write(workDir.resolve("pki"));
            LocalCluster cluster = new LocalCluster(absolute, pki, Ports.allocate(spec.apiServerPort()));
            if (!spec.persistent()) {
                Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
            }
            try {
                cluster.writeFiles();
                cluster.bringUp(progress);
                return cluster;
            } catch (RuntimeException | IOException e) {
                cluster.close();
                throw e;
            }
        } catch (IOException e) {
            throw new LocalClusterException("cannot start cluster '" + spec.name() + "': " + e.getMessage(), e);
        }
    }

    /**
     * A persistent cluster that an earlier JVM started in {@code workDir}: adopts its processes that still
     * run and starts the others with the same settings, certificates, ports and data.
     *
     * @param binaries the binaries of a Kubernetes version, by version (e.g. {@code v1.35.4})
     */
    public static LocalCluster resume(Path workDir, Function<String, KubeBinaries> binaries, Progress progress) {
        Path dir = workDir.toAbsolutePath();
        try {
            Properties state = readState(dir);
            List<String> extraArgs = new ArrayList<>();
            for (int i = 0; state.containsKey("apiServerArg." + i); i++) {
                extraArgs.add(state.getProperty("apiServerArg." + i));
            }
            String webhookJar = state.getProperty("tokenWebhookJar", "");
            LocalClusterSpec spec = new LocalClusterSpec(state.getProperty("name"), dir,
                binaries.apply(state.getProperty("kubernetesVersion")), Integer.parseInt(state.getProperty("nodes")), null, extraArgs,
                Boolean.parseBoolean(state.getProperty("metrics")), Boolean.parseBoolean(state.getProperty("podIo")),
                Integer.parseInt(state.getProperty("port.apiServer")), state.getProperty("serviceCidr"), true,
                webhookJar.isEmpty() ? null : Path.of(webhookJar));
            LocalCluster cluster = new LocalCluster(spec, Pki.read(dir.resolve("pki")), Ports.load(state));
            cluster.bringUp(progress);
            return cluster;
        } catch (IOException | RuntimeException e) {
            throw e instanceof LocalClusterException lce ? lce
                : new LocalClusterException("cannot resume the cluster in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code workDir} holds a persistent cluster that {@link #resume} can bring back. */
    public static boolean isResumable(Path workDir) {
        return Files.isRegularFile(workDir.resolve(STATE_FILE)) && Files.isDirectory(workDir.resolve("pki"));
    }

    private static Properties readState(Path dir) throws IOException {
        Properties state = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve(STATE_FILE), StandardCharsets.UTF_8)) {
            state.load(in);
        }
        return state;
    }

    /**
     * The state file (the component settings {@link #resume} needs, next to the certificates in {@code pki/}),
     * the admin kubeconfig and the components' configuration files; owner-only.
     */
    private void writeFiles() throws IOException {
        Path dir = spec.workDir();
        writeState();
        Pki.writePrivate(kubeconfigFile(), kubeconfig());
        if (spec.metrics()) {
            Files.writeString(dir.resolve("kwok-usage.yaml"), usageConfig());
        }
        if (spec.podIo()) {
            Files.createDirectories(podExecDir());
            Files.writeString(podLogFile(), "");
            Files.writeString(dir.resolve("kwok-pod-io.yaml"), podIoConfig(podExecDir(), podLogFile(), ports.podForward()));
        }
        if (spec.tokenWebhookJar() != null) {
            Pki.ClientCertificate identity = pki.clientCertificate(WEBHOOK_USER);
            Base64.Encoder b64 = Base64.getEncoder();
            Pki.writePrivate(dir.resolve("token-webhook.kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: cluster, cluster: {server: "%s", certificate-authority-data: "%s"}}]
                users: [{name: token-webhook, user: {client-certificate-data: "%s", client-key-data: "%s"}}]
                contexts: [{name: cluster, context: {cluster: cluster, user: token-webhook}}]
                current-context: cluster
                """.formatted(server, b64.encodeToString(pki.caPem().getBytes(StandardCharsets.US_ASCII)),
                b64.encodeToString(identity.certificatePem().getBytes(StandardCharsets.US_ASCII)),
                b64.encodeToString(identity.keyPem().getBytes(StandardCharsets.US_ASCII))));
            Files.writeString(webhookConfigFile(), tokenWebhookConfig(ports.tokenWebhook(), dir.resolve("pki/ca.crt")));
        }
    }

    /**
     * The kubeconfig with which kube-apiserver asks Paddock's token webhook on {@code 127.0.0.1:port} over
     * HTTPS, trusting the certificate authority in {@code caFile}
     * ({@code --authentication-token-webhook-config-file}).
     */
    public static String tokenWebhookConfig(int port, Path caFile) {
        return """
            apiVersion: v1
            kind: Config
            clusters: [{name: paddock-token-webhook, cluster: {server: "https://%s:%d/v1/authenticate",
              certificate-authority: "%s"}}]
            users: [{name: kube-apiserver, user: {}}]
            contexts: [{name: webhook, context: {cluster: paddock-token-webhook, user: kube-apiserver}}]
            current-context: webhook
            """.formatted(HOST, port, caFile.toAbsolutePath());
    }

    private void writeState() throws IOException {
        Properties state = new Properties();
        state.setProperty("name", spec.name());
        state.setProperty("kubernetesVersion", spec.binaries().kubernetesVersion());
        state.setProperty("nodes", Integer.toString(spec.nodes()));
        state.setProperty("serviceCidr", spec.serviceCidr());
        state.setProperty("metrics", Boolean.toString(spec.metrics()));
        state.setProperty("podIo", Boolean.toString(spec.podIo()));
        state.setProperty("tokenWebhookJar", spec.tokenWebhookJar() == null ? "" : spec.tokenWebhookJar().toString());
        for (int i = 0; i < spec.extraApiServerArgs().size(); i++) {
            state.setProperty("apiServerArg." + i, spec.extraApiServerArgs().get(i));
        }
        ports.store(state);
        StringWriter text = new StringWriter();
        state.store(text, "Local cluster " + spec.name() + ": component settings; certificates in pki/. Written by Paddock.");
        Path tmp = spec.workDir().resolve(STATE_FILE + ".tmp");
        Pki.writePrivate(tmp, text.toString());
        Files.move(tmp, spec.workDir().resolve(STATE_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Brings every component up in order, adopting those that run already, and waits for each to be
     * ready; then makes the node pool match the spec.
     */
    private void bringUp(Progress progress) throws IOException {
        Instant begin = Instant.now();
        int steps = 5 + (spec.metrics() ? 1 : 0) + (spec.tokenWebhookJar() != null ? 1 : 0);
        int step = 0;
        progress.step(++step, steps, "starting etcd");
        Component etcd = ensure("etcd", etcdCommand());
        await(etcd, () -> api.get("http://" + HOST + ":" + ports.etcd() + "/readyz").status() == 200, "etcd /readyz");
        progress.step(++step, steps, "starting kube-apiserver " + kubernetesVersion());
        Component apiserver = ensure("kube-apiserver", apiServerCommand());
        await(apiserver, () -> api.get(server + "/readyz").status() == 200, "kube-apiserver /readyz");
        if (spec.tokenWebhookJar() != null) {
            // before the controllers: kube-apiserver asks it about every bearer token it cannot place itself
            progress.step(++step, steps, "starting the token webhook");
            ensure("token-webhook", tokenWebhookCommand());
        }
        progress.step(++step, steps, "starting kube-controller-manager, kube-scheduler and kwok");
        Component kcm = startControllers();
        Component kwok = ensure("kwok", kwokCommand());
        progress.step(++step, steps, "registering " + spec.nodes() + " kwok nodes");
        reconcileNodes(kwok);
        progress.step(++step, steps, "waiting for the default ServiceAccount");
        await(kcm, () -> api.get(server + "/api/v1/namespaces/default/serviceaccounts/default").status() == 200,
            "ServiceAccount default/default (kube-controller-manager)");
        if (spec.metrics()) {
            progress.step(++step, steps, "starting metrics-server");
            startMetricsServer();
        }
        startupTime = Duration.between(begin, Instant.now());
    }

    /** Starts (or adopts) the controller manager and the scheduler and waits until both are healthy. */
    private Component startControllers() throws IOException {
        Component kcm = ensure("kube-controller-manager", controllerManagerCommand());
        Component scheduler = ensure("kube-scheduler", schedulerCommand());
        await(kcm, () -> api.get("https://" + HOST + ":" + ports.controllerManager() + "/healthz").status() == 200,
            "kube-controller-manager /healthz");
        await(scheduler, () -> api.get("https://" + HOST + ":" + ports.scheduler() + "/healthz").status() == 200,
            "kube-scheduler /healthz");
        return kcm;
    }

    /** The component's process: the one running, an earlier JVM's if it still runs, else a new one. */
    private Component ensure(String name, List<String> command) throws IOException {
        Optional<Component> current = components.stream().filter(c -> c.name().equals(name)).findFirst();
        if (current.isPresent() && current.get().isAlive()) {
            return current.get();
        }
        current.ifPresent(components::remove);
        Long pid = adoptable.remove(name);
        Path log = logDir().resolve(name + ".log");
        Component component;
        if (pid != null && ProcessGuard.runs(pid, spec.workDir().toString())) {
            component = Component.adopt(name, ProcessHandle.of(pid).orElseThrow(), log);
        } else {
            List<String> launched = new ArrayList<>();
            if (spec.persistent()) {
                launched.add("setsid"); // its own session: a signal to Paddock's process group does not reach the cluster
            }
            launched.addAll(command);
            component = Component.start(name, launched, log);
        }
        components.add(component);
        guard.record(component);
        return component;
    }

    private List<String> etcdCommand() {
        String peer = "http://" + HOST + ":" + ports.etcdPeer();
        String client = "http://" + HOST + ":" + ports.etcd();
        return List.of(spec.binaries().etcd().toString(), "--name=node0", "--data-dir=" + spec.workDir().resolve("etcd"),
            "--listen-client-urls=" + client, "--advertise-client-urls=" + client,
            "--listen-peer-urls=" + peer, "--initial-advertise-peer-urls=" + peer,
            "--initial-cluster=node0=" + peer, "--auto-compaction-retention=1",
            "--quota-backend-bytes=8589934592", "--log-level=warn",
            // a test bed's data is thrown away; a created cluster's must survive a crash of the host
            spec.persistent() ? "--unsafe-no-fsync=false" : "--unsafe-no-fsync=true");
    }

    private List<String> apiServerCommand() {
        Path pkiDir = spec.workDir().resolve("pki");
        List<String> command = new ArrayList<>(List.of(spec.binaries().kubeApiServer().toString(),
            "--etcd-servers=http://" + HOST + ":" + ports.etcd(), "--etcd-prefix=/registry",
            "--bind-address=" + HOST, "--advertise-address=" + HOST, "--secure-port=" + ports.apiServer(),
            // the kubernetes Endpoints may not point at loopback; the reconciler would fail forever
            "--endpoint-reconciler-type=none",
            "--service-cluster-ip-range=" + spec.serviceCidr(),
            "--tls-cert-file=" + pkiDir.resolve("serving.crt"), "--tls-private-key-file=" + pkiDir.resolve("serving.key"),
            "--client-ca-file=" + pkiDir.resolve("ca.crt"),
            "--authorization-mode=Node,RBAC",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            "--service-account-key-file=" + pkiDir.resolve("sa.pub"),
            "--service-account-signing-key-file=" + pkiDir.resolve("sa.key"),
            "--proxy-client-cert-file=" + pkiDir.resolve("front-proxy-client.crt"),
            "--proxy-client-key-file=" + pkiDir.resolve("front-proxy-client.key"),
            "--requestheader-client-ca-file=" + pkiDir.resolve("ca.crt"),
            "--requestheader-allowed-names=front-proxy-client",
            "--requestheader-username-headers=X-Remote-User", "--requestheader-group-headers=X-Remote-Group",
            "--requestheader-extra-headers-prefix=X-Remote-Extra-",
            // how kube-apiserver reaches the kubelets (kwok's endpoint) for logs, exec, attach and port-forward: the
            // node's InternalIP (kwok's --node-ip; its Hostname address is kwok's --node-name), TLS verified against
            // the cluster CA, and its own client certificate
            "--kubelet-preferred-address-types=InternalIP",
            "--kubelet-certificate-authority=" + pkiDir.resolve("ca.crt"),
            "--kubelet-client-certificate=" + pkiDir.resolve("kubelet-client.crt"),
            "--kubelet-client-key=" + pkiDir.resolve("kubelet-client.key"),
            "--allow-privileged=true", "--profiling=false"));
        Path webhookConfig = spec.tokenWebhookJar() != null ? webhookConfigFile() : spec.tokenWebhookConfig();
        if (webhookConfig != null) {
            command.add("--authentication-token-webhook-config-file=" + webhookConfig.toAbsolutePath());
            command.add("--authentication-token-webhook-version=v1");
            command.add("--authentication-token-webhook-cache-ttl=5s");
        }
        command.addAll(spec.extraApiServerArgs());
        return command;
    }

    private List<String> componentAuth() {
        Path kubeconfig = kubeconfigFile();
        Path pkiDir = spec.workDir().resolve("pki");
        return List.of("--kubeconfig=" + kubeconfig, "--authentication-kubeconfig=" + kubeconfig,
            "--authorization-kubeconfig=" + kubeconfig, "--bind-address=" + HOST, "--leader-elect=false",
            "--tls-cert-file=" + pkiDir.resolve("serving.crt"), "--tls-private-key-file=" + pkiDir.resolve("serving.key"),
            "--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics");
    }

    private List<String> controllerManagerCommand() {
        Path pkiDir = spec.workDir().resolve("pki");
        List<String> command = new ArrayList<>(List.of(spec.binaries().kubeControllerManager().toString(),
            "--secure-port=" + ports.controllerManager(), "--root-ca-file=" + pkiDir.resolve("ca.crt"),
            "--service-account-private-key-file=" + pkiDir.resolve("sa.key"), "--service-cluster-ip-range=" + spec.serviceCidr(),
            "--use-service-account-credentials=true", "--node-monitor-period=5s", "--node-monitor-grace-period=40s"));
        command.addAll(componentAuth());
        return command;
    }

    private List<String> schedulerCommand() {
        List<String> command = new ArrayList<>(List.of(spec.binaries().kubeScheduler().toString(),
            "--secure-port=" + ports.scheduler()));
        command.addAll(componentAuth());
        return command;
    }

    private List<String> kwokCommand() {
        Path dir = spec.workDir();
        Path pkiDir = dir.resolve("pki");
        KubeBinaries bin = spec.binaries();
        List<String> command = new ArrayList<>(List.of(bin.kwok().toString(), "--kubeconfig=" + kubeconfigFile(),
            "--config=" + bin.kwokStages(), "--manage-all-nodes=false",
            "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake", "--node-lease-duration-seconds=40",
            "--node-ip=" + HOST, "--node-name=localhost", "--node-port=" + ports.kwok(),
            "--server-address=" + HOST + ":" + ports.kwok(),
            "--tls-cert-file=" + pkiDir.resolve("serving.crt"), "--tls-private-key-file=" + pkiDir.resolve("serving.key")));
        if (spec.metrics()) {
            // the kubelet's /metrics/resource, per node at /metrics/nodes/<node>/metrics/resource on kwok's server port
            command.add("--config=" + bin.kwokMetrics());
            command.add("--config=" + dir.resolve("kwok-usage.yaml"));
        }
        if (spec.podIo()) {
            command.add("--config=" + dir.resolve("kwok-pod-io.yaml"));
        }
        return command;
    }

    private List<String> tokenWebhookCommand() {
        Path pkiDir = spec.workDir().resolve("pki");
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString());
        return List.of("env", "PADDOCK_WEBHOOK_LISTEN=" + HOST + ":" + ports.tokenWebhook(),
            "PADDOCK_WEBHOOK_TLS_CERT=" + pkiDir.resolve("serving.crt"), "PADDOCK_WEBHOOK_TLS_KEY=" + pkiDir.resolve("serving.key"),
            "PADDOCK_WEBHOOK_KUBECONFIG=" + spec.workDir().resolve("token-webhook.kubeconfig"),
            // the cluster's directory on the command line: how a later JVM recognises the process as this cluster's
            java, "-Xmx64m", "-XX:+UseSerialGC", "-Dpaddock.cluster.dir=" + spec.workDir(), "-jar",
            spec.tokenWebhookJar().toString());
    }

    private Path webhookConfigFile() {
        return spec.workDir().resolve("authn-webhook.kubeconfig");
    }

    /** Creates the missing kwok nodes, deletes those beyond the spec's count, and waits until all are Ready. */
    private void reconcileNodes(Component kwok) {
        for (int i = 0; i < spec.nodes(); i++) {
            String node = nodeName(i);
            if (api.get(server + "/api/v1/nodes/" + node).status() == 404) {
                AdminApi.Response created = api.post(server + "/api/v1/nodes", nodeJson(node));
                if (created.status() != 201) {
                    throw new LocalClusterException("cannot create node " + node + ": HTTP " + created.status() + " "
                        + created.body());
                }
            }
        }
        for (int i = spec.nodes(); ; i++) {
            String url = server + "/api/v1/nodes/" + nodeName(i);
            int status = api.delete(url).status();
            if (status == 404) {
                break;
            }
            if (status != 200) {
                throw new LocalClusterException("cannot delete node " + nodeName(i) + ": HTTP " + status);
            }
        }
        for (int i = 0; i < spec.nodes(); i++) {
            String url = server + "/api/v1/nodes/" + nodeName(i);
            await(kwok, () -> NODE_READY.matcher(api.get(url).body()).find(), "node " + nodeName(i) + " Ready (kwok)");
        }
    }

    /** Changes the size of the kwok node pool and waits until the new nodes are Ready. */
    public synchronized void scaleNodes(int count, Progress progress) {
        LocalClusterSpec scaled = spec.with(count, spec.binaries());
        progress.step(1, 2, "recording " + count + " nodes");
        spec = scaled;
        try {
            writeState();
        } catch (IOException e) {
            throw new LocalClusterException("cannot write the state of '" + spec.name() + "': " + e.getMessage(), e);
        }
        progress.step(2, 2, (count == 0 ? "removing the nodes" : "reconciling to " + count + " nodes"));
        reconcileNodes(component("kwok"));
    }

    /**
     * Moves the control plane to other binaries, keeping etcd and its data: stops the scheduler, the
     * controller manager and the API server, then starts the API server first and the others after it
     * (the version skew policy's order), waiting for each.
     */
    public synchronized void upgrade(KubeBinaries target, Progress progress) {
        target.requireExecutables();
        String from = kubernetesVersion();
        try {
            progress.step(1, 4, "stopping kube-scheduler and kube-controller-manager " + from);
            stopAndForget("kube-scheduler");
            stopAndForget("kube-controller-manager");
            progress.step(2, 4, "stopping kube-apiserver " + from);
            stopAndForget("kube-apiserver");
            spec = spec.with(spec.nodes(), target);
            writeState();
            progress.step(3, 4, "starting kube-apiserver " + target.kubernetesVersion());
            Component apiserver = ensure("kube-apiserver", apiServerCommand());
            await(apiserver, () -> api.get(server + "/version").body().contains("\"" + target.kubernetesVersion() + "\"")
                && api.get(server + "/readyz").status() == 200, "kube-apiserver " + target.kubernetesVersion() + " /readyz");
            progress.step(4, 4, "starting kube-controller-manager and kube-scheduler " + target.kubernetesVersion());
            startControllers();
        } catch (IOException e) {
            throw new LocalClusterException("cannot upgrade '" + spec.name() + "': " + e.getMessage(), e);
        }
    }

    /** Saves a consistent snapshot of etcd to {@code file} (owner-only: it holds every Secret of the cluster). */
    public synchronized void saveSnapshot(Path file) {
        spec.binaries().requireSnapshotTools();
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try {
            Files.deleteIfExists(partial);
            run(List.of(spec.binaries().etcdctl().toString(), "--endpoints=http://" + HOST + ":" + ports.etcd(), "snapshot", "save",
                partial.toString()), "etcdctl snapshot save");
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LocalClusterException("cannot save a snapshot of '" + spec.name() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Puts etcd back to {@code snapshot}: stops every component, restores the snapshot into a new data
     * directory (revisions bumped and marked compacted, so watchers re-list instead of missing changes),
     * swaps it in and brings the cluster up again. If the restore itself fails, the old data stays.
     */
    public synchronized void restoreSnapshot(Path snapshot, Progress progress) {
        spec.binaries().requireSnapshotTools();
        Path dir = spec.workDir();
        Path restoring = dir.resolve("etcd.restoring");
        Path previous = dir.resolve("etcd.previous");
        try {
            progress.step(1, 4, "stopping the cluster");
            stopComponents();
            components.clear();
            deleteTree(restoring);
            progress.step(2, 4, "restoring etcd from " + snapshot.getFileName());
            String peer = "http://" + HOST + ":" + ports.etcdPeer();
            try {
                run(List.of(spec.binaries().etcdutl().toString(), "snapshot", "restore", snapshot.toString(),
                    "--data-dir=" + restoring, "--name=node0", "--initial-cluster=node0=" + peer,
                    "--initial-advertise-peer-urls=" + peer, "--bump-revision=1000000000", "--mark-compacted"),
                    "etcdutl snapshot restore");
            } catch (LocalClusterException e) {
                deleteTree(restoring);
                bringUp(Progress.NONE);
                throw e;
            }
            deleteTree(previous);
            Files.move(dir.resolve("etcd"), previous, StandardCopyOption.ATOMIC_MOVE);
            Files.move(restoring, dir.resolve("etcd"), StandardCopyOption.ATOMIC_MOVE);
            deleteTree(previous);
            progress.step(3, 4, "starting the cluster");
            bringUp(Progress.NONE);
            progress.step(4, 4, "cluster restored");
        } catch (IOException e) {
            throw new LocalClusterException("cannot restore '" + spec.name() + "': " + e.getMessage(), e);
        }
    }

    /** Runs a tool to its end; its output becomes the error message when it fails. */
    private void run(List<String> command, String what) throws IOException {
        Path output = Files.createTempFile(spec.workDir(), "tool", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LocalClusterException(what + " did not finish within " + READY_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new LocalClusterException(what + " failed (exit code " + process.exitValue() + "): "
                    + Files.readString(output).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalClusterException("interrupted during " + what);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Stops every process and deletes the work directory: nothing of the cluster is left. */
    public void destroy() {
        close();
        destroyAt(spec.workDir());
    }

    /**
     * Deletes a persistent cluster that this JVM does not drive (it failed to start, or cannot be
     * resumed): kills the processes its pid file names that still run from its directory, then deletes
     * the directory. Nothing there is fine.
     */
    public static void destroyAt(Path workDir) {
        Path dir = workDir.toAbsolutePath();
        try {
            for (long pid : ProcessGuard.recorded(dir).values()) {
                if (ProcessGuard.runs(pid, dir.toString())) {
                    ProcessHandle.of(pid).ifPresent(process -> {
                        process.destroyForcibly();
                        process.onExit().join();
                    });
                }
            }
            deleteTree(dir);
        } catch (IOException e) {
            throw new LocalClusterException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * metrics-server as a local process, registered as the {@code v1beta1.metrics.k8s.io} APIService. The
     * aggregator reaches it through an ExternalName Service ({@code localhost}): with the default
     * (cluster IP) service resolution, an ExternalName resolves to its name and the APIService's port, so
     * everything stays on loopback (Endpoints and EndpointSlices refuse loopback addresses). It verifies
     * metrics-server's certificate against the cluster CA for {@value Pki#METRICS_SERVER_DNS}. metrics-server
     * scrapes each node's InternalIP (kwok's {@code --node-ip}) at the port in the Node's status (kwok's server
     * port) and the path in the Node's {@code metrics.k8s.io/resource-metrics-path} annotation.
     */
    private void startMetricsServer() throws IOException {
        Path kubeconfig = kubeconfigFile();
        Path pkiDir = spec.workDir().resolve("pki");
        Component metricsServer = ensure("metrics-server", List.of(spec.binaries().metricsServer().toString(),
            "--kubeconfig=" + kubeconfig, "--authentication-kubeconfig=" + kubeconfig, "--authorization-kubeconfig=" + kubeconfig,
            "--bind-address=" + HOST, "--secure-port=" + ports.metricsServer(),
            "--tls-cert-file=" + pkiDir.resolve("serving.crt"), "--tls-private-key-file=" + pkiDir.resolve("serving.key"),
            "--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics",
            "--kubelet-preferred-address-types=InternalIP", "--kubelet-use-node-status-port",
            "--kubelet-certificate-authority=" + pkiDir.resolve("ca.crt"),
            "--metric-resolution=" + METRICS_RESOLUTION.toSeconds() + "s", "--kubelet-request-timeout=5s"));
        create("/api/v1/namespaces/kube-system/services", """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"metrics-server","namespace":"kube-system",
             "labels":{"k8s-app":"metrics-server"}},
             "spec":{"type":"ExternalName","externalName":"localhost"}}
            """);
        String caBundle = Base64.getEncoder().encodeToString(pki.caPem().getBytes(StandardCharsets.US_ASCII));
        create("/apis/apiregistration.k8s.io/v1/apiservices", """
            {"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService","metadata":{"name":"%s",
             "labels":{"k8s-app":"metrics-server"}},
             "spec":{"group":"metrics.k8s.io","version":"v1beta1","groupPriorityMinimum":100,"versionPriority":100,
                     "service":{"name":"metrics-server","namespace":"kube-system","port":%d},"caBundle":"%s"}}
            """.formatted(METRICS_API_SERVICE, ports.metricsServer(), caBundle));
        String url = server + "/apis/apiregistration.k8s.io/v1/apiservices/" + METRICS_API_SERVICE;
        await(metricsServer, () -> AVAILABLE.matcher(api.get(url).body()).find(), "APIService " + METRICS_API_SERVICE
            + " Available (metrics-server)");
    }

    /** Creates an object unless it exists (a resumed or restored cluster has it already). */
    private void create(String path, String json) {
        AdminApi.Response created = api.post(server + path, json);
        if (created.status() != 201 && created.status() != 409) {
            throw new LocalClusterException("cluster '" + spec.name() + "': cannot create " + path + ": HTTP " + created.status()
                + " " + created.body());
        }
    }

    /**
     * kwok's ClusterExec, ClusterLogs and ClusterPortForward for every pod and container (no selector, no container list):
     * exec runs the requested command locally in {@code execDir}, logs read {@code logFile} (CRI log format),
     * every pod port forwards to {@code 127.0.0.1:forwardPort}.
     */
    private static String podIoConfig(Path execDir, Path logFile, int forwardPort) {
        return """
            apiVersion: kwok.x-k8s.io/v1alpha1
            kind: ClusterExec
            metadata:
              name: paddock-pod-exec
            spec:
              execs:
              - local:
                  workDir: '%s'
            ---
            apiVersion: kwok.x-k8s.io/v1alpha1
            kind: ClusterLogs
            metadata:
              name: paddock-pod-logs
            spec:
              logs:
              - logsFile: '%s'
            ---
            apiVersion: kwok.x-k8s.io/v1alpha1
            kind: ClusterPortForward
            metadata:
              name: paddock-pod-port-forward
            spec:
              forwards:
              - target:
                  address: %s
                  port: %d
            """.formatted(yamlQuoted(execDir), yamlQuoted(logFile), HOST, forwardPort);
    }

    /** The inside of a single-quoted YAML scalar. */
    private static String yamlQuoted(Path path) {
        return path.toAbsolutePath().toString().replace("'", "''");
    }

    /** kwok ClusterResourceUsage: what each container of every pod uses, overridable per pod by annotation. */
    private static String usageConfig() {
        return """
            apiVersion: kwok.x-k8s.io/v1alpha1
            kind: ClusterResourceUsage
            metadata:
              name: paddock-default-usage
            spec:
              usages:
              - usage:
                  cpu:
                    expression: '"%1$s" in pod.metadata.annotations ? Quantity(pod.metadata.annotations["%1$s"]) : Quantity("%2$s")'
                  memory:
                    expression: '"%3$s" in pod.metadata.annotations ? Quantity(pod.metadata.annotations["%3$s"]) : Quantity("%4$s")'
            """.formatted(CPU_USAGE_ANNOTATION, CONTAINER_CPU_USAGE, MEMORY_USAGE_ANNOTATION, CONTAINER_MEMORY_USAGE);
    }

    public String name() {
        return spec.name();
    }

    /** Whether this cluster serves {@code metrics.k8s.io} (see {@link LocalClusterSpec#metrics()}). */
    public boolean hasMetrics() {
        return spec.metrics();
    }

    public Path workDir() {
        return spec.workDir();
    }

    /** Whether {@code kubectl exec}, {@code logs} and {@code port-forward} work against pods (see {@link LocalClusterSpec#podIo()}). */
    public boolean hasPodIo() {
        return spec.podIo();
    }

    /** Directory in which {@code kubectl exec} runs its command, as a local process of this user, for every pod. */
    public Path podExecDir() {
        requirePodIo();
        return spec.workDir().resolve("pod-io").resolve("exec");
    }

    /**
     * The log every container of every pod shows to {@code kubectl logs}: CRI log format, one entry per line
     * ({@link #appendPodLog(String)} writes one). Empty when the cluster starts.
     */
    public Path podLogFile() {
        requirePodIo();
        return spec.workDir().resolve("pod-io").resolve("containers.log");
    }

    /** Appends {@code line} to {@link #podLogFile()} as a stdout entry stamped now; {@code kubectl logs -f} shows it at once. */
    public synchronized void appendPodLog(String line) {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("one line only: " + line);
        }
        String entry = DateTimeFormatter.ISO_INSTANT.format(Instant.now()) + " stdout F " + line + "\n";
        try {
            Files.writeString(podLogFile(), entry, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The loopback port that {@code kubectl port-forward} reaches, whichever pod and pod port it names: listen on
     * {@code 127.0.0.1} at this port. Chosen free when the cluster started.
     */
    public int podPortForwardTarget() {
        requirePodIo();
        return ports.podForward();
    }

    private void requirePodIo() {
        if (!spec.podIo()) {
            throw new IllegalStateException("cluster '" + spec.name() + "' was started without pod I/O (LocalClusterSpec.withPodIo)");
        }
    }

    public String kubernetesVersion() {
        return spec.binaries().kubernetesVersion();
    }

    /** URL of the API server, e.g. {@code https://127.0.0.1:41234}. */
    public String server() {
        return server;
    }

    public String nodeName(int index) {
        return spec.name() + "-node-" + index;
    }

    /** Self-contained admin kubeconfig (certificates inline), as Paddock's import accepts it. */
    public String kubeconfig() {
        Base64.Encoder b64 = Base64.getEncoder();
        String context = "admin@" + spec.name();
        return "apiVersion: v1\nkind: Config\ncurrent-context: " + context + "\nclusters:\n- name: " + spec.name()
            + "\n  cluster:\n    server: " + server + "\n    certificate-authority-data: "
            + b64.encodeToString(pki.caPem().getBytes(StandardCharsets.US_ASCII)) + "\nusers:\n- name: admin@" + spec.name()
            + "\n  user:\n    client-certificate-data: " + b64.encodeToString(pki.adminCertPem().getBytes(StandardCharsets.US_ASCII))
            + "\n    client-key-data: " + b64.encodeToString(pki.adminKeyPem().getBytes(StandardCharsets.US_ASCII))
            + "\ncontexts:\n- name: " + context + "\n  context:\n    cluster: " + spec.name() + "\n    user: admin@" + spec.name() + "\n";
    }

    /** The admin kubeconfig on disk (mode 0600), for kubectl and helm. */
    public Path kubeconfigFile() {
        return spec.workDir().resolve("admin.kubeconfig");
    }

    /** A command line running the test bed's kubectl (same release as the cluster) against this cluster as admin. */
    public List<String> kubectlCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(spec.binaries().kubectl().toString(), "--kubeconfig=" + kubeconfigFile()));
        command.addAll(List.of(args));
        return command;
    }

    public String caCertificatePem() {
        return pki.caPem();
    }

    public Path logDir() {
        return spec.workDir().resolve("logs");
    }

    /** Time from {@link #start} to fully ready. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Process ids by component name, in start order. */
    public Map<String, Long> processIds() {
        Map<String, Long> pids = new LinkedHashMap<>();
        components.forEach(c -> pids.put(c.name(), c.pid()));
        return Collections.unmodifiableMap(pids);
    }

    /** Resident memory by component, in KiB, read now from /proc. */
    public Map<String, Long> residentMemoryKib() {
        Map<String, Long> rss = new LinkedHashMap<>();
        components.forEach(c -> rss.put(c.name(), c.residentKib()));
        return Collections.unmodifiableMap(rss);
    }

    public boolean isRunning() {
        return !closed && !components.isEmpty() && components.stream().allMatch(Component::isAlive);
    }

    /** Stops every process (reverse start order); the work directory with logs stays for inspection. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left to remove
        }
    }

    private synchronized void stopAll() {
        if (closed) {
            return;
        }
        closed = true;
        stopComponents();
        try {
            guard.release();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops one component's process and drops it, so that waiting for the others does not see it as failed. */
    private void stopAndForget(String name) {
        Component component = component(name);
        component.stop(STOP_GRACE);
        components.remove(component);
    }

    /** Stops every process, in reverse start order. */
    private void stopComponents() {
        for (int i = components.size() - 1; i >= 0; i--) {
            components.get(i).stop(STOP_GRACE);
        }
    }

    /**
     * Stops the API server only, as an outage looks to clients: connections refused, state kept in
     * etcd. {@link #startApiServer()} brings it back on the same address.
     */
    public synchronized void stopApiServer() {
        component("kube-apiserver").stop(STOP_GRACE);
    }

    /** Starts the API server again with the same flags and port, and waits until it is ready. */
    public synchronized void startApiServer() {
        Component stopped = component("kube-apiserver");
        if (stopped.isAlive()) {
            return;
        }
        try {
            Component apiserver = ensure("kube-apiserver", apiServerCommand());
            await(apiserver, () -> api.get(server + "/readyz").status() == 200, "kube-apiserver /readyz after restart");
        } catch (IOException e) {
            throw new LocalClusterException("cannot restart kube-apiserver of '" + spec.name() + "': " + e.getMessage(), e);
        }
    }

    private Component component(String name) {
        if (closed) {
            throw new IllegalStateException("cluster '" + spec.name() + "' is closed");
        }
        return components.stream().filter(c -> c.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalStateException("cluster '" + spec.name() + "' has no " + name));
    }

    private void await(Component component, BooleanSupplier ready, String what) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (!ready.getAsBoolean()) {
            for (Component c : components) {
                if (!c.isAlive()) {
                    throw new LocalClusterException("cluster '" + spec.name() + "': waiting for " + what + ", but "
                        + c.describeExit());
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new LocalClusterException("cluster '" + spec.name() + "': " + what + " not ready within " + READY_TIMEOUT
                    + "; " + component.describeExit());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalClusterException("interrupted while waiting for " + what);
            }
        }
    }

    private static String nodeJson(String name) {
        return """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s",
             "annotations":{"kwok.x-k8s.io/node":"fake","node.alpha.kubernetes.io/ttl":"0",
                            "metrics.k8s.io/resource-metrics-path":"/metrics/nodes/%s/metrics/resource"},
             "labels":{"type":"kwok","kubernetes.io/hostname":"%s","kubernetes.io/os":"linux","kubernetes.io/arch":"amd64",
                       "node-role.kubernetes.io/worker":""}},
             "status":{"allocatable":{"cpu":"4","memory":"16Gi","pods":"110"},
                       "capacity":{"cpu":"4","memory":"16Gi","pods":"110"}}}
            """.formatted(name, name, name);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
