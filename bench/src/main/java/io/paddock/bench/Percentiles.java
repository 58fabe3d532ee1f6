package io.paddock.bench;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of measured durations. */
final class Percentiles {

    private Percentiles() {
    }

    /** The percentile of durations given in nanoseconds, in milliseconds. */
    static double millis(List<Long> nanos, int percent) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int index = Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
