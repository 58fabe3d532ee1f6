package io.paddock.api.cluster;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a provider reports the steps of a long operation; Paddock shows them in the cluster's
 * {@link ClusterOperation} (shell, REST, console) as they happen.
 */
@ProviderType
public interface OperationProgress {

    /**
     * The operation moved on to step {@code number} of {@code count} (0 when unknown), e.g.
     * {@code step(3, 7, "starting kube-apiserver v1.35.4")}.
     */
    void step(int number, int count, String description);
}
