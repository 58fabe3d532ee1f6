package io.paddock.tunnel.internal;

import java.io.IOException;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.paddock.api.cluster.AgentRegistrations;
import io.paddock.api.cluster.ClusterException;

/**
 * {@code /tunnel/import/<registration token>.yaml}: the agent manifest for the one-line install
 * ({@code curl ... | kubectl apply -f -}) run where no Paddock login is at hand. The token in the
 * path is the credential, as it is in the manifest itself; an unknown token gets a plain 404.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/tunnel/import/*",
    "osgi.http.whiteboard.servlet.name=paddock-agent-manifest"})
public class ImportManifestServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient AgentRegistrations registrations;

    @Activate
    public ImportManifestServlet(@Reference AgentRegistrations registrations) {
        this.registrations = registrations;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        Optional<String> cluster = path.startsWith("/") && path.endsWith(".yaml")
            ? registrations.clusterOf(path.substring(1, path.length() - ".yaml".length())) : Optional.empty();
        response.setHeader("Cache-Control", "no-store");
        if (cluster.isEmpty()) {
            response.sendError(404, "no such manifest");
            return;
        }
        String manifest;
        try {
            manifest = registrations.manifest(cluster.get(), request.getServerName());
        } catch (ClusterException e) {
            response.sendError(503, e.getMessage());
            return;
        }
        response.setContentType("application/yaml");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(manifest);
    }
}
