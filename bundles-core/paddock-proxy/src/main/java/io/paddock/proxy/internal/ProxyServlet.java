package io.paddock.proxy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
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
 * (watches, logs), never buffered whole.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/k8s/clusters/*",
    "osgi.http.whiteboard.servlet.name=paddock-proxy",
    "osgi.http.whiteboard.servlet.asyncSupported=true"})
public class ProxyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ProxyServlet.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 16 * 1024;

    private final transient ClusterConnector connector;
    private final transient AccessControl access;

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
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        int slash = path.indexOf('/', 1);
        String cluster = slash < 0 ? path.substring(1) : path.substring(1, slash);
        String rest = slash < 0 ? "/" : path.substring(slash);
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
        String upgrade = request.getHeader("Upgrade");
        if (upgrade != null && !upgrade.equalsIgnoreCase("h2c")) { // h2c is a client's HTTP/2 offer, not a stream upgrade
            status(response, 501, "NotImplemented", "exec, attach and port-forward through Paddock's proxy are not available yet;"
                + " use the cluster's direct endpoint");
            return;
        }
        ClusterConnection connection;
        try {
            connection = connector.connect(cluster);
        } catch (ClusterException e) {
            status(response, "NotFound".equals(e.reason()) ? 404 : 503, e.reason(), e.getMessage());
            return;
        }
        forward(request, response, identity, connection, rest);
    }

    private void forward(HttpServletRequest request, HttpServletResponse response, Identity identity,
                         ClusterConnection connection, String rest) throws IOException {
        String query = request.getQueryString();
        URI target = URI.create(connection.server() + rest + (query == null ? "" : "?" + query));
        HttpRequest.Builder upstream = HttpRequest.newBuilder(target).method(request.getMethod(), body(request));
        ForwardedHeaders headers = new ForwardedHeaders(Collections.list(request.getHeaders("Connection")));
        for (String name : Collections.list(request.getHeaderNames())) {
            if (headers.forwardRequestHeader(name)) {
                for (String value : Collections.list(request.getHeaders(name))) {
                    upstream.header(name, value);
                }
            }
        }
        upstream.header("Authorization", "Bearer " + connection.bearerToken());
        upstream.header("Impersonate-User", Impersonation.userName(identity.user()));
        Set<String> allowed = connection.impersonableGroups();
        for (String group : identity.groups()) {
            String downstream = Impersonation.groupName(group);
            if (allowed.contains(downstream)) { // groups bound nowhere in this cluster grant nothing there
                upstream.header("Impersonate-Group", downstream);
            }
        }
        upstream.header("Impersonate-Group", Impersonation.AUTHENTICATED_GROUP);
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
        try (InputStream in = answer.body()) {
            OutputStream out = response.getOutputStream();
            response.flushBuffer();
            byte[] buffer = new byte[CHUNK];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                if (in.available() == 0) {
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
