package io.paddock.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading a kubeconfig that an administrator names on the server, e.g. in a shell command. */
public final class KubeconfigFiles {

    private KubeconfigFiles() {
    }

    /** @throws IllegalArgumentException naming the file when it does not exist */
    public static String read(String path) {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("kubeconfig file '" + path + "' does not exist");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig file '" + path + "': " + e.getMessage(), e);
        }
    }
}
