package io.paddock.api.cluster;

/**
 * CPU and memory of a node or a whole cluster.
 *
 * @param cpuMillis   CPU in thousandths of a core
 * @param memoryBytes memory in bytes
 */
public record ResourceAmounts(long cpuMillis, long memoryBytes) {

    public static final ResourceAmounts ZERO = new ResourceAmounts(0, 0);

    public ResourceAmounts plus(ResourceAmounts other) {
        return new ResourceAmounts(cpuMillis + other.cpuMillis, memoryBytes + other.memoryBytes);
    }
}
