package io.paddock.auth.ldap.internal;

/** The kind of directory, which decides the defaults for filters and attributes and how nested groups are found. */
enum Flavour {
    /** OpenLDAP and other RFC 4519 directories: {@code groupOfNames} with {@code member}; nesting followed level by level. */
    OPENLDAP("openldap", "LDAP", "(uid={0})", "uid", "cn", "(&(objectClass=groupOfNames)(member={dn}))"),
    /** Active Directory: the server resolves nested groups itself (LDAP_MATCHING_RULE_IN_CHAIN). */
    ACTIVE_DIRECTORY("activedirectory", "Active Directory", "(sAMAccountName={0})", "sAMAccountName", "displayName",
        "(&(objectClass=group)(member:1.2.840.113556.1.4.1941:={dn}))");

    final String configName;
    final String displayName;
    final String userFilter;
    final String loginAttribute;
    final String displayNameAttribute;
    final String groupFilter;

    Flavour(String configName, String displayName, String userFilter, String loginAttribute, String displayNameAttribute,
            String groupFilter) {
        this.configName = configName;
        this.displayName = displayName;
        this.userFilter = userFilter;
        this.loginAttribute = loginAttribute;
        this.displayNameAttribute = displayNameAttribute;
        this.groupFilter = groupFilter;
    }

    /** Whether group membership has to be followed upwards by the client. */
    boolean resolvesNestingItself() {
        return this == ACTIVE_DIRECTORY;
    }

    static Flavour fromConfigName(String name) {
        for (Flavour flavour : values()) {
            if (flavour.configName.equals(name)) {
                return flavour;
            }
        }
        return null;
    }
}
