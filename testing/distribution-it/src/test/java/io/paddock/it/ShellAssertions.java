package io.paddock.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.it.PaddockProcess.ShellResult;

/** What a user must see when a shell command is refused: a failure status, the message, no stack trace. */
final class ShellAssertions {

    private ShellAssertions() {
    }

    static void assertRefused(String command, ShellResult result, String message) {
        assertTrue(result.exitStatus() != 0, command + " succeeded:\n" + result.output());
        assertTrue(result.output().contains(message), command + ":\n" + result.output());
        assertFalse(result.output().contains("\tat "), "stack trace shown for " + command + ":\n" + result.output());
    }
}
