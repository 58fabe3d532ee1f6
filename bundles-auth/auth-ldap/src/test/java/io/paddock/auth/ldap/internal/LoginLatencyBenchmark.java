package io.paddock.auth.ldap.internal;

import java.util.Arrays;
import java.util.Map;

import org.apache.shiro.authc.UsernamePasswordToken;

import io.paddock.testbed.ldap.LdapServer;

/**
 * Measures password logins against a throwaway slapd over StartTLS: the pooled service-account
 * search, the user's bind on a new TLS connection, and groups (three levels of nesting) read
 * either every time or from the cache. A measurement, not a test: run with
 * {@code mvn -pl bundles-auth/auth-ldap test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.paddock.auth.ldap.internal.LoginLatencyBenchmark}.
 */
public final class LoginLatencyBenchmark {

    private static final int WARMUP = 100;
    private static final int ROUNDS = 500;

    private LoginLatencyBenchmark() {
    }

    public static void main(String[] args) {
        try (LdapServer ldap = LdapServer.start(); TestDirectory directory = new TestDirectory(ldap)) {
            System.out.println(ldap.version() + ", StartTLS on loopback, pool of 5 connections");
            Map<String, Object> cached = directory.configuration();
            measure("groups cached (ttl 300 s)", directory.realm(cached), ldap);
            Map<String, Object> uncached = directory.configuration();
            uncached.put(LdapSettings.GROUP_CACHE_TTL_SECONDS, "0");
            measure("groups read at each login", directory.realm(uncached), ldap);
        }
    }

    private static void measure(String label, LdapRealm realm, LdapServer ldap) {
        UsernamePasswordToken token = new UsernamePasswordToken("alice", ldap.password("alice"));
        for (int i = 0; i < WARMUP; i++) {
            realm.getAuthenticationInfo(token);
        }
        long[] micros = new long[ROUNDS];
        long start = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            long begin = System.nanoTime();
            realm.getAuthenticationInfo(token);
            micros[i] = (System.nanoTime() - begin) / 1_000;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(micros);
        System.out.printf("%-28s p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  (%d logins, %.0f/s on one thread)%n", label,
            micros[ROUNDS / 2] / 1000.0, micros[ROUNDS * 95 / 100] / 1000.0, micros[ROUNDS * 99 / 100] / 1000.0, ROUNDS,
            ROUNDS / seconds);
    }
}
