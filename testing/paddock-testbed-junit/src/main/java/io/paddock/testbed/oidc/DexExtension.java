package io.paddock.testbed.oidc;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link DexServer} parameter: one Dex for the whole test run, started on first use
 * and stopped when JUnit finishes. A test that stops its provider starts its own with
 * {@link DexServer#start()}.
 * <pre>
 * &#64;ExtendWith(DexExtension.class)
 * class MyTest {
 *     &#64;Test void login(DexServer dex) { URI callback = dex.login(authorizationUri, "alice@example.com", "alice-password-1"); ... }
 * }
 * </pre>
 */
public final class DexExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DexExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DexServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
            .getOrComputeIfAbsent("server", key -> new StoppedAtEnd(DexServer.start()), StoppedAtEnd.class).server();
    }

    /** Lets JUnit close the shared server when the run ends. */
    private record StoppedAtEnd(DexServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
