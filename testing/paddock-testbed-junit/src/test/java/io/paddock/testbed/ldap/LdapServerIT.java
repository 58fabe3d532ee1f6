package io.paddock.testbed.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LdapServerIT {

    @Test
    void serverAnswersOverStartTlsAndLdapsWithItsCaAndIsGoneAfterClose() throws Exception {
        Path directory;
        try (LdapServer ldap = LdapServer.start()) {
            directory = ldap.logFile().getParent();
            for (String url : List.of(ldap.ldapUrl(), ldap.ldapsUrl())) {
                List<String> command = new ArrayList<>(List.of("ldapsearch", "-LLL", "-x", "-H", url,
                    "-D", LdapServer.SERVICE_DN, "-w", ldap.servicePassword(), "-b", LdapServer.GROUPS_DN,
                    "(member=" + LdapServer.userDn("alice") + ")", "cn"));
                if (url.startsWith("ldap:")) {
                    command.add(3, "-ZZ");
                }
                assertEquals("dn: " + LdapServer.groupDn("developers") + "\ncn: developers\n\n",
                    run(command, ldap.caFile()), url);
            }
            assertTrue(ldap.version().startsWith("slapd 2."), ldap.version());
        }
        assertFalse(Files.exists(directory), "the server's directory is deleted");
    }

    @Test
    void slapdDoesNotOutliveAKilledJvm() throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), LdapServerInChildJvm.class.getName())
            .redirectErrorStream(true)
            .start();
        Path directory = Path.of(awaitReady(jvm));
        ProcessHandle slapd = jvm.descendants()
            .filter(process -> process.info().command().map(command -> command.endsWith("/slapd")).orElse(false))
            .findFirst().orElseThrow(() -> new AssertionError("no slapd below the child JVM"));

        // SIGKILL: no shutdown hook runs, only the watchdog can stop slapd
        jvm.destroyForcibly().waitFor();

        slapd.onExit().completeOnTimeout(slapd, 15, TimeUnit.SECONDS).get();
        assertFalse(slapd.isAlive(), "slapd " + slapd.pid() + " still runs 15 s after its JVM was killed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(directory) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(Files.exists(directory), "the watchdog deletes " + directory);
    }

    /** @return the server's directory, as the child reports it */
    private static String awaitReady(Process jvm) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("READY ")) {
                return line.substring("READY ".length());
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("child JVM ended before its slapd was ready:\n" + seen);
    }

    private static String run(List<String> command, Path caFile) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LDAPTLS_CACERT", caFile.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }
}
