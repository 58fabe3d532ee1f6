package io.paddock.testbed.ldap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.paddock.localcluster.LoopbackPorts;
import io.paddock.testbed.ServerProcesses;

/**
 * A throwaway OpenLDAP server for tests: {@code slapd} with an mdb database in a temporary
 * directory, listening on free loopback ports for plain LDAP (with StartTLS) and LDAPS, with a CA
 * and server certificate made for it. Seeded with {@value #BASE_DN}:
 * <ul>
 *   <li>people {@code alice}, {@code bob}, {@code carol} ({@code inetOrgPerson}, random passwords);</li>
 *   <li>groups ({@code groupOfNames}): {@code developers} = alice, bob; {@code operators} = carol;
 *       {@code staff} = the group developers and the group everyone; {@code everyone} = the group
 *       staff (a cycle, as directories sometimes have);</li>
 *   <li>the service account {@value #SERVICE_DN}, the only non-person allowed to search.</li>
 * </ul>
 * Anonymous clients can read nothing; password hashes are readable by no one. A bind with a DN and
 * an empty password succeeds as an anonymous bind, as it does on Active Directory and many other
 * servers (slapd refuses it unless told otherwise). Stopped and deleted
 * by {@link #close()}, by a shutdown hook, and by a watchdog process when the JVM is killed.
 *
 * <p>Needs Debian's {@code slapd} and {@code ldap-utils}: {@code testing/ldap/ensure-slapd.sh}
 * installs them.
 */
public final class LdapServer implements AutoCloseable {

    public static final String BASE_DN = "dc=example,dc=org";
    public static final String PEOPLE_DN = "ou=people," + BASE_DN;
    public static final String GROUPS_DN = "ou=groups," + BASE_DN;
    public static final String SERVICE_DN = "cn=paddock,ou=services," + BASE_DN;
    public static final List<String> PEOPLE = List.of("alice", "bob", "carol");

    private static final String ROOT_DN = "cn=admin," + BASE_DN;
    private static final Map<String, String> FULL_NAMES = Map.of("alice", "Alice Liddell", "bob", "Bob Builder",
        "carol", "Carol Danvers");
    private static final long START_TIMEOUT_MILLIS = 20_000;
    private static final long COMMAND_TIMEOUT_SECONDS = 60;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path slapd;
    private final Path directory;
    private final int ldapPort;
    private final int ldapsPort;
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final String servicePassword = randomSecret();
    private final String rootPassword = randomSecret();
    private final Thread shutdownHook;
    private Process process;
    private boolean closed;

    private LdapServer(Path slapd, Path directory, int ldapPort, int ldapsPort) {
        this.slapd = slapd;
        this.directory = directory;
        this.ldapPort = ldapPort;
        this.ldapsPort = ldapsPort;
        PEOPLE.forEach(person -> passwords.put(person, randomSecret()));
        this.shutdownHook = new Thread(this::close, "slapd-stop");
    }

    /** Creates, seeds and starts a new server; fails with what to install when slapd is missing. */
    public static LdapServer start() {
        Path slapd = findSlapd();
        try {
            Path directory = Files.createTempDirectory("paddock-slapd-");
            int ldapPort = LoopbackPorts.free();
            int ldapsPort = LoopbackPorts.free();
            while (ldapsPort == ldapPort) {
                ldapsPort = LoopbackPorts.free();
            }
            LdapServer server = new LdapServer(slapd, directory, ldapPort, ldapsPort);
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            try {
                server.prepare();
                server.launch();
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a slapd directory: " + e.getMessage(), e);
        }
    }

    private void prepare() throws IOException {
        Files.createDirectories(directory.resolve("data"));
        TestPki pki = TestPki.generate("slapd");
        pki.writeCa(caFile());
        pki.writeServer(directory.resolve("server.crt"), directory.resolve("server.key"));
        Files.writeString(directory.resolve("slapd.conf"), configuration());
        Path rootPasswordFile = directory.resolve("root.password");
        Files.createFile(rootPasswordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(rootPasswordFile, rootPassword);
        Path seed = directory.resolve("seed.ldif");
        Files.writeString(seed, seed());
        run(List.of(slapd.resolveSibling("slapadd").toString(), "-q", "-f", configFile().toString(), "-l", seed.toString()), null);
    }

    private String configuration() {
        String schema = "/etc/ldap/schema/";
        return String.join("\n",
            "include " + schema + "core.schema",
            "include " + schema + "cosine.schema",
            "include " + schema + "inetorgperson.schema",
            "pidfile " + directory.resolve("slapd.pid"),
            "argsfile " + directory.resolve("slapd.args"),
            // like Active Directory and many older servers, accept a DN with an empty password as an
            // anonymous bind, so that tests show a client refusing empty passwords itself
            "allow bind_anon_dn",
            "modulepath /usr/lib/ldap",
            "moduleload back_mdb",
            "TLSCACertificateFile " + caFile(),
            "TLSCertificateFile " + directory.resolve("server.crt"),
            "TLSCertificateKeyFile " + directory.resolve("server.key"),
            "access to attrs=userPassword by self write by anonymous auth by * none",
            "access to * by users read by * none",
            "database mdb",
            "suffix \"" + BASE_DN + "\"",
            "rootdn \"" + ROOT_DN + "\"",
            "rootpw \"" + ssha(rootPassword) + "\"",
            "directory " + directory.resolve("data"),
            "index objectClass eq",
            "index uid,member eq",
            "");
    }

    private String seed() {
        StringBuilder ldif = new StringBuilder();
        entry(ldif, BASE_DN, "objectClass: dcObject", "objectClass: organization", "dc: example", "o: Example");
        for (String unit : List.of("people", "groups", "services")) {
            entry(ldif, "ou=" + unit + "," + BASE_DN, "objectClass: organizationalUnit", "ou: " + unit);
        }
        entry(ldif, SERVICE_DN, "objectClass: organizationalRole", "objectClass: simpleSecurityObject", "cn: paddock",
            "userPassword: " + ssha(servicePassword));
        passwords.forEach((person, password) -> {
            String fullName = FULL_NAMES.get(person);
            entry(ldif, userDn(person), "objectClass: inetOrgPerson", "uid: " + person, "cn: " + fullName,
                "sn: " + fullName.substring(fullName.indexOf(' ') + 1), "mail: " + person + "@example.org",
                "userPassword: " + ssha(password));
        });
        entry(ldif, groupDn("developers"), "objectClass: groupOfNames", "cn: developers", "member: " + userDn("alice"),
            "member: " + userDn("bob"));
        entry(ldif, groupDn("operators"), "objectClass: groupOfNames", "cn: operators", "member: " + userDn("carol"));
        entry(ldif, groupDn("staff"), "objectClass: groupOfNames", "cn: staff", "member: " + groupDn("developers"),
            "member: " + groupDn("everyone"));
        entry(ldif, groupDn("everyone"), "objectClass: groupOfNames", "cn: everyone", "member: " + groupDn("staff"));
        return ldif.toString();
    }

    private static void entry(StringBuilder ldif, String dn, String... lines) {
        ldif.append("dn: ").append(dn).append('\n');
        for (String line : lines) {
            ldif.append(line).append('\n');
        }
        ldif.append('\n');
    }

    private synchronized void launch() throws IOException {
        Files.deleteIfExists(directory.resolve("slapd.pid"));
        // -d keeps slapd in the foreground, so that this object owns the process; 256 logs each operation
        process = new ProcessBuilder(slapd.toString(), "-f", configFile().toString(),
            "-h", ldapUrl() + "/ " + ldapsUrl() + "/", "-d", "256")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
            .start();
        watch(process.pid());
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (!answers(ldapPort) || !answers(ldapsPort) || !Files.exists(directory.resolve("slapd.pid"))) {
            if (!process.isAlive()) {
                throw new IllegalStateException("slapd exited with " + process.exitValue() + logTail());
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("slapd did not listen on ports " + ldapPort + " and " + ldapsPort + " within "
                    + START_TIMEOUT_MILLIS / 1000 + " s" + logTail());
            }
            sleep(50);
        }
    }

    /**
     * Kills slapd and deletes its directory once this JVM is gone, even after SIGKILL, when no
     * shutdown hook runs. Ends by itself when slapd stops first.
     */
    private void watch(long slapdPid) throws IOException {
        String script = "while kill -0 \"$1\" 2>/dev/null; do kill -0 \"$2\" 2>/dev/null || exit 0; sleep 1; done;"
            + " kill -KILL \"$2\"; sleep 1; rm -rf \"$3\"";
        new ProcessBuilder("sh", "-c", script, "paddock-slapd-watchdog", Long.toString(ProcessHandle.current().pid()),
            Long.toString(slapdPid), directory.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectErrorStream(true)
            .start();
    }

    /** Stops slapd and starts it again on the same ports and data, as a directory restart would. */
    public void restart() {
        stopProcess();
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart slapd: " + e.getMessage(), e);
        }
    }

    /** Applies an LDIF change (ldapmodify syntax, {@code changetype} lines included) as the directory's administrator. */
    public void modify(String ldif) {
        run(List.of("ldapmodify", "-x", "-H", ldapUrl(), "-D", ROOT_DN, "-y", directory.resolve("root.password").toString()),
            ldif);
    }

    public String ldapUrl() {
        return "ldap://127.0.0.1:" + ldapPort;
    }

    public String ldapsUrl() {
        return "ldaps://127.0.0.1:" + ldapsPort;
    }

    /** PEM of the CA that signed the server's certificate. */
    public Path caFile() {
        return directory.resolve("ca.crt");
    }

    public String password(String person) {
        String password = passwords.get(person);
        if (password == null) {
            throw new IllegalArgumentException("no such person in the test directory: " + person + "; there are " + PEOPLE);
        }
        return password;
    }

    public String servicePassword() {
        return servicePassword;
    }

    public static String userDn(String person) {
        return "uid=" + person + "," + PEOPLE_DN;
    }

    public static String groupDn(String group) {
        return "cn=" + group + "," + GROUPS_DN;
    }

    /** slapd's version line, e.g. {@code slapd 2.5.13+dfsg-5}. */
    public String version() {
        return run(List.of(slapd.toString(), "-VV"), null).lines()
            .filter(line -> line.contains("slapd ")).findFirst().map(line -> line.replaceAll(".*(slapd [^ ]+).*", "$1"))
            .orElse("slapd (unknown version)");
    }

    /** slapd's output, for failure messages. */
    public Path logFile() {
        return directory.resolve("slapd.log");
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            stopProcess();
        } finally {
            ServerProcesses.deleteTree(directory);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down and runs the hook itself
            }
        }
    }

    private synchronized void stopProcess() {
        Process running = process;
        if (running == null) {
            return;
        }
        process = null;
        running.destroy();
        try {
            if (!running.waitFor(10, TimeUnit.SECONDS)) {
                running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.destroyForcibly();
        }
    }

    private Path configFile() {
        return directory.resolve("slapd.conf");
    }

    private String run(List<String> command, String input) {
        return ServerProcesses.run(new ProcessBuilder(command), input, COMMAND_TIMEOUT_SECONDS, this::logTail);
    }

    private String logTail() {
        return ServerProcesses.logTail(logFile(), "slapd");
    }

    /** A salted SHA-1 password hash in the {@code {SSHA}} form every LDAP server reads. */
    private static String ssha(String password) {
        byte[] salt = new byte[8];
        RANDOM.nextBytes(salt);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            sha1.update(salt);
            byte[] digest = sha1.digest();
            byte[] hashAndSalt = new byte[digest.length + salt.length];
            System.arraycopy(digest, 0, hashAndSalt, 0, digest.length);
            System.arraycopy(salt, 0, hashAndSalt, digest.length, salt.length);
            return "{SSHA}" + Base64.getEncoder().encodeToString(hashAndSalt);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomSecret() {
        byte[] secret = new byte[12];
        RANDOM.nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    private static Path findSlapd() {
        String configured = System.getenv("PADDOCK_SLAPD");
        Path slapd = Path.of(configured != null && !configured.isBlank() ? configured : "/usr/sbin/slapd");
        boolean ldapModifyOnPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
            .anyMatch(directory -> Files.isExecutable(Path.of(directory, "ldapmodify")));
        if (!Files.isExecutable(slapd) || !Files.isExecutable(slapd.resolveSibling("slapadd")) || !ldapModifyOnPath) {
            throw new IllegalStateException("slapd and slapadd (in " + slapd.getParent() + ") or ldapmodify (on the PATH) not"
                + " found: run testing/ldap/ensure-slapd.sh (installs Debian's slapd and ldap-utils), or set PADDOCK_SLAPD");
        }
        return slapd;
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for slapd", e);
        }
    }
}
