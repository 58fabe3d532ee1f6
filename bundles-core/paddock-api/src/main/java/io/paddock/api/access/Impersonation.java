package io.paddock.api.access;

/**
 * How Paddock identities are named inside downstream clusters: the user and group names that RBAC
 * bindings there list and that the proxy impersonates. Prefixed, so they never collide with the
 * cluster's own users ({@code system:...}) or its other authenticators.
 */
public final class Impersonation {

    public static final String USER_PREFIX = "paddock:user:";
    public static final String GROUP_PREFIX = "paddock:group:";
    /** Every impersonated request also carries this group, as any authenticated user does. */
    public static final String AUTHENTICATED_GROUP = "system:authenticated";

    private Impersonation() {
    }

    public static String userName(String user) {
        return USER_PREFIX + user;
    }

    public static String groupName(String qualifiedGroup) {
        return GROUP_PREFIX + qualifiedGroup;
    }

    public static String subjectName(Subject subject) {
        return subject.kind() == Subject.Kind.USER ? userName(subject.name()) : groupName(subject.name());
    }
}
