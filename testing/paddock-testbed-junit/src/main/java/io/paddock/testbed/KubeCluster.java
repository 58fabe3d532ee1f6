package io.paddock.testbed;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Options for a {@link io.paddock.localcluster.LocalCluster} test parameter resolved by
 * {@link TestBedExtension}. Without the annotation a parameter gets the shared 3-node cluster.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface KubeCluster {

    /** Number of kwok fake nodes. */
    int nodes() default 3;

    /**
     * A cluster of its own for this test, stopped when the test ends; otherwise one cluster per
     * node count is shared by every test in the run and stopped at the end.
     */
    boolean fresh() default false;

    /** Kubernetes version, e.g. {@code v1.35.4}; empty for the test bed's default. */
    String version() default "";

    /**
     * Also serve {@code metrics.k8s.io} (metrics-server on kwok's emulated usage; see
     * {@link io.paddock.localcluster.LocalClusterSpec#metrics()}). Costs one process and a few seconds of start-up.
     */
    boolean metrics() default false;

    /**
     * Let {@code kubectl exec}, {@code logs} (also {@code -f}) and {@code port-forward} work against every pod on a kwok node
     * (see {@link io.paddock.localcluster.LocalClusterSpec#podIo()}): exec runs a local process, logs come from a file the
     * test appends to, port-forward reaches a loopback port the test listens on. Costs no extra process.
     */
    boolean podIo() default false;
}
