package io.paddock.management.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.paddock.api.access.AccessControl;
import io.paddock.api.access.GlobalRole;
import io.paddock.api.access.RoleBinding;
import io.paddock.api.access.Scope;
import io.paddock.api.access.SecurityService;
import io.paddock.api.access.Subject;
import io.paddock.api.cluster.DirectAccess;

/**
 * Keeps one cluster's mirror of Paddock API tokens as {@link TokenMirrorModel} says while direct
 * access is enabled, with read access to it for the token webhook's service account, and removes
 * all of it when direct access is off. Level-based like {@link RbacSync}: each run compares the
 * Secrets the watch sees with the tokens, users and bindings in Paddock, so a revoked token's
 * Secret goes and an edited or deleted one comes back.
 */
final class TokenMirror {

    private static final String FIELD_MANAGER = "paddock-auth-token";
    private static final Logger LOG = LoggerFactory.getLogger(TokenMirror.class);

    private final String cluster;
    private final KubernetesClient client;
    private final AccessControl access;
    private final SecurityService security;
    private final ReconcileQueue queue;
    private SharedIndexInformer<Secret> secrets;
    private boolean enabled;
    private volatile boolean webhookAccessApplied;
    private volatile boolean removed;

    TokenMirror(String cluster, KubernetesClient client, AccessControl access, SecurityService security,
                ScheduledExecutorService executor) {
        this.cluster = cluster;
        this.client = client;
        this.access = access;
        this.security = security;
        this.queue = new ReconcileQueue("Cluster '" + cluster + "': token mirror", executor, this::run);
    }

    synchronized void start(DirectAccess setting) {
        enabled = setting.enabled();
        queue.queue(0);
    }

    /** The cluster's direct access setting as stored now; only switching it on or off matters here. */
    synchronized void directAccessChanged(DirectAccess setting) {
        if (setting.enabled() != enabled) {
            enabled = setting.enabled();
            removed = false;
            queue.queue(0);
        }
    }

    /** Tokens, users or bindings changed. */
    synchronized void changed() {
        if (enabled) {
            queue.changed();
        }
    }

    synchronized void stop() {
        queue.stop();
        closeInformer();
    }

    /** The cluster leaves Paddock: the mirror and the webhook's access go with it. */
    void uninstall() {
        stop();
        queue.exclusively(() -> {
            try {
                removeAll();
            } catch (RuntimeException e) {
                LOG.warn("Cluster '{}': could not remove the mirrored tokens ({}); delete objects labelled {}={} in {} by hand",
                    cluster, e.getMessage(), RbacModel.MANAGED_LABEL, TokenMirrorModel.MANAGED_VALUE, RbacModel.SYSTEM_NAMESPACE);
            }
        });
    }

    private void run() {
        boolean on;
        synchronized (this) {
            on = enabled;
        }
        if (on) {
            mirror();
        } else {
            unmirror();
        }
    }

    private void mirror() {
        SharedIndexInformer<Secret> watched = watchSecrets();
        if (!watched.hasSynced()) {
            return; // pruning needs the whole picture; the sync's completion queues the next run
        }
        applyWebhookAccess();
        List<Subject> subjects = Stream.concat(access.bindings(Scope.cluster(cluster), true).stream(),
                access.bindings(Scope.GLOBAL, false).stream().filter(b -> GlobalRole.ADMIN.equals(b.role())))
            .map(RoleBinding::subject).toList();
        Map<String, Secret> desired = TokenMirrorModel.desired(subjects, security.users(), security.apiTokenHashes());
        int changes = 0;
        for (Secret secret : desired.values()) {
            Secret actual = watched.getStore().getByKey(RbacModel.SYSTEM_NAMESPACE + "/" + secret.getMetadata().getName());
            if (actual == null || !TokenMirrorModel.matches(actual, secret)) {
                client.secrets().inNamespace(RbacModel.SYSTEM_NAMESPACE).resource(secret).fieldManager(FIELD_MANAGER)
                    .forceConflicts().serverSideApply();
                changes++;
            }
        }
        for (Secret actual : watched.getStore().list()) {
            if (!desired.containsKey(actual.getMetadata().getName())) {
                client.secrets().inNamespace(RbacModel.SYSTEM_NAMESPACE).withName(actual.getMetadata().getName()).delete();
                changes++;
            }
        }
        if (changes > 0) {
            LOG.info("Cluster '{}': token mirror synced, {} Secrets changed ({} mirrored)", cluster, changes, desired.size());
        }
    }

    private synchronized SharedIndexInformer<Secret> watchSecrets() {
        if (secrets == null) {
            secrets = Informers.start(client.secrets().inNamespace(RbacModel.SYSTEM_NAMESPACE)
                .withLabel(RbacModel.MANAGED_LABEL, TokenMirrorModel.MANAGED_VALUE).runnableInformer(0), queue::changed);
            secrets.start().thenRun(() -> queue.queue(0)); // an empty list brings no event
        }
        return secrets;
    }

    private synchronized void closeInformer() {
        if (secrets != null) {
            secrets.close();
            secrets = null;
        }
        webhookAccessApplied = false;
    }

    /**
     * The namespace (without RBAC's label, which is RbacSync's to set) and the webhook's service
     * account with a Role that reads Secrets in it: once per enabling, and again after a failure.
     */
    private void applyWebhookAccess() {
        if (webhookAccessApplied) {
            return;
        }
        String namespace = RbacModel.SYSTEM_NAMESPACE;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .fieldManager(FIELD_MANAGER).serverSideApply();
        client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
            .withName(TokenMirrorModel.WEBHOOK).withNamespace(namespace).addToLabels(RbacModel.MANAGED_LABEL,
                TokenMirrorModel.MANAGED_VALUE).endMetadata().build()).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        client.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata().withName(TokenMirrorModel.WEBHOOK)
                .withNamespace(namespace).addToLabels(RbacModel.MANAGED_LABEL, TokenMirrorModel.MANAGED_VALUE).endMetadata()
                .addToRules(new PolicyRuleBuilder().withApiGroups("").withResources("secrets").withVerbs("get", "list", "watch")
                    .build()).build())
            .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        client.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
                .withName(TokenMirrorModel.WEBHOOK).withNamespace(namespace)
                .addToLabels(RbacModel.MANAGED_LABEL, TokenMirrorModel.MANAGED_VALUE).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", TokenMirrorModel.WEBHOOK)
                .addNewSubject().withKind("ServiceAccount").withName(TokenMirrorModel.WEBHOOK).withNamespace(namespace).endSubject()
                .build())
            .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        webhookAccessApplied = true;
    }

    /** Direct access is off: once per switching off (and at start), everything the mirror made goes. */
    private void unmirror() {
        closeInformer();
        if (!removed) {
            int count = removeAll();
            removed = true;
            if (count > 0) {
                LOG.info("Cluster '{}': direct access off, {} mirrored tokens removed", cluster, count);
            }
        }
    }

    /** @return how many token Secrets were removed */
    private int removeAll() {
        String namespace = RbacModel.SYSTEM_NAMESPACE;
        int count = client.secrets().inNamespace(namespace).withLabel(RbacModel.MANAGED_LABEL, TokenMirrorModel.MANAGED_VALUE)
            .delete().size();
        client.rbac().roleBindings().inNamespace(namespace).withLabel(RbacModel.MANAGED_LABEL, TokenMirrorModel.MANAGED_VALUE)
            .delete();
        client.rbac().roles().inNamespace(namespace).withLabel(RbacModel.MANAGED_LABEL, TokenMirrorModel.MANAGED_VALUE).delete();
        client.serviceAccounts().inNamespace(namespace).withLabel(RbacModel.MANAGED_LABEL, TokenMirrorModel.MANAGED_VALUE)
            .delete();
        return count;
    }
}
