package io.paddock.auth.ldap.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.paddock.testbed.ldap.LdapServer;

/** Builds realms against the test slapd the way the component does, and closes their pools. */
final class TestDirectory implements AutoCloseable {

    static final String SOURCE = "io.paddock.auth.ldap-corp";

    private final LdapServer ldap;
    private final List<LdapDirectory> opened = new ArrayList<>();

    TestDirectory(LdapServer ldap) {
        this.ldap = ldap;
    }

    /** StartTLS with the test CA, the service account, people and groups of the test directory. */
    Map<String, Object> configuration() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(LdapSettings.PROVIDER, "corp");
        properties.put(LdapSettings.URLS, ldap.ldapUrl());
        properties.put(LdapSettings.TLS_MODE, "starttls");
        properties.put(LdapSettings.TLS_CA_FILE, ldap.caFile().toString());
        properties.put(LdapSettings.BIND_DN, LdapServer.SERVICE_DN);
        properties.put(LdapSettings.BIND_PASSWORD, ldap.servicePassword());
        properties.put(LdapSettings.USER_BASE, LdapServer.PEOPLE_DN);
        properties.put(LdapSettings.GROUP_BASE, LdapServer.GROUPS_DN);
        return properties;
    }

    LdapRealm realm(Map<String, Object> properties) {
        return realm(properties, Clock.systemUTC());
    }

    LdapRealm realm(Map<String, Object> properties, Clock clock) {
        LdapSettings settings = LdapSettings.from(SOURCE, properties);
        LdapDirectory directory = LdapDirectory.open(settings);
        opened.add(directory);
        return new LdapRealm(settings, directory, new GroupCache(settings.groupCacheTtl(), clock));
    }

    @Override
    public void close() {
        opened.forEach(LdapDirectory::close);
    }

    /** A clock tests move by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
