package io.paddock.api.cluster;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes release such as {@code v1.35.4}, ordered by release, with the version skew policy's rule
 * for control-plane upgrades.
 */
public record KubernetesVersion(int major, int minor, int patch) implements Comparable<KubernetesVersion> {

    private static final Pattern FORMAT = Pattern.compile("v(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,4})");
    private static final Comparator<KubernetesVersion> ORDER = Comparator.comparingInt(KubernetesVersion::major)
        .thenComparingInt(KubernetesVersion::minor).thenComparingInt(KubernetesVersion::patch);

    /** @throws IllegalArgumentException when {@code text} is not {@code v<major>.<minor>.<patch>} */
    public static KubernetesVersion parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a Kubernetes version like v1.35.4");
        }
        return new KubernetesVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    /**
     * Whether a control plane running this version may be upgraded to {@code target}: a newer patch of the
     * same minor release, or the next minor release (one at a time; never down).
     */
    public boolean canUpgradeTo(KubernetesVersion target) {
        return target.major == major && compareTo(target) < 0 && target.minor <= minor + 1;
    }

    /**
     * Checks an upgrade request against {@link #canUpgradeTo}.
     *
     * @throws IllegalArgumentException naming the field {@code kubernetesVersion} when either is no version or the
     *                                  step is not allowed
     */
    public static void requireUpgrade(String running, String target) {
        try {
            if (parse(running).canUpgradeTo(parse(target))) {
                return;
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kubernetesVersion: " + e.getMessage());
        }
        throw new IllegalArgumentException("kubernetesVersion: cannot go from " + running + " to " + target
            + "; upgrades go to a newer patch or the next minor release only (Kubernetes' version skew policy)");
    }

    @Override
    public int compareTo(KubernetesVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch;
    }
}
