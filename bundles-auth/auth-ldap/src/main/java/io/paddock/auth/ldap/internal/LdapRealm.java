package io.paddock.auth.ldap.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.IncorrectCredentialsException;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.authc.pam.UnsupportedTokenException;
import org.apache.shiro.realm.Realm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import io.paddock.api.auth.ExternalGroup;
import io.paddock.api.auth.ExternalIdentity;

/**
 * Password login against the directory: the service account searches the user by login (exactly
 * one entry must match), the password is checked by binding as that entry on a connection of its
 * own, then the user's groups are read, nested ones included. Every refusal looks the same to the
 * caller: {@link IncorrectCredentialsException} with {@value #LOGIN_FAILED}, whether the user is
 * unknown, ambiguous or typed the wrong password; the log says which.
 */
final class LdapRealm implements Realm {

    static final String LOGIN_FAILED = "Invalid login or password";

    private static final Logger LOG = LoggerFactory.getLogger(LdapRealm.class);
    /** Longer logins are typing accidents or attacks; no directory has names this long. */
    private static final int MAX_LOGIN_LENGTH = 256;

    private final LdapSettings settings;
    private final LdapDirectory directory;
    private final GroupCache groupCache;

    LdapRealm(LdapSettings settings, LdapDirectory directory, GroupCache groupCache) {
        this.settings = settings;
        this.directory = directory;
        this.groupCache = groupCache;
    }

    @Override
    public String getName() {
        return settings.provider();
    }

    @Override
    public boolean supports(AuthenticationToken token) {
        return token instanceof UsernamePasswordToken;
    }

    @Override
    public AuthenticationInfo getAuthenticationInfo(AuthenticationToken token) {
        if (!(token instanceof UsernamePasswordToken passwordToken)) {
            throw new UnsupportedTokenException("provider " + getName() + " accepts logins with a password only");
        }
        String login = passwordToken.getUsername();
        char[] password = passwordToken.getPassword();
        String from = passwordToken.getHost() == null ? "" : " from " + passwordToken.getHost();
        if (login == null || login.isBlank() || login.length() > MAX_LOGIN_LENGTH) {
            throw refused(forLog(login), from, "empty or overlong login");
        }
        if (password == null || password.length == 0) {
            throw refused(forLog(login), from, "empty password");
        }
        SearchResultEntry user = findUser(login, from);
        ResultCode bind = directory.checkPassword(user.getDN(), password);
        if (bind != ResultCode.SUCCESS) {
            throw refused(forLog(login), from, bind == ResultCode.INVALID_CREDENTIALS ? "wrong password for " + user.getDN()
                : "the directory refused the bind as " + user.getDN() + " (" + bind + ")");
        }
        String canonicalLogin = user.getAttributeValue(settings.loginAttribute());
        ExternalIdentity identity = new ExternalIdentity(settings.provider(), user.getDN(),
            canonicalLogin == null ? login : canonicalLogin, user.getAttributeValue(settings.displayNameAttribute()),
            groups(user, login));
        LOG.info("provider {}: {} logged in{} ({} groups)", getName(), user.getDN(), from, identity.groups().size());
        // the password was checked by the directory: there are no credentials for Shiro to match
        return new SimpleAuthenticationInfo(identity, null, getName());
    }

    private SearchResultEntry findUser(String login, String from) {
        Filter filter = filter(settings.userFilter(), login, null);
        // a size limit of 2 is enough to tell one match from several
        SearchRequest request = new SearchRequest(settings.userBase(), SearchScope.SUB, DereferencePolicy.NEVER, 2,
            timeLimitSeconds(), false, filter, settings.loginAttribute(), settings.displayNameAttribute());
        List<SearchResultEntry> entries;
        try {
            entries = directory.search(request).getSearchEntries();
        } catch (LDAPSearchException sizeLimitExceeded) {
            entries = sizeLimitExceeded.getSearchEntries();
        }
        if (entries.size() != 1) {
            throw refused(forLog(login), from, entries.isEmpty() ? "no entry matches " + filter
                : "more than one entry matches " + filter + ", so none is used");
        }
        return entries.get(0);
    }

    private List<ExternalGroup> groups(SearchResultEntry user, String login) {
        if (!settings.groupsEnabled()) {
            return List.of();
        }
        String key = normalized(user.getDN());
        List<ExternalGroup> cached = groupCache.get(key);
        if (cached != null) {
            return cached;
        }
        Map<String, ExternalGroup> found = new LinkedHashMap<>();
        List<String> level = searchGroups(List.of(filter(settings.groupFilter(), login, user.getDN())), found);
        boolean followNesting = !settings.flavour().resolvesNestingItself() && settings.groupFilter().mentions(FilterTemplate.DN);
        // each round finds the groups that contain the previous round's groups; the map stops cycles
        for (int depth = 1; followNesting && depth <= settings.groupNestingDepth() && !level.isEmpty(); depth++) {
            List<Filter> parents = new ArrayList<>();
            for (String groupDn : level) {
                parents.add(filter(settings.groupFilter(), login, groupDn));
            }
            level = searchGroups(parents, found);
        }
        List<ExternalGroup> groups = List.copyOf(found.values());
        groupCache.put(key, groups);
        return groups;
    }

    /** Adds the groups matching any of {@code filters} to {@code found}; returns the DNs of those not seen before. */
    private List<String> searchGroups(List<Filter> filters, Map<String, ExternalGroup> found) {
        Filter filter = filters.size() == 1 ? filters.get(0) : Filter.createORFilter(filters);
        SearchRequest request = new SearchRequest(settings.groupBase(), SearchScope.SUB, DereferencePolicy.NEVER, 0,
            timeLimitSeconds(), false, filter, settings.groupNameAttribute());
        List<SearchResultEntry> entries;
        try {
            entries = directory.search(request).getSearchEntries();
        } catch (LDAPSearchException sizeLimitExceeded) {
            LOG.warn("provider {}: the directory's size limit cut the group search {} short; {} groups read", getName(), filter,
                sizeLimitExceeded.getEntryCount());
            entries = sizeLimitExceeded.getSearchEntries();
        }
        List<String> added = new ArrayList<>();
        for (SearchResultEntry entry : entries) {
            String key = normalized(entry.getDN());
            if (!found.containsKey(key)) {
                found.put(key, new ExternalGroup(entry.getDN(), entry.getAttributeValue(settings.groupNameAttribute())));
                added.add(entry.getDN());
            }
        }
        return added;
    }

    private static Filter filter(FilterTemplate template, String login, String dn) {
        try {
            return template.expand(login, dn);
        } catch (LDAPException e) {
            // cannot happen: the template was parsed at configuration time and values are escaped
            throw new IllegalStateException("filter " + template + " cannot be built: " + e.getMessage(), e);
        }
    }

    private int timeLimitSeconds() {
        return (int) settings.responseTimeout().toSeconds();
    }

    private static String normalized(String dn) {
        try {
            return new DN(dn).toNormalizedString();
        } catch (LDAPException e) {
            return dn.toLowerCase(Locale.ROOT);
        }
    }

    private IncorrectCredentialsException refused(String login, String from, String reason) {
        LOG.info("provider {}: login refused for '{}'{}: {}", getName(), login, from, reason);
        return new IncorrectCredentialsException(LOGIN_FAILED);
    }

    /** The login as it may appear in a log line: control characters replaced, length capped. */
    private static String forLog(String login) {
        if (login == null) {
            return "";
        }
        String shown = login.length() > 64 ? login.substring(0, 64) + "..." : login;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
