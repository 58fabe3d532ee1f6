package io.paddock.management.internal;

/**
 * The manifest that installs Paddock's agents in a cluster: the cluster agent (a Deployment, one
 * tunnel) and node agents (a DaemonSet on every node, the fallback tunnel while the cluster agent is
 * down). The agents' service account is cluster-admin, because Paddock manages the cluster through
 * it (RBAC sync, projects, its impersonator). Values are written as JSON strings, which YAML reads
 * verbatim.
 */
final class AgentManifest {

    static final String NAMESPACE = RbacModel.SYSTEM_NAMESPACE;
    static final String SERVICE_ACCOUNT = "paddock-agent";
    static final String CREDENTIALS_SECRET = "paddock-agent-credentials";

    private AgentManifest() {
    }

    static String of(String image, String server, String caChecksum, String registrationToken) {
        return """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: %1$s
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: %2$s
              namespace: %1$s
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata:
              name: %2$s
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: ClusterRole
              name: cluster-admin
            subjects:
            - kind: ServiceAccount
              name: %2$s
              namespace: %1$s
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: %3$s
              namespace: %1$s
            type: Opaque
            stringData:
              token: %4$s
            ---
            """.formatted(NAMESPACE, SERVICE_ACCOUNT, CREDENTIALS_SECRET, quoted(registrationToken))
            + workload("Deployment", "paddock-cluster-agent", "cluster", image, server, caChecksum)
            + "---\n"
            + workload("DaemonSet", "paddock-node-agent", "node", image, server, caChecksum);
    }

    private static String workload(String kind, String name, String agentKind, String image, String server, String caChecksum) {
        return """
            apiVersion: apps/v1
            kind: %1$s
            metadata:
              name: %2$s
              namespace: %3$s
              labels:
                app: %2$s
            spec:
            %4$s  selector:
                matchLabels:
                  app: %2$s
              template:
                metadata:
                  labels:
                    app: %2$s
                spec:
                  serviceAccountName: %5$s
            %6$s      containers:
                  - name: agent
                    image: %7$s
                    env:
                    - name: PADDOCK_SERVER
                      value: %8$s
                    - name: PADDOCK_CA_CHECKSUM
                      value: %9$s
                    - name: PADDOCK_AGENT_KIND
                      value: %10$s
                    - name: PADDOCK_TOKEN_FILE
                      value: /paddock-credentials/token
                    volumeMounts:
                    - name: credentials
                      mountPath: /paddock-credentials
                      readOnly: true
                  volumes:
                  - name: credentials
                    secret:
                      secretName: %11$s
            """.formatted(kind, name, NAMESPACE, kind.equals("Deployment") ? "  replicas: 1\n" : "", SERVICE_ACCOUNT,
            kind.equals("DaemonSet") ? "      tolerations:\n      - operator: Exists\n" : "", quoted(image), quoted(server),
            quoted(caChecksum), quoted(agentKind), CREDENTIALS_SECRET);
    }

    private static String quoted(String value) {
        return ClusterRecords.write(value);
    }
}
