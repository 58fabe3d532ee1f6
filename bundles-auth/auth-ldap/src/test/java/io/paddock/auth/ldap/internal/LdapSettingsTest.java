package io.paddock.auth.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.paddock.api.config.InvalidSettingException;

class LdapSettingsTest {

    private static final String SECRET = "s3rvice-Secret";

    private static Map<String, Object> minimal() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("urls", "ldap://ldap1.example.org ldap://ldap2.example.org:3389");
        properties.put("bind.dn", "cn=paddock,ou=services,dc=example,dc=org");
        properties.put("bind.password", SECRET);
        properties.put("user.base", "ou=people,dc=example,dc=org");
        return properties;
    }

    @Test
    void openLdapDefaultsUseStartTlsAndGroupOfNames() throws Exception {
        LdapSettings settings = LdapSettings.from("io.paddock.auth.ldap-corp", minimal());

        assertEquals("ldap", settings.provider());
        assertEquals("LDAP", settings.displayName());
        assertEquals(List.of(new LdapSettings.Server("ldap1.example.org", 389), new LdapSettings.Server("ldap2.example.org", 3389)),
            settings.servers());
        assertEquals(TlsMode.STARTTLS, settings.tls());
        assertEquals("(uid=alice)", settings.userFilter().expand("alice", null).toString());
        assertEquals("(&(objectClass=groupOfNames)(member=uid=alice,dc=x))",
            settings.groupFilter().expand("alice", "uid=alice,dc=x").toString());
        assertEquals(Duration.ofMinutes(5), settings.groupCacheTtl());
        assertFalse(settings.groupsEnabled());
        assertFalse(settings.toString().contains(SECRET), settings.toString());
    }

    @Test
    void activeDirectoryAsksTheServerForNestedGroups() throws Exception {
        Map<String, Object> properties = minimal();
        properties.put("flavour", "activedirectory");
        properties.put("urls", "ldaps://dc1.corp.example.com");
        properties.put("group.base", "dc=corp,dc=example,dc=com");

        LdapSettings settings = LdapSettings.from("io.paddock.auth.ldap-ad", properties);

        assertEquals("Active Directory", settings.displayName());
        assertEquals(TlsMode.LDAPS, settings.tls());
        assertEquals(636, settings.servers().get(0).port());
        assertEquals("(sAMAccountName=jdoe)", settings.userFilter().expand("jdoe", null).toString());
        assertEquals("(&(objectClass=group)(member:1.2.840.113556.1.4.1941:=CN=John Doe,DC=corp))",
            settings.groupFilter().expand("jdoe", "CN=John Doe,DC=corp").toString());
        assertTrue(settings.flavour().resolvesNestingItself());
        assertEquals("displayName", settings.displayNameAttribute());
    }

    @Test
    void valuesAreEscapedInFilters() throws Exception {
        LdapSettings settings = LdapSettings.from("io.paddock.auth.ldap-corp", minimal());

        assertEquals("(uid=alice\\29\\28uid=\\2a)", settings.userFilter().expand("alice)(uid=*", null).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "urls|                           |urls is required",
        "urls|http://ldap.example.org    |urls = 'http://ldap.example.org' is invalid",
        "urls|ldap://a.example ldaps://b |urls = 'ldap://a.example ldaps://b' is invalid",
        "provider|Corp LDAP              |provider = 'Corp LDAP' is invalid",
        "flavour|novell                  |flavour = 'novell' is invalid",
        "tls.mode|ssl                    |tls.mode = 'ssl' is invalid",
        "tls.mode|ldaps                  |tls.mode = 'ldaps' is invalid; expected none or starttls",
        "tls.ca.file|/nonexistent/ca.pem |tls.ca.file = '/nonexistent/ca.pem' is invalid",
        "bind.dn|                        |bind.dn = '' is invalid",
        "bind.dn|not a dn                |bind.dn = 'not a dn' is invalid",
        "bind.password|                  |bind.password is required",
        "user.base|                      |user.base = '' is invalid",
        "user.filter|(cn=paddock)        |user.filter = '(cn=paddock)' is invalid; expected a filter containing {0}",
        "user.filter|(uid={0}            |user.filter = '(uid={0}' is invalid; expected a valid LDAP filter",
        "user.login.attribute|u id       |user.login.attribute = 'u id' is invalid",
        "group.filter|(objectClass=group)|group.filter = '(objectClass=group)' is invalid",
        "group.nesting.depth|21          |group.nesting.depth = '21' is invalid",
        "group.cache.ttl.seconds|-1      |group.cache.ttl.seconds = '-1' is invalid",
        "pool.size|0                     |pool.size = '0' is invalid",
        "connect.timeout.seconds|ten     |connect.timeout.seconds = 'ten' is invalid",
        "response.timeout.seconds|301    |response.timeout.seconds = '301' is invalid",
    })
    void badValuesAreRefusedNamingTheFileAndKey(String key, String value, String expected) {
        Map<String, Object> properties = minimal();
        if (value == null) {
            properties.remove(key);
        } else {
            properties.put(key, value);
        }

        InvalidSettingException error = assertThrows(InvalidSettingException.class,
            () -> LdapSettings.from("io.paddock.auth.ldap-corp", properties));

        assertTrue(error.getMessage().startsWith("etc/io.paddock.auth.ldap-corp.cfg: " + expected), error.getMessage());
        assertFalse(error.getMessage().contains(SECRET), error.getMessage());
    }

    @Test
    void configurationNameComesFromTheFileOrTheNamedFactoryPid() {
        assertEquals("io.paddock.auth.ldap-corp", LdapLoginProvider.configurationName(
            Map.of("felix.fileinstall.filename", "file:/opt/paddock/etc/io.paddock.auth.ldap-corp.cfg")));
        assertEquals("io.paddock.auth.ldap-ad", LdapLoginProvider.configurationName(Map.of("service.pid", "io.paddock.auth.ldap~ad")));
    }
}
