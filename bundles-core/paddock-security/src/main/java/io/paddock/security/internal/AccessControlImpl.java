package io.paddock.security.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.AccessDeniedException;
import io.paddock.api.access.AccessListener;
import io.paddock.api.access.GlobalRole;
import io.paddock.api.access.Identity;
import io.paddock.api.access.RoleBinding;
import io.paddock.api.access.RoleTemplate;
import io.paddock.api.access.Rule;
import io.paddock.api.access.Scope;
import io.paddock.api.access.Subject;
import io.paddock.api.config.Settings;
import io.paddock.api.store.ChangeEvent;
import io.paddock.api.store.ChangeType;
import io.paddock.api.store.ConflictException;
import io.paddock.api.system.RequestConflictException;
import io.paddock.api.store.ListPage;
import io.paddock.api.store.ListQuery;
import io.paddock.api.store.NotFoundException;
import io.paddock.api.store.RecordContent;
import io.paddock.api.store.Store;
import io.paddock.api.store.StoreRecord;
import io.paddock.api.store.Watch;

/**
 * Role templates, bindings and permission checks. Bindings and custom templates are read once and
 * then kept current from the store's change feed (writes of every Paddock node), so a check is a
 * few map lookups and never a database query.
 */
@Component(configurationPid = AdminAccountBootstrap.PID)
public class AccessControlImpl implements AccessControl {

    static final String BINDING_KIND = "rolebinding";
    static final String TEMPLATE_KIND = "roletemplate";
    static final String CLUSTER_LABEL = "paddock.io/cluster";
    static final String PROJECT_LABEL = "paddock.io/project";
    static final String ROLE_LABEL = "paddock.io/role";
    static final String SYSTEM = "system";

    private static final Logger LOG = LoggerFactory.getLogger(AccessControlImpl.class);

    /** The data document of a binding record. */
    record BindingData(String cluster, String project, String role, Subject.Kind subjectKind, String subject, String createdBy) {
    }

    /** The data document of a custom role template record. */
    record TemplateData(String displayName, String description, RoleTemplate.Context context, List<Rule> rules,
                        List<String> inherits) {
    }

    private final Store store;
    private final Map<String, RoleBinding> bindings = new ConcurrentHashMap<>();
    private final Map<String, Long> bindingVersions = new ConcurrentHashMap<>();
    private final Map<String, RoleTemplate> customTemplates = new ConcurrentHashMap<>();
    private final List<AccessListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Watch> watches = new ArrayList<>();

    @Activate
    public AccessControlImpl(@Reference Store store, Map<String, Object> properties) {
        this.store = store;
        long position = store.currentSequence();
        listAll(BINDING_KIND).forEach(record -> indexBinding(record.name(), record.resourceVersion(), record.data(),
            record.createdAt()));
        listAll(TEMPLATE_KIND).forEach(record -> customTemplates.put(record.name(), template(record.name(),
            record.resourceVersion(), record.data())));
        watches.add(store.watch(BINDING_KIND, position, this::onBindingEvent));
        watches.add(store.watch(TEMPLATE_KIND, position, this::onTemplateEvent));
        ensureAdministrator(new Settings(AdminAccountBootstrap.PID, properties).string(AdminAccountBootstrap.KEY_USER, "admin"));
    }

    @Deactivate
    void deactivate() {
        watches.forEach(Watch::close);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindListener(AccessListener listener) {
        listeners.add(listener);
    }

    void unbindListener(AccessListener listener) {
        listeners.remove(listener);
    }

    /** Break-glass: when no one holds the admin role, the bootstrap administrator gets it. */
    private void ensureAdministrator(String adminUser) {
        boolean anyAdmin = bindings.values().stream().anyMatch(b -> b.scope().isGlobal() && GlobalRole.ADMIN.equals(b.role()));
        if (!anyAdmin) {
            RoleBinding binding = write(Scope.GLOBAL, GlobalRole.ADMIN, Subject.user(adminUser), SYSTEM);
            LOG.info("No administrator binding found: granted '{}' to user '{}' ({})", GlobalRole.ADMIN, adminUser,
                binding.name());
        }
    }

    // ---- checks

    @Override
    public boolean allowed(Identity caller, String verb, String resource, Scope scope) {
        return heldRules(caller, scope).stream().anyMatch(rule -> rule.allows(Rule.MANAGEMENT_GROUP, resource, verb));
    }

    @Override
    public void require(Identity caller, String verb, String resource, Scope scope) {
        if (!allowed(caller, verb, resource, scope)) {
            throw new AccessDeniedException("user '" + caller.user() + "' may not " + verb + " " + resource
                + (scope.isGlobal() ? "" : " in " + scope));
        }
    }

    @Override
    public boolean isAdmin(Identity caller) {
        return callerBindings(caller).anyMatch(b -> b.scope().isGlobal() && GlobalRole.ADMIN.equals(b.role()));
    }

    @Override
    public Set<String> visibleClusters(Identity caller) {
        if (heldRules(caller, Scope.GLOBAL).stream().anyMatch(rule -> rule.allows(Rule.MANAGEMENT_GROUP, "clusters", "list"))) {
            return null;
        }
        Set<String> clusters = new TreeSet<>();
        callerBindings(caller).filter(b -> !b.scope().isGlobal()).forEach(b -> clusters.add(b.scope().cluster()));
        return clusters;
    }

    /** Rules the caller holds at the scope: global roles everywhere, cluster bindings in the cluster and its projects. */
    private List<Rule> heldRules(Identity caller, Scope scope) {
        List<Rule> rules = new ArrayList<>();
        callerBindings(caller).forEach(binding -> {
            Scope at = binding.scope();
            if (at.isGlobal()) {
                GlobalRole role = BuiltinRoles.GLOBAL_ROLES.get(binding.role());
                if (role != null) {
                    rules.addAll(role.rules());
                }
            } else if (!scope.isGlobal() && at.cluster().equals(scope.cluster())
                && (at.isCluster() || (scope.isProject() && at.project().equals(scope.project())))) {
                roleTemplate(binding.role()).ifPresent(template -> rules.addAll(effectiveRules(template)));
            }
        });
        return rules;
    }

    private java.util.stream.Stream<RoleBinding> callerBindings(Identity caller) {
        return bindings.values().stream().filter(binding -> caller.isMember(binding.subject()));
    }

    // ---- roles

    @Override
    public List<GlobalRole> globalRoles() {
        return BuiltinRoles.GLOBAL_ROLES.values().stream().sorted(Comparator.comparing(GlobalRole::name)).toList();
    }

    @Override
    public List<RoleTemplate> roleTemplates() {
        Map<String, RoleTemplate> all = new HashMap<>(customTemplates);
        all.putAll(BuiltinRoles.TEMPLATES);
        return all.values().stream().sorted(Comparator.comparing(RoleTemplate::name)).toList();
    }

    @Override
    public Optional<RoleTemplate> roleTemplate(String name) {
        RoleTemplate builtin = BuiltinRoles.TEMPLATES.get(name);
        return builtin != null ? Optional.of(builtin) : Optional.ofNullable(customTemplates.get(name));
    }

    @Override
    public List<Rule> effectiveRules(RoleTemplate template) {
        List<Rule> rules = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<RoleTemplate> pending = new ArrayDeque<>(List.of(template));
        while (!pending.isEmpty()) {
            RoleTemplate next = pending.pop();
            if (!seen.add(next.name())) {
                continue; // inheritance cycles are refused on write, but a cycle must never hang a check
            }
            rules.addAll(next.rules());
            next.inherits().forEach(parent -> roleTemplate(parent).ifPresent(pending::push));
        }
        return rules;
    }

    @Override
    public RoleTemplate saveRoleTemplate(Identity caller, RoleTemplate template) {
        boolean update = template.resourceVersion() > 0;
        require(caller, update ? "update" : "create", "roletemplates", Scope.GLOBAL);
        if (BuiltinRoles.TEMPLATES.containsKey(template.name())) {
            throw new IllegalArgumentException("role template '" + template.name() + "' is built in and cannot be changed");
        }
        for (String parent : template.inherits()) {
            RoleTemplate inherited = roleTemplate(parent).orElseThrow(() -> new IllegalArgumentException(
                "role template '" + template.name() + "' inherits '" + parent + "', which does not exist"));
            if (inherited.context() != template.context()) {
                throw new IllegalArgumentException("role template '" + template.name() + "' (" + template.context()
                    + ") cannot inherit '" + parent + "' (" + inherited.context() + ")");
            }
            if (inheritsTransitively(inherited, template.name())) {
                throw new IllegalArgumentException("role template '" + template.name() + "' would inherit itself through '"
                    + parent + "'");
            }
        }
        requireHeld(caller, Scope.GLOBAL, effectiveRules(template), "role template '" + template.name() + "'");
        TemplateData data = new TemplateData(template.displayName(), template.description(), template.context(),
            template.rules(), template.inherits());
        RecordContent content = RecordContent.of(RecordJson.write(data));
        StoreRecord record = update ? store.update(TEMPLATE_KIND, template.name(), template.resourceVersion(), content)
            : store.create(TEMPLATE_KIND, template.name(), content);
        RoleTemplate saved = template(record.name(), record.resourceVersion(), record.data());
        customTemplates.put(saved.name(), saved);
        return saved;
    }

    private boolean inheritsTransitively(RoleTemplate from, String name) {
        Deque<RoleTemplate> pending = new ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            RoleTemplate next = pending.pop();
            if (next.name().equals(name)) {
                return true;
            }
            if (seen.add(next.name())) {
                next.inherits().forEach(parent -> roleTemplate(parent).ifPresent(pending::push));
            }
        }
        return false;
    }

    @Override
    public void deleteRoleTemplate(Identity caller, String name) {
        require(caller, "delete", "roletemplates", Scope.GLOBAL);
        if (BuiltinRoles.TEMPLATES.containsKey(name)) {
            throw new IllegalArgumentException("role template '" + name + "' is built in and cannot be deleted");
        }
        if (!customTemplates.containsKey(name)) {
            throw new NotFoundException("role template '" + name + "' not found");
        }
        long uses = bindings.values().stream().filter(b -> !b.scope().isGlobal() && b.role().equals(name)).count();
        if (uses > 0) {
            throw new RequestConflictException("role template '" + name + "' is used by " + uses + " bindings; remove them first");
        }
        Optional<RoleTemplate> child = customTemplates.values().stream().filter(t -> t.inherits().contains(name)).findFirst();
        if (child.isPresent()) {
            throw new RequestConflictException("role template '" + name + "' is inherited by '" + child.get().name() + "'");
        }
        store.delete(TEMPLATE_KIND, name);
        customTemplates.remove(name);
    }

    // ---- bindings

    @Override
    public List<RoleBinding> bindings(Scope scope, boolean withProjects) {
        return bindings.values().stream()
            .filter(b -> b.scope().equals(scope) || (withProjects && scope.isCluster() && b.scope().isProject()
                && scope.cluster().equals(b.scope().cluster())))
            .sorted(Comparator.comparing(RoleBinding::name)).toList();
    }

    @Override
    public Set<String> boundGroups() {
        Set<String> groups = new TreeSet<>();
        bindings.values().stream().filter(b -> b.subject().kind() == Subject.Kind.GROUP).forEach(b -> groups.add(b.subject().name()));
        return groups;
    }

    @Override
    public List<RoleBinding> bindingsOf(Subject subject) {
        return bindings.values().stream().filter(b -> b.subject().equals(subject))
            .sorted(Comparator.comparing(RoleBinding::name)).toList();
    }

    @Override
    public RoleBinding bind(Identity caller, Scope scope, String role, Subject subject) {
        require(caller, "create", bindingResource(scope), scope);
        List<Rule> granted;
        if (scope.isGlobal()) {
            GlobalRole global = BuiltinRoles.GLOBAL_ROLES.get(role);
            if (global == null) {
                throw new IllegalArgumentException("global role '" + role + "' does not exist; use one of "
                    + new TreeSet<>(BuiltinRoles.GLOBAL_ROLES.keySet()));
            }
            granted = global.rules();
        } else {
            RoleTemplate template = roleTemplate(role).orElseThrow(() -> new IllegalArgumentException(
                "role template '" + role + "' does not exist"));
            RoleTemplate.Context wanted = scope.isProject() ? RoleTemplate.Context.PROJECT : RoleTemplate.Context.CLUSTER;
            if (template.context() != wanted) {
                throw new IllegalArgumentException("role template '" + role + "' is for " + template.context().name()
                    .toLowerCase() + " scopes and cannot be bound to " + scope);
            }
            granted = effectiveRules(template);
        }
        requireHeld(caller, scope, granted, "role '" + role + "'");
        return write(scope, role, subject, caller.user());
    }

    @Override
    public RoleBinding makeOwner(Identity creator, Scope scope) {
        if (scope.isGlobal()) {
            throw new IllegalArgumentException("only clusters and projects have owners");
        }
        return write(scope, scope.isProject() ? "project-owner" : "cluster-owner", Subject.user(creator.user()), creator.user());
    }

    private RoleBinding write(Scope scope, String role, Subject subject, String createdBy) {
        String name = bindingName(scope, role, subject);
        BindingData data = new BindingData(scope.cluster(), scope.project(), role, subject.kind(), subject.name(), createdBy);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ROLE_LABEL, role);
        if (scope.cluster() != null) {
            labels.put(CLUSTER_LABEL, scope.cluster());
        }
        if (scope.project() != null) {
            labels.put(PROJECT_LABEL, scope.project());
        }
        StoreRecord record;
        try {
            record = store.create(BINDING_KIND, name, new RecordContent(labels, RecordJson.write(data), Map.of()));
        } catch (ConflictException e) {
            throw new RequestConflictException(subject.kind().name().toLowerCase() + " '" + subject.name() + "' already has role '"
                + role + "' in " + scope);
        }
        indexBinding(record.name(), record.resourceVersion(), record.data(), record.createdAt());
        notifyListeners(scope);
        return bindings.get(name);
    }

    @Override
    public void unbind(Identity caller, String bindingName) {
        RoleBinding binding = bindings.get(bindingName);
        if (binding == null) {
            throw new NotFoundException("binding '" + bindingName + "' not found");
        }
        require(caller, "delete", bindingResource(binding.scope()), binding.scope());
        remove(binding);
    }

    @Override
    public void removeScope(Scope scope) {
        bindings.values().stream()
            .filter(b -> !b.scope().isGlobal() && b.scope().cluster().equals(scope.cluster())
                && (scope.isCluster() || scope.project().equals(b.scope().project())))
            .toList().forEach(this::remove);
    }

    @Override
    public void removeSubject(Subject subject) {
        bindingsOf(subject).forEach(this::remove);
    }

    private void remove(RoleBinding binding) {
        try {
            store.delete(BINDING_KIND, binding.name());
        } catch (NotFoundException e) {
            // removed concurrently: the outcome is the same
        }
        bindings.remove(binding.name());
        notifyListeners(binding.scope());
    }

    private void requireHeld(Identity caller, Scope scope, List<Rule> wanted, String what) {
        List<Rule> held = heldRules(caller, scope);
        for (Rule rule : wanted) {
            for (Rule atom : rule.atoms()) {
                boolean covered = held.stream().anyMatch(h -> h.allows(atom.apiGroups().get(0), atom.resources().get(0),
                    atom.verbs().get(0)));
                if (!covered) {
                    throw new AccessDeniedException("user '" + caller.user() + "' may not grant " + what + " in " + scope
                        + ": it allows '" + atom.verbs().get(0) + "' on '" + atom.resources().get(0) + "' (API group '"
                        + atom.apiGroups().get(0) + "'), which they do not hold there");
                }
            }
        }
    }

    private static String bindingResource(Scope scope) {
        return scope.isGlobal() ? "globalrolebindings" : scope.isCluster() ? "clusterrolebindings" : "projectrolebindings";
    }

    static String bindingName(Scope scope, String role, Subject subject) {
        String key = scope.cluster() + "\n" + scope.project() + "\n" + role + "\n" + subject.kind() + "\n" + subject.name();
        return "rb-" + TokenRegistry.sha256(key).substring(0, 24);
    }

    // ---- index upkeep from the change feed

    private void onBindingEvent(ChangeEvent event) {
        RoleBinding before = bindings.get(event.name());
        if (event.type() == ChangeType.DELETED) {
            if (bindings.remove(event.name()) != null) {
                bindingVersions.remove(event.name());
                notifyListeners(before.scope());
            }
            return;
        }
        Long known = bindingVersions.get(event.name());
        if (known != null && known >= event.resourceVersion()) {
            return;
        }
        indexBinding(event.name(), event.resourceVersion(), event.data(), event.createdAt());
        notifyListeners(bindings.get(event.name()).scope());
    }

    private void onTemplateEvent(ChangeEvent event) {
        if (event.type() == ChangeType.DELETED) {
            customTemplates.remove(event.name());
        } else {
            customTemplates.put(event.name(), template(event.name(), event.resourceVersion(), event.data()));
        }
        notifyListeners(Scope.GLOBAL);
    }

    private void indexBinding(String name, long version, String json, Instant createdAt) {
        BindingData data = RecordJson.read(json, BindingData.class);
        bindings.put(name, new RoleBinding(name, new Scope(data.cluster(), data.project()), data.role(),
            new Subject(data.subjectKind(), data.subject()), data.createdBy(), createdAt));
        bindingVersions.merge(name, version, Math::max);
    }

    private void notifyListeners(Scope scope) {
        for (AccessListener listener : listeners) {
            try {
                listener.accessChanged(scope);
            } catch (RuntimeException e) {
                LOG.warn("Access listener {} failed: {}", listener.getClass().getName(), e.getMessage());
            }
        }
    }

    private static RoleTemplate template(String name, long version, String json) {
        TemplateData data = RecordJson.read(json, TemplateData.class);
        return new RoleTemplate(name, data.displayName(), data.description(), data.context(), data.rules(), data.inherits(),
            false, version);
    }

    private List<StoreRecord> listAll(String kind) {
        List<StoreRecord> records = new ArrayList<>();
        ListQuery query = ListQuery.all().withLimit(ListQuery.MAX_LIMIT);
        while (true) {
            ListPage page = store.list(kind, query);
            records.addAll(page.items());
            if (!page.hasMore()) {
                return records;
            }
            query = query.continueFrom(page.continueToken());
        }
    }
}
