package io.paddock.rest.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.AccessDeniedException;
import io.paddock.api.access.AuthenticationFailedException;
import io.paddock.api.access.Identity;
import io.paddock.api.access.KubeconfigService;
import io.paddock.api.cluster.AgentRegistrations;
import io.paddock.api.access.LoginUnavailableException;
import io.paddock.api.access.SecurityService;
import io.paddock.api.audit.AuditEvent;
import io.paddock.api.audit.AuditLog;
import io.paddock.api.cluster.ClusterException;
import io.paddock.api.cluster.ClusterLifecycle;
import io.paddock.api.cluster.ClusterProvider;
import io.paddock.api.cluster.ClusterService;
import io.paddock.api.credential.CloudCredentialService;
import io.paddock.api.project.ProjectService;
import io.paddock.api.setting.SettingService;
import io.paddock.api.store.ConflictException;
import io.paddock.api.store.NotFoundException;
import io.paddock.api.store.ResumeTooOldException;
import io.paddock.api.store.Store;
import io.paddock.api.system.RequestConflictException;

/**
 * The REST API under {@code /v1}: routes requests to the resources, turns failures into the common
 * error body (status, reason, message; never a stack trace) and audits every call that changes
 * something.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/v1/*",
    "osgi.http.whiteboard.servlet.name=paddock-api",
    "osgi.http.whiteboard.servlet.asyncSupported=true"})
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    static final String PREFIX = "/v1";

    private final transient List<Route> routes = new ArrayList<>();
    private final transient AuditLog audit;
    private final transient Map<String, ClusterProvider> clusterProviders = new java.util.concurrent.ConcurrentHashMap<>();
    private final transient WatchResource watches;

    @Activate
    public ApiServlet(@Reference SecurityService security, @Reference AccessControl access, @Reference ClusterService clusters,
                      @Reference ProjectService projects, @Reference AuditLog audit, @Reference Store store,
                      @Reference KubeconfigService kubeconfigs, @Reference SettingService settings,
                      @Reference CloudCredentialService credentials, @Reference AgentRegistrations agents,
                      @Reference ClusterLifecycle lifecycle) {
        this.audit = audit;
        routes.addAll(new AuthResource(security, access, settings).routes());
        routes.addAll(new UserResource(security, access).routes());
        routes.addAll(new AccessResource(access).routes());
        routes.addAll(new ClusterResource(clusters, lifecycle, projects, access, kubeconfigs, agents, clusterProviders).routes());
        routes.addAll(new AuditResource(audit, access).routes());
        routes.addAll(new SettingResource(settings, access).routes());
        routes.addAll(new CredentialResource(credentials).routes());
        watches = new WatchResource(store, clusters, projects, access, security);
        routes.addAll(watches.routes());
        routes.add(OpenApiDocument.route(routes));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindClusterProvider(ClusterProvider provider) {
        clusterProviders.put(provider.id(), provider);
    }

    void unbindClusterProvider(ClusterProvider provider) {
        clusterProviders.remove(provider.id(), provider);
    }

    @Deactivate
    void deactivate() {
        watches.close();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = PREFIX + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String method = request.getMethod();
        Route route = null;
        Map<String, String> parameters = null;
        TreeSet<String> allowed = new TreeSet<>();
        for (Route candidate : routes) {
            Map<String, String> match = candidate.match(path);
            if (match != null) {
                allowed.add(candidate.method());
                if (candidate.method().equals(method) || ("HEAD".equals(method) && "GET".equals(candidate.method()))) {
                    route = candidate;
                    parameters = match;
                    break;
                }
            }
        }
        if (route == null) {
            if (allowed.isEmpty()) {
                JsonResponses.error(response, 404, "NotFound", "no API resource at " + path + "; see " + PREFIX + "/openapi.json");
            } else {
                response.setHeader("Allow", String.join(", ", allowed));
                JsonResponses.error(response, 405, "MethodNotAllowed", method + " is not supported on " + path + "; use "
                    + String.join(" or ", allowed));
            }
            return;
        }
        boolean changes = !"GET".equals(method) && !"HEAD".equals(method);
        String failure = null;
        try {
            Reply reply = route.handler().handle(new ApiRequest(request, response, parameters));
            if (reply != null) {
                write(response, reply);
            }
        } catch (RuntimeException e) {
            ApiException error = translate(e);
            failure = error.getMessage();
            if (!response.isCommitted()) {
                if (error.status() == 429 && e instanceof AuthenticationFailedException throttled) {
                    response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
                }
                if (error.status() == 413) {
                    response.setHeader("Connection", "close"); // the rest of the body is not worth reading
                }
                JsonResponses.error(response, error.status(), error.reason(), error.getMessage());
            }
        } finally {
            if (changes) {
                audit.record(new AuditEvent(Instant.now(), auditUser(request), "api", method + " " + path, failure == null,
                    failure));
            }
        }
    }

    private static String auditUser(HttpServletRequest request) {
        Object caller = request.getAttribute(Identity.REQUEST_ATTRIBUTE);
        if (caller instanceof Identity identity) {
            return identity.user();
        }
        Object attempted = request.getAttribute(AuthResource.ATTEMPTED_LOGIN);
        return attempted == null ? "anonymous" : "anonymous (login as " + attempted + ")";
    }

    private static void write(HttpServletResponse response, Reply reply) throws IOException {
        reply.headers().forEach(response::setHeader);
        if (reply.body() == null) {
            response.setStatus(reply.status());
            response.setHeader("Cache-Control", "no-store");
            return;
        }
        if (reply.body() instanceof Reply.Text text) {
            response.setStatus(reply.status());
            response.setContentType(text.contentType());
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.getWriter().write(text.text());
            return;
        }
        JsonResponses.write(response, reply.status(), reply.body());
    }

    static ApiException translate(RuntimeException e) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (e instanceof IllegalArgumentException) {
            return ApiException.badRequest(e.getMessage());
        }
        if (e instanceof AccessDeniedException) {
            return new ApiException(403, "Forbidden", e.getMessage());
        }
        if (e instanceof AuthenticationFailedException failed) {
            return failed.retryAfterSeconds() > 0 ? new ApiException(429, "TooManyRequests", e.getMessage())
                : new ApiException(401, "Unauthorized", e.getMessage());
        }
        if (e instanceof LoginUnavailableException) {
            return new ApiException(503, "ServiceUnavailable", e.getMessage());
        }
        if (e instanceof NotFoundException) {
            return ApiException.notFound(e.getMessage());
        }
        if (e instanceof ConflictException) {
            return new ApiException(409, "Conflict", e.getMessage() + "; read the object again and retry");
        }
        if (e instanceof RequestConflictException) {
            return new ApiException(409, "Conflict", e.getMessage());
        }
        if (e instanceof ResumeTooOldException) {
            return new ApiException(410, "Gone", e.getMessage());
        }
        if (e instanceof ClusterException cluster) {
            return switch (cluster.reason()) {
                case "NotFound" -> ApiException.notFound(e.getMessage());
                case "AlreadyExists" -> new ApiException(409, "AlreadyExists", e.getMessage());
                // another operation runs, or the cluster was never created: the request may succeed later or after a fix
                case "Busy", "NotCreated" -> new ApiException(409, cluster.reason(), e.getMessage());
                // the provider cannot do it at all: asking again will not help
                case "NotSupported" -> new ApiException(400, "NotSupported", e.getMessage());
                case "Unreachable" -> new ApiException(502, "Unreachable", e.getMessage());
                default -> new ApiException(422, cluster.reason(), e.getMessage());
            };
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("Internal error {} serving an API request", id, e);
        return new ApiException(500, "InternalError", "internal error " + id + "; the server log has the details");
    }
}
