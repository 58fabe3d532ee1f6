package io.paddock.testbed;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.paddock.localcluster.KubeBinaries;
import io.paddock.localcluster.LocalCluster;
import io.paddock.localcluster.LocalClusterSpec;

/**
 * Resolves {@link LocalCluster} test parameters with real clusters from the test bed's binaries
 * ({@code testing/k8s/build.sh}). Clusters live under {@code target/testbed/<name>}, so their logs
 * stay with the build output. Missing binaries fail the test with the command that builds them.
 *
 * <pre>
 * &#64;ExtendWith(TestBedExtension.class)
 * class MyTest {
 *     &#64;Test void works(LocalCluster cluster) { ... }                              // shared, 3 nodes
 *     &#64;Test void isolated(&#64;KubeCluster(nodes = 1, fresh = true) LocalCluster c) { ... }
 *     &#64;Test void usage(&#64;KubeCluster(metrics = true) LocalCluster c) { ... }              // + metrics.k8s.io
 *     &#64;Test void shell(&#64;KubeCluster(podIo = true) LocalCluster c) { ... }                // + exec, logs, port-forward
 * }
 * </pre>
 */
public class TestBedExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestBedExtension.class);
    private static final AtomicInteger FRESH = new AtomicInteger();

    /** Where clusters' work directories go. */
    public static Path workRoot() {
        return Path.of("target", "testbed").toAbsolutePath();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        KubeCluster options = parameter.findAnnotation(KubeCluster.class).orElse(Defaults.OPTIONS);
        String version = options.version().isEmpty() ? null : options.version();
        if (options.fresh()) {
            String name = "fresh-" + FRESH.incrementAndGet();
            return context.getStore(NAMESPACE).getOrComputeIfAbsent(parameter.getIndex() + "-" + name,
                key -> new ClusterResource(start(name, options.nodes(), version, options.metrics(), options.podIo())), ClusterResource.class).cluster;
        }
        String name = "shared-" + options.nodes() + (version == null ? "" : "-" + version.replace('.', '-'))
            + (options.metrics() ? "-metrics" : "") + (options.podIo() ? "-podio" : "");
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(name,
            key -> new ClusterResource(start(name, options.nodes(), version, options.metrics(), options.podIo())), ClusterResource.class).cluster;
    }

    /** Starts a cluster outside JUnit's management, e.g. for benchmarks; the caller closes it. */
    public static LocalCluster start(String name, int nodes, String version) {
        return start(name, nodes, version, false);
    }

    /** As {@link #start(String, int, String)}, with or without the {@code metrics.k8s.io} API. */
    public static LocalCluster start(String name, int nodes, String version, boolean metrics) {
        return start(name, nodes, version, metrics, false);
    }

    /** As {@link #start(String, int, String, boolean)}, with or without exec, logs and port-forward for pods. */
    public static LocalCluster start(String name, int nodes, String version, boolean metrics, boolean podIo) {
        KubeBinaries binaries = KubeBinaries.fromCache(KubeBinaries.defaultCache(), version);
        return LocalCluster.start(LocalClusterSpec.of(name, workRoot().resolve(name), binaries, nodes).withMetrics(metrics)
            .withPodIo(podIo));
    }

    /** Stops the cluster when its JUnit scope (test or whole run) ends. */
    private record ClusterResource(LocalCluster cluster) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            cluster.close();
        }
    }

    /** The annotation's default values, read from a parameter that carries it unchanged. */
    private static final class Defaults {
        static final KubeCluster OPTIONS;

        static {
            try {
                OPTIONS = Defaults.class.getDeclaredMethod("annotated", LocalCluster.class).getParameters()[0]
                    .getAnnotation(KubeCluster.class);
            } catch (NoSuchMethodException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused")
        private static void annotated(@KubeCluster LocalCluster cluster) {
        }
    }
}
