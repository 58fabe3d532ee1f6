package io.paddock.api.access;

import java.util.List;

/**
 * A permission in Kubernetes' PolicyRule shape. Rules in the {@value #MANAGEMENT_GROUP} API group
 * govern Paddock's own resources and are enforced by Paddock; all other rules of a role template
 * become Kubernetes RBAC in the clusters where it is bound. {@code *} matches everything.
 */
public record Rule(List<String> apiGroups, List<String> resources, List<String> verbs) {

    public static final String MANAGEMENT_GROUP = "management.paddock.io";
    public static final String ANY = "*";
    public static final List<String> READ = List.of("get", "list", "watch");

    public Rule {
        apiGroups = List.copyOf(requireNonEmpty("apiGroups", apiGroups, true));
        resources = List.copyOf(requireNonEmpty("resources", resources, false));
        verbs = List.copyOf(requireNonEmpty("verbs", verbs, false));
    }

    /** A rule on Paddock's own resources. */
    public static Rule management(List<String> resources, List<String> verbs) {
        return new Rule(List.of(MANAGEMENT_GROUP), resources, verbs);
    }

    public boolean isManagement() {
        return apiGroups.contains(MANAGEMENT_GROUP) || apiGroups.contains(ANY);
    }

    public boolean isDownstream() {
        return apiGroups.stream().anyMatch(group -> !MANAGEMENT_GROUP.equals(group));
    }

    /**
     * Whether this rule allows {@code verb} on {@code resource} of {@code apiGroup}. A {@code *}
     * asked for is only allowed by a {@code *} held: it also grants resources that do not exist yet.
     */
    public boolean allows(String apiGroup, String resource, String verb) {
        return matches(apiGroups, apiGroup) && matches(resources, resource) && matches(verbs, verb);
    }

    private static boolean matches(List<String> values, String value) {
        return values.contains(ANY) || values.contains(value);
    }

    /** Every (apiGroup, resource, verb) combination this rule names, for escalation checks. */
    public List<Rule> atoms() {
        java.util.ArrayList<Rule> atoms = new java.util.ArrayList<>();
        for (String group : apiGroups) {
            for (String resource : resources) {
                for (String verb : verbs) {
                    atoms.add(new Rule(List.of(group), List.of(resource), List.of(verb)));
                }
            }
        }
        return atoms;
    }

    private static List<String> requireNonEmpty(String field, List<String> values, boolean emptyStringAllowed) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("rule " + field + " must not be empty");
        }
        for (String value : values) {
            if (value == null || (!emptyStringAllowed && value.isBlank()) || value.length() > 253) {
                throw new IllegalArgumentException("rule " + field + " contains an empty or oversized entry");
            }
        }
        return values;
    }
}
