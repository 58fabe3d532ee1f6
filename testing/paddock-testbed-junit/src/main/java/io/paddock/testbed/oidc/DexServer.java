package io.paddock.testbed.oidc;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import io.paddock.localcluster.KubeBinaries;
import io.paddock.localcluster.LoopbackPorts;
import io.paddock.localcluster.internal.Component;
import io.paddock.localcluster.internal.Pki;
import io.paddock.localcluster.internal.ProcessGuard;
import io.paddock.testbed.TestBedExtension;

/**
 * A real OpenID Connect provider for tests: Dex, built by {@code testing/oidc/build-dex.sh}, on a
 * free loopback port with HTTPS from a throwaway CA ({@link #caFile()}), in-memory storage, one
 * static client with a secret and the users of {@link #USERS} in its password database, each with
 * groups that Dex puts into ID tokens. The approval screen is skipped, so {@link #login} is the
 * whole browser side of a login. Work files and {@code dex.log} stay in
 * {@code target/testbed/dex-<n>}; no Dex process outlives the JVM, even a killed one.
 */
public final class DexServer implements AutoCloseable {

    /** A user of Dex's password database; Dex logs users in by email. */
    public record User(String email, String login, String name, String password, List<String> groups) {
    }

    public static final List<User> USERS = List.of(
        new User("alice@example.com", "alice", "Alice Liddell", "alice-password-1", List.of("admins", "developers")),
        new User("bob@example.com", "bob", "Bob Builder", "bob-password-1", List.of()));

    public static final String CLIENT_ID = "paddock";
    /** The callback registered for the client, as Paddock's default address and provider id would give it. */
    public static final URI REDIRECT_URI = URI.create("http://127.0.0.1:8181/v1/auth/oidc/callback");

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private final Path directory;
    private final int port;
    private final String clientSecret;
    private final List<URI> redirectUris;
    private final ProcessGuard guard;
    private final SSLContext tls;
    private final Thread shutdownHook;
    private Component process;

    private DexServer(Path directory, int port, String clientSecret, ProcessGuard guard, SSLContext tls, List<URI> redirectUris) {
        this.redirectUris = redirectUris;
        this.directory = directory;
        this.port = port;
        this.clientSecret = clientSecret;
        this.guard = guard;
        this.tls = tls;
        this.shutdownHook = new Thread(this::stop, "dex-server-stop");
    }

    /** Starts a new Dex and waits until it serves its signing keys. */
    public static DexServer start() {
        return start(List.of());
    }

    /** Starts a new Dex whose client also accepts these callbacks (a Paddock on other ports). */
    public static DexServer start(List<URI> extraRedirectUris) {
        List<URI> redirects = new java.util.ArrayList<>(List.of(REDIRECT_URI));
        redirects.addAll(extraRedirectUris);
        Path binary = binary();
        Path root = TestBedExtension.workRoot();
        try {
            ProcessGuard.reapOrphans(root);
            Path directory = root.resolve("dex-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
            Files.createDirectories(directory);
            Pki.generate("dex").write(directory.resolve("pki"));
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            DexServer server = new DexServer(directory, LoopbackPorts.free(), HexFormat.of().formatHex(secret), new ProcessGuard(directory),
                trusting(directory.resolve("pki/ca.crt")), List.copyOf(redirects));
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            try {
                server.launch(binary);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare Dex in " + root + ": " + e.getMessage(), e);
        }
    }

    /** The issuer URL, as Dex writes it into tokens. */
    public URI issuer() {
        return URI.create("https://127.0.0.1:" + port + "/dex");
    }

    /** PEM file of the CA that signed Dex's serving certificate. */
    public Path caFile() {
        return directory.resolve("pki/ca.crt");
    }

    public String clientId() {
        return CLIENT_ID;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public Path logFile() {
        return directory.resolve("dex.log");
    }

    /**
     * Does what a browser does from Paddock's redirect to the callback: opens the authorization
     * URL, submits Dex's login form and follows redirects until one leads to a registered callback.
     *
     * @return the callback URL Dex sent the browser to, with {@code code} and {@code state} (or {@code error})
     * @throws IllegalStateException when Dex refuses the login or answers unexpectedly
     */
    public URI login(URI authorizationUri, String email, String password) {
        HttpClient browser = HttpClient.newBuilder().sslContext(tls).cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(authorizationUri).GET().build();
        boolean submitted = false;
        for (int step = 0; step < 10; step++) {
            HttpResponse<String> response = send(browser, request);
            URI current = response.uri();
            if (response.statusCode() / 100 == 3) {
                URI next = current.resolve(response.headers().firstValue("Location")
                    .orElseThrow(() -> new IllegalStateException("Dex redirected from " + current + " without a Location")));
                if (redirectUris.stream().anyMatch(uri -> next.toString().startsWith(uri.toString()))) {
                    return next;
                }
                request = HttpRequest.newBuilder(next).GET().build();
                continue;
            }
            Matcher form = FORM_ACTION.matcher(response.body());
            if (response.statusCode() != 200 || !response.body().contains("name=\"password\"") || !form.find()) {
                throw new IllegalStateException("Dex answered " + current + " with HTTP " + response.statusCode()
                    + " and no login form: " + abbreviate(response.body()));
            }
            if (submitted) {
                throw new IllegalStateException("Dex refused the login of " + email + ": " + abbreviate(response.body()));
            }
            URI action = current.resolve(form.group(1).replace("&amp;", "&"));
            String body = "login=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
            request = HttpRequest.newBuilder(action).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            submitted = true;
        }
        throw new IllegalStateException("no redirect to " + redirectUris + " after 10 steps from " + authorizationUri);
    }

    /** Stops Dex; its directory stays for the logs. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
    }

    private synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(5));
            process = null;
        }
        try {
            guard.release();
        } catch (IOException e) {
            // the watchdog finds the process gone
        }
    }

    private void launch(Path binary) throws IOException {
        Path config = directory.resolve("config.yaml");
        Files.writeString(config, config());
        process = Component.start("dex", List.of(binary.toString(), "serve", config.toString()), logFile());
        guard.record(process);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(2)).build();
        // Dex answers discovery before it has made its first signing key
        URI keys = URI.create(issuer() + "/keys");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Dex did not start: " + process.describeExit());
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(keys).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"kid\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Dex", e);
            }
            sleep(100);
        }
        throw new IllegalStateException("Dex did not serve its signing keys at " + keys + " within " + START_TIMEOUT.toSeconds() + " s: "
            + process.describeExit());
    }

    private String config() {
        StringBuilder yaml = new StringBuilder();
        yaml.append("issuer: ").append(issuer()).append('\n')
            .append("storage:\n  type: memory\n")
            .append("web:\n  https: 127.0.0.1:").append(port).append('\n')
            .append("  tlsCert: ").append(directory.resolve("pki/serving.crt")).append('\n')
            .append("  tlsKey: ").append(directory.resolve("pki/serving.key")).append('\n')
            .append("logger:\n  level: debug\n  format: text\n")
            .append("oauth2:\n  skipApprovalScreen: true\n  responseTypes: [code]\n  passwordConnector: local\n")
            .append("enablePasswordDB: true\n")
            .append("staticClients:\n")
            .append("- id: ").append(CLIENT_ID).append('\n')
            .append("  name: Paddock\n")
            .append("  secret: ").append(clientSecret).append('\n')
            .append("  redirectURIs: ['").append(String.join("', '", redirectUris.stream().map(URI::toString).toList()))
            .append("']\n")
            .append("staticPasswords:\n");
        for (User user : USERS) {
            yaml.append("- email: ").append(user.email()).append('\n')
                .append("  hash: '").append(bcrypt(user.password())).append("'\n")
                .append("  username: ").append(user.name()).append('\n')
                .append("  preferredUsername: ").append(user.login()).append('\n')
                .append("  userID: ").append(user.login()).append("-id\n")
                .append("  groups: [").append(String.join(", ", user.groups())).append("]\n");
        }
        return yaml.toString();
    }

    /** Dex's password database takes bcrypt hashes with cost 10 or more. */
    private static String bcrypt(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate(password.toCharArray(), salt, 10);
    }

    private static Path binary() {
        String configured = System.getenv("PADDOCK_DEX_BIN");
        Path bin;
        if (configured != null && !configured.isBlank()) {
            bin = Path.of(configured);
        } else {
            Path env = KubeBinaries.defaultCache().resolve("dex").resolve("env");
            if (!Files.isRegularFile(env)) {
                throw new IllegalStateException("Dex not found: " + env + " does not exist; build it with: bash testing/oidc/build-dex.sh");
            }
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(env)) {
                properties.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + env + ": " + e.getMessage(), e);
            }
            bin = Path.of(properties.getProperty("PADDOCK_DEX_BIN", ""));
        }
        Path dex = bin.resolve("dex");
        if (!Files.isExecutable(dex)) {
            throw new IllegalStateException(dex + " is missing or not executable; build it with: bash testing/oidc/build-dex.sh");
        }
        return dex;
    }

    private static SSLContext trusting(Path caFile) throws IOException {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + caFile + ": " + e.getMessage(), e);
        }
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Dex at " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Dex", e);
        }
    }
}
