package io.paddock.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
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

    private final LocalClusterSpec spec;
    private final Pki pki;
    private final AdminApi api;
    private final ProcessGuard guard;
    private final List<Component> components = new ArrayList<>();
    private final Map<String, List<String>> commands = new LinkedHashMap<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "paddock-local-cluster-stop");
    private String server;
    private int podPortForwardTarget;
    private Duration startupTime;
    private volatile boolean closed;

    private LocalCluster(LocalClusterSpec spec) throws IOException {
        this.spec = spec;
        this.pki = Pki.generate(spec.name());
        this.api = new AdminApi(pki.adminSslContext());
        Files.createDirectories(spec.workDir());
        this.guard = new ProcessGuard(spec.workDir());
    }

    /**
     * Starts a cluster and returns once its API server is ready, controllers and scheduler are
     * healthy, the nodes are Ready and the {@code default} ServiceAccount exists (so pods can be
     * created at once).
     *
     * @throws LocalClusterException naming the component that failed, with the end of its log
     */
    public static LocalCluster start(LocalClusterSpec spec) {
        spec.binaries().requireExecutables();
        if (spec.metrics()) {
            spec.binaries().requireMetrics();
        }
        Path workDir = spec.workDir().toAbsolutePath();
        try {
            ProcessGuard.reapOrphans(workDir.getParent());
            deleteTree(workDir);
            LocalCluster cluster = new LocalCluster(new LocalClusterSpec(spec.name(), workDir, spec.binaries(), spec.nodes(),
                spec.tokenWebhookConfig(), spec.extraApiServerArgs(), spec.metrics(), spec.podIo()));
            try {
                cluster.boot();
                return cluster;
            } catch (RuntimeException | IOException e) {
                cluster.close();
                throw e;
            }
        } catch (IOException e) {
            throw new LocalClusterException("cannot start cluster '" + spec.name() + "': " + e.getMessage(), e);
        }
    }

    private void boot() throws IOException {
        Instant begin = Instant.now();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Path dir = spec.workDir();
        Path pkiDir = dir.resolve("pki");
        pki.write(pkiDir);
        KubeBinaries bin = spec.binaries();

        int etcdPort = freePort();
        int peerPort = freePort();
        Component etcd = launch("etcd", List.of(bin.etcd().toString(), "--name=node0", "--data-dir=" + dir.resolve("etcd"),
            "--listen-client-urls=http://" + HOST + ":" + etcdPort, "--advertise-client-urls=http://" + HOST + ":" + etcdPort,
            "--listen-peer-urls=http://" + HOST + ":" + peerPort, "--initial-advertise-peer-urls=http://" + HOST + ":" + peerPort,
            "--initial-cluster=node0=http://" + HOST + ":" + peerPort, "--auto-compaction-retention=1",
            "--quota-backend-bytes=8589934592", "--unsafe-no-fsync=true", "--log-level=warn"));
        await(etcd, () -> api.get("http://" + HOST + ":" + etcdPort + "/readyz").status() == 200, "etcd /readyz");

        int apiPort = freePort();
        server = "https://" + HOST + ":" + apiPort;
        List<String> apiServer = new ArrayList<>(List.of(bin.kubeApiServer().toString(),
            "--etcd-servers=http://" + HOST + ":" + etcdPort, "--etcd-prefix=/registry",
            "--bind-address=" + HOST, "--advertise-address=" + HOST, "--secure-port=" + apiPort,
            // the kubernetes Endpoints may not point at loopback; the reconciler would fail forever
            "--endpoint-reconciler-type=none",
            "--service-cluster-ip-range=10.0.0.0/24",
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
        if (spec.tokenWebhookConfig() != null) {
            apiServer.add("--authentication-token-webhook-config-file=" + spec.tokenWebhookConfig().toAbsolutePath());
            apiServer.add("--authentication-token-webhook-cache-ttl=5s");
        }
        apiServer.addAll(spec.extraApiServerArgs());
        Component apiserver = launch("kube-apiserver", apiServer);
        await(apiserver, () -> api.get(server + "/readyz").status() == 200, "kube-apiserver /readyz");

        Path kubeconfig = dir.resolve("admin.kubeconfig");
        Pki.writePrivate(kubeconfig, kubeconfig());
        int kcmPort = freePort();
        int schedulerPort = freePort();
        int kwokPort = freePort();
        List<String> componentAuth = List.of("--kubeconfig=" + kubeconfig, "--authentication-kubeconfig=" + kubeconfig,
            "--authorization-kubeconfig=" + kubeconfig, "--bind-address=" + HOST, "--leader-elect=false",
            "--tls-cert-file=" + pkiDir.resolve("serving.crt"), "--tls-private-key-file=" + pkiDir.resolve("serving.key"),
            "--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics");
        List<String> kcmArgs = new ArrayList<>(List.of(bin.kubeControllerManager().toString(), "--secure-port=" + kcmPort,
            "--root-ca-file=" + pkiDir.resolve("ca.crt"), "--service-account-private-key-file=" + pkiDir.resolve("sa.key"),
            "--use-service-account-credentials=true", "--node-monitor-period=5s", "--node-monitor-grace-period=40s"));
        kcmArgs.addAll(componentAuth);
        Component kcm = launch("kube-controller-manager", kcmArgs);
        List<String> schedulerArgs = new ArrayList<>(List.of(bin.kubeScheduler().toString(), "--secure-port=" + schedulerPort));
        schedulerArgs.addAll(componentAuth);
        Component scheduler = launch("kube-scheduler", schedulerArgs);
        List<String> kwokArgs = new ArrayList<>(List.of(bin.kwok().toString(), "--kubeconfig=" + kubeconfig,
            "--config=" + bin.kwokStages(), "--manage-all-nodes=false",
            "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake", "--node-lease-duration-seconds=40",
            "--node-ip=" + HOST, "--node-name=localhost", "--node-port=" + kwokPort, "--server-address=" + HOST + ":" + kwokPort,
            "--tls-cert-file=" + pkiDir.resolve("serving.crt"), "--tls-private-key-file=" + pkiDir.resolve("serving.key")));
        if (spec.metrics()) {
            // the kubelet's /metrics/resource, per node at /metrics/nodes/<node>/metrics/resource on kwok's server port
            Path usage = dir.resolve("kwok-usage.yaml");
            Files.writeString(usage, usageConfig());
            kwokArgs.add("--config=" + bin.kwokMetrics());
            kwokArgs.add("--config=" + usage);
        }
        if (spec.podIo()) {
            Files.createDirectories(podExecDir());
            Files.writeString(podLogFile(), "");
            podPortForwardTarget = freePort();
            Path podIo = dir.resolve("kwok-pod-io.yaml");
            Files.writeString(podIo, podIoConfig(podExecDir(), podLogFile(), podPortForwardTarget));
            kwokArgs.add("--config=" + podIo);
        }
        Component kwok = launch("kwok", kwokArgs);
        await(kcm, () -> api.get("https://" + HOST + ":" + kcmPort + "/healthz").status() == 200, "kube-controller-manager /healthz");
        await(scheduler, () -> api.get("https://" + HOST + ":" + schedulerPort + "/healthz").status() == 200,
            "kube-scheduler /healthz");

        for (int i = 0; i < spec.nodes(); i++) {
            String node = nodeName(i);
            AdminApi.Response created = api.post(server + "/api/v1/nodes", nodeJson(node));
            if (created.status() != 201) {
                throw new LocalClusterException("cannot create node " + node + ": HTTP " + created.status() + " " + created.body());
            }
        }
        for (int i = 0; i < spec.nodes(); i++) {
            String url = server + "/api/v1/nodes/" + nodeName(i);
            await(kwok, () -> NODE_READY.matcher(api.get(url).body()).find(), "node " + nodeName(i) + " Ready (kwok)");
        }
        await(kcm, () -> api.get(server + "/api/v1/namespaces/default/serviceaccounts/default").status() == 200,
            "ServiceAccount default/default (kube-controller-manager)");
        if (spec.metrics()) {
            startMetricsServer(kubeconfig, pkiDir);
        }
        startupTime = Duration.between(begin, Instant.now());
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
    private void startMetricsServer(Path kubeconfig, Path pkiDir) throws IOException {
        int port = freePort();
        Component metricsServer = launch("metrics-server", List.of(spec.binaries().metricsServer().toString(),
            "--kubeconfig=" + kubeconfig, "--authentication-kubeconfig=" + kubeconfig, "--authorization-kubeconfig=" + kubeconfig,
            "--bind-address=" + HOST, "--secure-port=" + port,
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
            """.formatted(METRICS_API_SERVICE, port, caBundle));
        String url = server + "/apis/apiregistration.k8s.io/v1/apiservices/" + METRICS_API_SERVICE;
        await(metricsServer, () -> AVAILABLE.matcher(api.get(url).body()).find(), "APIService " + METRICS_API_SERVICE
            + " Available (metrics-server)");
    }

    private void create(String path, String json) {
        AdminApi.Response created = api.post(server + path, json);
        if (created.status() != 201) {
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
        return podPortForwardTarget;
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
        for (int i = components.size() - 1; i >= 0; i--) {
            components.get(i).stop(STOP_GRACE);
        }
        try {
            guard.release();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Component launch(String name, List<String> command) throws IOException {
        Component component = Component.start(name, command, logDir().resolve(name + ".log"));
        components.add(component);
        commands.put(name, List.copyOf(command));
        guard.record(component);
        return component;
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
            Component apiserver = Component.start("kube-apiserver", commands.get("kube-apiserver"), stopped.log());
            components.set(components.indexOf(stopped), apiserver);
            guard.record(apiserver);
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
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
