package io.paddock.proxy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.servlet.ServletUpgradeRequest;
import org.eclipse.jetty.websocket.servlet.ServletUpgradeResponse;
import org.eclipse.jetty.websocket.servlet.WebSocketServlet;
import org.eclipse.jetty.websocket.servlet.WebSocketServletFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.Identity;
import io.paddock.api.access.Impersonation;
import io.paddock.api.cluster.ClusterConnection;
import io.paddock.api.cluster.ClusterConnector;
import io.paddock.api.cluster.ClusterException;
import io.paddock.api.cluster.ResourceNames;

/**
 * {@code /k8s/clusters/{cluster}/...}: the Kubernetes API of a managed cluster for Paddock users
 * (kubectl, helm, the console). Requests go on as Paddock's impersonator with
 * {@code Impersonate-User}/{@code Impersonate-Group} of the caller, so the cluster's own RBAC, which
 * Paddock keeps in line with its bindings, decides. Responses stream through as they arrive
 * (watches, logs), never buffered whole. exec, attach and port-forward pass as WebSocket streams,
 * upgraded only when the cluster upgraded its side.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/k8s/clusters/*",
    "osgi.http.whiteboard.servlet.name=paddock-proxy",
    "osgi.http.whiteboard.servlet.asyncSupported=true"})
public class ProxyServlet extends WebSocketServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ProxyServlet.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 16 * 1024;
    private static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final Duration STREAM_IDLE_TIMEOUT = Duration.ofHours(1);
    private static final String UPGRADE_ATTRIBUTE = "io.paddock.proxy.upgrade";

    /** What an accepted upgrade needs, handed from {@link #service} to the WebSocket creator. */
    private record Upgrade(Identity identity, ClusterConnection connection, String rest, String query) {
    }

    private final transient ClusterConnector connector;
    private final transient AccessControl access;
    private final transient StreamClients streamClients = new StreamClients(MAX_FRAME, STREAM_IDLE_TIMEOUT);

    @Activate
    public ProxyServlet(@Reference ClusterConnector connector, @Reference AccessControl access) {
        this.connector = connector;
        this.access = access;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object caller = request.getAttribute(Identity.REQUEST_ATTRIBUTE);
        if (!(caller instanceof Identity identity)) {
            status(response, 401, "Unauthorized", "log in to Paddock: use a kubeconfig from Paddock or a bearer token");
            return;
        }
        if (Collections.list(request.getHeaderNames()).stream().anyMatch(ForwardedHeaders::isImpersonation)) {
            // refused rather than dropped: kubectl --as would otherwise run silently as the caller, not as asked
            status(response, 400, "BadRequest", "Paddock does not pass on Impersonate-* headers (kubectl --as, --as-group):"
                + " requests run as the Paddock user who sends them");
            return;
        }
        ClusterPath target;
        try {
            target = ClusterPath.of(request.getRequestURI(), request.getContextPath() + "/k8s/clusters/");
        } catch (IllegalArgumentException e) {
            status(response, 400, "BadRequest", e.getMessage());
            return;
        }
        String cluster = target.cluster();
        String rest = target.path();
        try {
            ResourceNames.requireDns1123Label("cluster", cluster);
        } catch (IllegalArgumentException e) {
            status(response, 404, "NotFound", e.getMessage());
            return;
        }
        Set<String> visible = access.visibleClusters(identity);
        if (visible != null && !visible.contains(cluster)) {
            status(response, 403, "Forbidden", "user '" + identity.user() + "' has no access to cluster '" + cluster + "'");
            return;
        }
        // exec, attach and port-forward are upgraded over WebSocket (kubectl 1.30 and later). Any other upgrade (SPDY,
        // kubectl's fallback) goes on as a plain request without its Upgrade header: the cluster then answers with the
        // real reason (403 for a missing right), never with a 101 that Paddock could not carry
        boolean streamUpgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        if (streamUpgrade && request.getHeader("Authorization") == null && !sameOrigin(request)) {
            // a browser page of another site must not open a shell with the user's cookie
            status(response, 403, "Forbidden", "a WebSocket from another origin is refused");
            return;
        }
        ClusterConnection connection;
        try {
            connection = connector.connect(cluster);
        } catch (ClusterException e) {
            status(response, "NotFound".equals(e.reason()) ? 404 : 503, e.reason(), e.getMessage());
            return;
        }
        if (streamUpgrade) {
            request.setAttribute(UPGRADE_ATTRIBUTE, new Upgrade(identity, connection, rest, request.getQueryString()));
            try {
                super.service(request, response); // the WebSocket factory answers 101 only if the cluster did
            } catch (javax.servlet.ServletException e) {
                status(response, 502, "BadGateway", "the stream could not be set up: " + e.getMessage());
            }
            return;
        }
        forward(request, response, identity, connection, rest);
    }

    @Deactivate
    void deactivate() {
        streamClients.close();
    }

    @Override
    public void configure(WebSocketServletFactory factory) {
        factory.getPolicy().setMaxBinaryMessageSize(MAX_FRAME);
        factory.getPolicy().setMaxTextMessageSize(MAX_FRAME);
        factory.getPolicy().setIdleTimeout(STREAM_IDLE_TIMEOUT.toMillis());
        factory.setCreator(this::openStream);
    }

    /**
     * Opens the same WebSocket to the API server first, as the impersonator for the caller; only when
     * the cluster accepts it does the client get its 101 (with the subprotocol the cluster chose).
     * A refusal (403 for a missing pods/exec right, 404, ...) reaches the client as it was.
     */
    private Object openStream(ServletUpgradeRequest request, ServletUpgradeResponse response) {
        Upgrade upgrade = (Upgrade) request.getHttpServletRequest().getAttribute(UPGRADE_ATTRIBUTE);
        String server = upgrade.connection().server().toString().replaceFirst("^http", "ws");
        URI target = URI.create(server + upgrade.rest() + (upgrade.query() == null ? "" : "?" + upgrade.query()));
        ClientUpgradeRequest upstreamRequest = new ClientUpgradeRequest();
        upstreamRequest.setSubProtocols(request.getSubProtocols());
        impersonation(upgrade.identity(), upgrade.connection()).forEach(header -> upstreamRequest.setHeader(header[0], header[1]));
        WebSocketBridge bridge = new WebSocketBridge();
        try {
            org.eclipse.jetty.websocket.api.Session upstream = streamClients.of(upgrade.connection())
                .connect(bridge.upstreamSide, target, upstreamRequest).get(60, java.util.concurrent.TimeUnit.SECONDS);
            String accepted = upstream.getUpgradeResponse().getAcceptedSubProtocol();
            if (accepted != null && !accepted.isEmpty()) {
                response.setAcceptedSubProtocol(accepted);
            }
            return bridge.clientSide;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof org.eclipse.jetty.websocket.api.UpgradeException refused && refused.getResponseStatusCode() > 0) {
                send(response, refused.getResponseStatusCode(), "the cluster refused the stream (HTTP "
                    + refused.getResponseStatusCode() + ")");
            } else {
                send(response, 502, "the cluster could not be reached: " + cause.getMessage());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            send(response, 504, "the cluster did not answer the stream request in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(response, 503, "Paddock is shutting down");
        } catch (IOException e) {
            send(response, 502, "the stream could not be opened: " + e.getMessage());
        }
        return null;
    }

    private static void send(ServletUpgradeResponse response, int status, String message) {
        try {
            response.sendError(status, message);
        } catch (IOException e) {
            LOG.debug("Could not send the refusal of a stream: {}", e.getMessage());
        }
    }

    /** Whether a browser's Origin names the host the request came to (requests without Origin are not from pages). */
    private static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            String host = request.getHeader("Host");
            return host != null && (uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())).equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The identity headers the cluster sees: the impersonator's token, the caller as user and their groups bound there. */
    private static List<String[]> impersonation(Identity identity, ClusterConnection connection) {
        List<String[]> headers = new java.util.ArrayList<>();
        headers.add(new String[] {"Authorization", "Bearer " + connection.bearerToken()});
        headers.add(new String[] {"Impersonate-User", Impersonation.userName(identity.user())});
        Set<String> allowed = connection.impersonableGroups();
        for (String group : identity.groups()) {
            String downstream = Impersonation.groupName(group);
            if (allowed.contains(downstream)) { // groups bound nowhere in this cluster grant nothing there
                headers.add(new String[] {"Impersonate-Group", ForwardedHeaders.utf8HeaderValue(downstream)});
            }
        }
        headers.add(new String[] {"Impersonate-Group", Impersonation.AUTHENTICATED_GROUP});
        return headers;
    }

    private void forward(HttpServletRequest request, HttpServletResponse response, Identity identity,
                         ClusterConnection connection, String rest) throws IOException {
        String query = request.getQueryString();
        URI target;
        try {
            target = URI.create(connection.server() + rest + (query == null ? "" : "?" + query));
        } catch (IllegalArgumentException e) {
            status(response, 400, "BadRequest", "the request's path or query is not a valid URI");
            return;
        }
        HttpRequest.Builder upstream = HttpRequest.newBuilder(target).method(request.getMethod(), body(request));
        ForwardedHeaders headers = new ForwardedHeaders(Collections.list(request.getHeaders("Connection")));
        for (String name : Collections.list(request.getHeaderNames())) {
            if (headers.forwardRequestHeader(name)) {
                for (String value : Collections.list(request.getHeaders(name))) {
                    upstream.header(name, value);
                }
            }
        }
        impersonation(identity, connection).forEach(header -> upstream.header(header[0], header[1]));
        HttpResponse<InputStream> answer;
        try {
            answer = connection.httpClient().send(upstream.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            status(response, 502, "BadGateway", "cluster did not answer: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status(response, 503, "ServiceUnavailable", "Paddock is shutting down");
            return;
        }
        response.setStatus(answer.statusCode());
        ForwardedHeaders back = new ForwardedHeaders(answer.headers().allValues("Connection"));
        answer.headers().map().forEach((name, values) -> {
            if (back.forwardResponseHeader(name)) {
                values.forEach(value -> response.addHeader(name, value));
            }
        });
        OptionalLong length = answer.headers().firstValueAsLong("Content-Length");
        try (InputStream in = answer.body()) {
            OutputStream out = response.getOutputStream();
            if (length.isPresent()) {
                response.setContentLengthLong(length.getAsLong()); // a whole answer: sent as one, not in chunks
            } else {
                response.flushBuffer(); // a stream (watch, logs): the client sees the headers before the first event
            }
            byte[] buffer = new byte[CHUNK];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                if (length.isEmpty() && in.available() == 0) {
                    out.flush(); // a watch event or log line goes out as soon as it is complete
                }
            }
        } catch (IOException e) {
            LOG.debug("Proxied response to {} ended early: {}", identity.user(), e.getMessage());
        }
    }

    private static HttpRequest.BodyPublisher body(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        if (length == 0 || (length < 0 && request.getHeader("Transfer-Encoding") == null)) {
            return HttpRequest.BodyPublishers.noBody();
        }
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return request.getInputStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return length > 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
    }

    /** An error as a Kubernetes Status object, which kubectl prints as a message. */
    private static void status(HttpServletResponse response, int code, String reason, String message) throws IOException {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.put("metadata", Map.of());
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        response.setStatus(code);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), status);
    }
}
