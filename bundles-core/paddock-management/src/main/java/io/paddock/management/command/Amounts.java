package io.paddock.management.command;

/** CPU and memory figures the way kubectl prints them. */
final class Amounts {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final long MIB = 1024L * 1024;

    private Amounts() {
    }

    static String cpu(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
    }

    static String memory(long bytes) {
        if (bytes >= GIB) {
            return String.format("%.1fGi", bytes / (double) GIB);
        }
        return (bytes / MIB) + "Mi";
    }
}
