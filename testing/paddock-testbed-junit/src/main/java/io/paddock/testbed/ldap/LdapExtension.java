package io.paddock.testbed.ldap;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an {@link LdapServer} parameter: one slapd for the whole test run, started on first
 * use and stopped when JUnit finishes. Tests that change entries use names of their own, so that
 * they leave the seeded people and groups as they were.
 * <pre>
 * &#64;ExtendWith(LdapExtension.class)
 * class MyTest {
 *     &#64;Test void works(LdapServer ldap) { String url = ldap.ldapUrl(); ... }
 * }
 * </pre>
 */
public final class LdapExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LdapExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LdapServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
            .getOrComputeIfAbsent("server", key -> new StoppedAtEnd(LdapServer.start()), StoppedAtEnd.class).server();
    }

    /** Lets JUnit close the shared server when the run ends. */
    private record StoppedAtEnd(LdapServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
