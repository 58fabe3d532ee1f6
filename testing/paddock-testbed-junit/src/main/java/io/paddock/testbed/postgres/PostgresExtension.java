package io.paddock.testbed.postgres;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link PostgresServer} parameter: one server for the whole test run, started on
 * first use and stopped when JUnit finishes. Tests isolate themselves with
 * {@link PostgresServer#createDatabase()}.
 * <pre>
 * &#64;ExtendWith(PostgresExtension.class)
 * class MyTest {
 *     &#64;Test void works(PostgresServer postgres) { String url = postgres.createDatabase(); ... }
 * }
 * </pre>
 */
public final class PostgresExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
            .getOrComputeIfAbsent("server", key -> new StoppedAtEnd(PostgresServer.start()), StoppedAtEnd.class).server();
    }

    /** Lets JUnit close the shared server when the run ends. */
    private record StoppedAtEnd(PostgresServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
