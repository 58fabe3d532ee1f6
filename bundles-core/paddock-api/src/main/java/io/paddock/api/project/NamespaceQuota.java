package io.paddock.api.project;

/**
 * Limits that every namespace of a project gets downstream, as a ResourceQuota (hard limits) and a
 * LimitRange (defaults for containers that declare none). Zero means "no limit" for that resource.
 *
 * @param cpuMillis           {@code limits.cpu} of the namespace, in thousandths of a core
 * @param memoryBytes         {@code limits.memory} of the namespace
 * @param pods                number of pods in the namespace
 * @param defaultCpuMillis    default CPU limit of a container
 * @param defaultMemoryBytes  default memory limit of a container
 */
public record NamespaceQuota(long cpuMillis, long memoryBytes, int pods, long defaultCpuMillis, long defaultMemoryBytes) {

    public static final NamespaceQuota NONE = new NamespaceQuota(0, 0, 0, 0, 0);

    public NamespaceQuota {
        if (cpuMillis < 0 || memoryBytes < 0 || pods < 0 || defaultCpuMillis < 0 || defaultMemoryBytes < 0) {
            throw new IllegalArgumentException("quota values must not be negative");
        }
    }

    public boolean limitsNamespace() {
        return cpuMillis > 0 || memoryBytes > 0 || pods > 0;
    }

    public boolean limitsContainers() {
        return defaultCpuMillis > 0 || defaultMemoryBytes > 0;
    }
}
