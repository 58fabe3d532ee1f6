package io.paddock.agent;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.tunnel.protocol.AllowedTargetDialer;
import io.paddock.tunnel.protocol.TargetDialer;
import io.paddock.tunnel.protocol.TunnelSession;

/**
 * The cluster agent: dials out to the Paddock server, keeps one WebSocket to it carrying a
 * {@link TunnelSession}, and connects the streams the server opens, to the cluster's API server
 * only. After any failure (refused, unreachable, closed, or silent for
 * {@link TunnelSession#DEAD_AFTER}) it connects again after a jittered exponential delay
 * ({@link Backoff}: 1 s doubling to 30 s), forever; a connection that lasted 30 s starts the delays
 * over.
 *
 * <p>Each attempt sends the registration token in {@code X-Paddock-Agent-Token} and the cluster's
 * address and credentials in {@code X-Paddock-Agent-Params} ({@link AgentParams}), read afresh from
 * their files so that rotated tokens are picked up. Neither is ever logged.
 */
public final class Agent implements AutoCloseable {

    static {
        // one line per record on stderr, which is what kubectl logs shows; -D overrides it
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        }
    }

    static final String TOKEN_HEADER = "X-Paddock-Agent-Token";
    static final String PARAMS_HEADER = "X-Paddock-Agent-Params";
    /** For the TCP connect and WebSocket handshake to the server, and for dialing the API server. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final AgentConfig config;
    private final HttpClient http;
    private final TargetDialer dialer;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile WebSocketTunnel connected;

    Agent(AgentConfig config) {
        this.config = config;
        this.dialer = new AllowedTargetDialer(Set.of(config.clusterApi()), CONNECT_TIMEOUT);
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new PinnedCaTrustManager(config.caChecksum())}, null);
            this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(CONNECT_TIMEOUT).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot set up TLS: " + e.getMessage(), e);
        }
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.out.println("""
                Usage: java -jar paddock-agent.jar     (no arguments; settings come from the environment)
                  PADDOCK_SERVER              https URL of the Paddock server
                  PADDOCK_CA_CHECKSUM         SHA-256 (hex) of the server's CA certificate, DER
                  PADDOCK_TOKEN_FILE          registration token file      [/paddock-credentials/token]
                  PADDOCK_CLUSTER_API         host:port of the API server  [$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT]
                  PADDOCK_CLUSTER_TOKEN_FILE  service-account token        [/var/run/secrets/kubernetes.io/serviceaccount/token]
                  PADDOCK_CLUSTER_CA_FILE     cluster CA certificate, PEM  [/var/run/secrets/kubernetes.io/serviceaccount/ca.crt]
                  PADDOCK_AGENT_KIND          cluster or node              [cluster]""");
            System.exit("--help".equals(args[0]) ? 0 : 2);
        }
        AgentConfig config;
        try {
            config = AgentConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.error("Cannot start: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Agent agent = new Agent(config);
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "paddock-agent-stop"));
        agent.run();
    }

    /** Connects and reconnects until {@link #close()}. */
    void run() {
        LOG.info("Paddock agent for {}: connecting to {}", config.clusterApi(), config.tunnelUri());
        Backoff backoff = new Backoff(FIRST_RETRY, LAST_RETRY, ThreadLocalRandom.current());
        while (!isStopping()) {
            long started = System.nanoTime();
            String ended = connectAndServe();
            if (isStopping()) {
                break;
            }
            if (System.nanoTime() - started >= LAST_RETRY.toNanos()) {
                backoff.reset();
            }
            Duration delay = backoff.next();
            LOG.warn("{}; connecting again in {} ms", ended, delay.toMillis());
            try {
                stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops: closes the tunnel, waiting a few seconds for the server to be told, and ends {@link #run()}. */
    @Override
    public void close() {
        stopping.countDown();
        WebSocketTunnel current = connected;
        if (current != null) {
            current.session().join().close("the agent is stopping");
            try {
                current.dropped().get(WebSocketTunnel.CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the connection is dropped regardless
            }
        }
    }

    private boolean isStopping() {
        return stopping.getCount() == 0;
    }

    /** One connection, from handshake to its end; says why it ended. */
    private String connectAndServe() {
        WebSocketTunnel webSocket;
        try {
            webSocket = connect();
        } catch (IOException e) {
            return e.getMessage();
        }
        connected = webSocket;
        TunnelSession tunnel = webSocket.session().join();
        if (isStopping()) {
            tunnel.close("the agent is stopping"); // close() ran before the connection was visible to it
        }
        LOG.info("Connected to {}; the server may now reach {} through this agent", config.tunnelUri(), config.clusterApi());
        return "The tunnel to " + config.tunnelUri() + " ended: " + tunnel.closed().toCompletableFuture().join();
    }

    private WebSocketTunnel connect() throws IOException {
        String token = read(config.tokenFile(), "the registration token");
        String params = AgentParams.encode(config.kind(), config.clusterApi(), read(config.clusterTokenFile(), "the service-account token"),
            read(config.clusterCaFile(), "the cluster's CA certificate"));
        WebSocketTunnel tunnel = new WebSocketTunnel(dialer);
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .header(TOKEN_HEADER, token)
            .header(PARAMS_HEADER, params)
            .buildAsync(config.tunnelUri(), tunnel);
        try {
            opening.get(2 * CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            tunnel.session().get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return tunnel;
        } catch (ExecutionException e) {
            throw new IOException(whyRefused(e.getCause()));
        } catch (TimeoutException e) {
            opening.thenAccept(WebSocket::abort);
            throw new IOException("No answer from " + config.tunnelUri() + " within " + 2 * CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opening.thenAccept(WebSocket::abort);
            throw new IOException("Interrupted while connecting");
        }
    }

    private String whyRefused(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof WebSocketHandshakeException handshake) {
                int status = handshake.getResponse().statusCode();
                if (status == 401 || status == 403) {
                    return "The server refused the registration token (HTTP " + status + "); check the token in "
                        + config.tokenFile() + " against the cluster's registration in Paddock";
                }
                return "The server answered HTTP " + status + " instead of opening the tunnel at " + config.tunnelUri();
            }
            if (cause instanceof CertificateException refused) {
                return "Refused the server's certificate: " + refused.getMessage();
            }
        }
        if (error instanceof ConnectException && error.getMessage() == null) {
            return "Cannot connect to " + config.tunnelUri() + ": nothing answers there (connection refused or unreachable)";
        }
        return "Cannot connect to " + config.tunnelUri() + ": " + error;
    }

    private static String read(Path file, String what) throws IOException {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new IOException("Cannot read " + what + " from " + file + ": " + e, e);
        }
    }
}
