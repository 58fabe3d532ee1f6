package io.paddock.cluster.local;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * A local cluster as its cluster file declares it (RKE's {@code cluster.yml}, reduced to what a cluster
 * on this host has):
 *
 * <pre>
 * kubernetesVersion: v1.34.4          # one of the built versions
 * nodes: 3                            # size of the kwok node pool, 0-1000
 * network:
 *   serviceCidr: 10.43.0.0/24         # IPv4, /12 to /28
 *   apiServerPort: 0                  # on 127.0.0.1; 0 picks a free one
 * kubeApiServer:
 *   extraArgs: ["--v=2"]              # further flags; those the provider sets are refused
 * etcd:
 *   snapshotIntervalMinutes: 360      # 0: no scheduled snapshots
 *   snapshotRetention: 5              # scheduled snapshots kept
 * </pre>
 *
 * Every error names the field, e.g. {@code network.apiServerPort}.
 */
record ClusterFile(String kubernetesVersion, int nodes, String serviceCidr, int apiServerPort, List<String> apiServerExtraArgs,
                   int snapshotIntervalMinutes, int snapshotRetention) {

    static final int MAX_NODES = 1000;
    static final int MAX_FILE_LENGTH = 64 * 1024;
    private static final int DEFAULT_SNAPSHOT_INTERVAL = 360;
    private static final int DEFAULT_SNAPSHOT_RETENTION = 5;
    private static final Pattern VERSION = Pattern.compile("v\\d+\\.\\d+\\.\\d+");
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern FLAG = Pattern.compile("--([a-z0-9][a-z0-9-]*)(=[^\\r\\n]*)?");
    /** kube-apiserver flags the provider sets itself, with where to change them instead. */
    private static final Map<String, String> MANAGED_FLAGS = managedFlags();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    ClusterFile {
        apiServerExtraArgs = List.copyOf(apiServerExtraArgs);
    }

    /**
     * The cluster file in {@code config.clusterFile} (if any), with the form's single fields on top.
     *
     * @param defaultVersion the version when neither names one
     * @throws IllegalArgumentException naming the field
     */
    static ClusterFile fromForm(Map<String, String> config, String defaultVersion) {
        ObjectNode root = YAML.createObjectNode();
        String text = config.get(LocalClusterProvider.CLUSTER_FILE);
        if (text != null && !text.isBlank()) {
            root = parse(text);
        }
        for (Map.Entry<String, String> field : config.entrySet()) {
            String value = field.getValue() == null ? "" : field.getValue().strip();
            switch (field.getKey()) {
                case LocalClusterProvider.CLUSTER_FILE -> { }
                case "kubernetesVersion" -> putIfGiven(root, "kubernetesVersion", value);
                case "nodes" -> putIfGiven(root, "nodes", value);
                case "serviceCidr" -> putIfGiven(network(root), "serviceCidr", value);
                case "apiServerPort" -> putIfGiven(network(root), "apiServerPort", value);
                case "snapshotIntervalMinutes" -> putIfGiven(etcd(root), "snapshotIntervalMinutes", value);
                case "snapshotRetention" -> putIfGiven(etcd(root), "snapshotRetention", value);
                default -> throw new IllegalArgumentException("unknown field '" + field.getKey() + "' for the local provider; known: "
                    + LocalClusterProvider.FORM_FIELDS);
            }
        }
        return of(root, defaultVersion);
    }

    private static ObjectNode parse(String text) {
        if (text.length() > MAX_FILE_LENGTH) {
            throw new IllegalArgumentException("clusterFile: longer than " + MAX_FILE_LENGTH + " characters");
        }
        JsonNode node;
        try {
            node = YAML.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("clusterFile: not valid YAML: " + e.getOriginalMessage()
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return YAML.createObjectNode();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("clusterFile: must be a mapping of fields, e.g. 'kubernetesVersion: v1.34.4'");
        }
        return (ObjectNode) node;
    }

    private static ClusterFile of(ObjectNode root, String defaultVersion) {
        requireOnly(root, "", Set.of("kubernetesVersion", "nodes", "network", "kubeApiServer", "etcd"));
        ObjectNode network = section(root, "network", Set.of("serviceCidr", "apiServerPort"));
        ObjectNode apiServer = section(root, "kubeApiServer", Set.of("extraArgs"));
        ObjectNode etcd = section(root, "etcd", Set.of("snapshotIntervalMinutes", "snapshotRetention"));
        String version = text(root, "kubernetesVersion", "kubernetesVersion", defaultVersion);
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("kubernetesVersion: '" + version + "' is not a version like v1.34.4");
        }
        int nodes = integer(root, "nodes", "nodes", 1, 0, MAX_NODES);
        String cidr = text(network, "serviceCidr", "network.serviceCidr", "10.43.0.0/24");
        requireServiceCidr(cidr);
        int port = integer(network, "apiServerPort", "network.apiServerPort", 0, 0, 65535);
        if (port != 0 && port < 1024) {
            throw new IllegalArgumentException("network.apiServerPort: " + port + " is a privileged port; use 1024-65535, or 0 for"
                + " a free one");
        }
        List<String> args = extraArgs(apiServer.get("extraArgs"));
        int interval = integer(etcd, "snapshotIntervalMinutes", "etcd.snapshotIntervalMinutes", DEFAULT_SNAPSHOT_INTERVAL, 0,
            7 * 24 * 60);
        if (interval != 0 && interval < 5) {
            throw new IllegalArgumentException("etcd.snapshotIntervalMinutes: " + interval + " is too often; at least 5, or 0 for"
                + " none");
        }
        int retention = integer(etcd, "snapshotRetention", "etcd.snapshotRetention", DEFAULT_SNAPSHOT_RETENTION, 1, 100);
        return new ClusterFile(version, nodes, cidr, port, args, interval, retention);
    }

    /** This cluster file with another node count. */
    ClusterFile withNodes(int count) {
        return new ClusterFile(kubernetesVersion, count, serviceCidr, apiServerPort, apiServerExtraArgs, snapshotIntervalMinutes,
            snapshotRetention);
    }

    /** This cluster file with another Kubernetes version. */
    ClusterFile withVersion(String version) {
        return new ClusterFile(version, nodes, serviceCidr, apiServerPort, apiServerExtraArgs, snapshotIntervalMinutes,
            snapshotRetention);
    }

    /** The cluster file as it is kept next to the cluster, every field written out. */
    String toYaml() {
        ObjectNode root = YAML.createObjectNode();
        root.put("kubernetesVersion", kubernetesVersion);
        root.put("nodes", nodes);
        network(root).put("serviceCidr", serviceCidr).put("apiServerPort", apiServerPort);
        ArrayNode args = root.putObject("kubeApiServer").putArray("extraArgs");
        apiServerExtraArgs.forEach(args::add);
        etcd(root).put("snapshotIntervalMinutes", snapshotIntervalMinutes).put("snapshotRetention", snapshotRetention);
        try {
            return YAML.writeValueAsString(root);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write the cluster file: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode network(ObjectNode root) {
        return root.has("network") && root.get("network").isObject() ? (ObjectNode) root.get("network") : root.putObject("network");
    }

    private static ObjectNode etcd(ObjectNode root) {
        return root.has("etcd") && root.get("etcd").isObject() ? (ObjectNode) root.get("etcd") : root.putObject("etcd");
    }

    private static void putIfGiven(ObjectNode node, String field, String value) {
        if (!value.isEmpty()) {
            node.put(field, value);
        }
    }

    private static void requireOnly(ObjectNode node, String prefix, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException(prefix + name + ": unknown field; known here: " + known.stream().sorted().toList());
            }
        }
    }

    private static ObjectNode section(ObjectNode root, String name, Set<String> known) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return YAML.createObjectNode();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(name + ": must be a mapping with " + known.stream().sorted().toList());
        }
        requireOnly((ObjectNode) node, name + ".", known);
        return (ObjectNode) node;
    }

    private static String text(ObjectNode node, String field, String path, String fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isValueNode() || value.isBoolean()) {
            throw new IllegalArgumentException(path + ": must be text, not " + value.getNodeType().name().toLowerCase());
        }
        return value.asText().strip();
    }

    private static int integer(ObjectNode node, String field, String path, int fallback, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        int number;
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            number = value.intValue();
        } else if (value.isTextual() && value.asText().strip().matches("-?\\d{1,9}")) {
            number = Integer.parseInt(value.asText().strip());
        } else {
            throw new IllegalArgumentException(path + ": must be a whole number, not '" + value.asText() + "'");
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException(path + ": must be between " + min + " and " + max + ", not " + number);
        }
        return number;
    }

    private static void requireServiceCidr(String cidr) {
        Matcher m = CIDR.matcher(cidr);
        boolean octets = m.matches();
        for (int i = 1; octets && i <= 4; i++) {
            octets = Integer.parseInt(m.group(i)) <= 255;
        }
        if (!octets) {
            throw new IllegalArgumentException("network.serviceCidr: '" + cidr + "' is not an IPv4 range like 10.43.0.0/24");
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix < 12 || prefix > 28) {
            throw new IllegalArgumentException("network.serviceCidr: /" + prefix + " is not allowed; kube-apiserver takes /12 to"
                + " /28 (here: up to 1,048,576 and at least 16 addresses)");
        }
    }

    private static List<String> extraArgs(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("kubeApiServer.extraArgs: must be a list of flags, e.g. [\"--v=2\"]");
        }
        List<String> args = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "kubeApiServer.extraArgs[" + i + "]";
            JsonNode arg = node.get(i);
            Matcher m = FLAG.matcher(arg.isTextual() ? arg.asText() : "");
            if (!m.matches()) {
                throw new IllegalArgumentException(path + ": '" + arg.asText() + "' is not a flag like --name=value");
            }
            String managed = MANAGED_FLAGS.get(m.group(1));
            if (managed != null) {
                throw new IllegalArgumentException(path + ": --" + m.group(1) + " is set by the provider" + managed);
            }
            args.add(arg.asText());
        }
        return args;
    }

    private static Map<String, String> managedFlags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("secure-port", "; use network.apiServerPort");
        flags.put("service-cluster-ip-range", "; use network.serviceCidr");
        for (String flag : List.of("etcd-servers", "etcd-prefix", "bind-address", "advertise-address", "tls-cert-file",
            "tls-private-key-file", "client-ca-file", "authorization-mode", "service-account-issuer", "service-account-key-file",
            "service-account-signing-key-file", "authentication-token-webhook-config-file", "authentication-token-webhook-version",
            "requestheader-client-ca-file", "kubelet-client-certificate", "kubelet-client-key")) {
            flags.put(flag, "");
        }
        return Map.copyOf(flags);
    }
}
