package io.paddock.rest.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.paddock.api.system.HealthReport;
import io.paddock.api.system.HealthStatus;
import io.paddock.api.system.SystemService;

/**
 * {@code GET /v1/health}: 200 when every check is up, 503 otherwise, with each check's message.
 * Unauthenticated on purpose, for load balancers and probes; it reveals no secrets.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/v1/health",
    "osgi.http.whiteboard.servlet.name=paddock-health"})
public class HealthServlet extends ReadOnlyServlet {
    private static final long serialVersionUID = 1L;

    @Reference
    transient SystemService system;

    @Override
    protected void get(HttpServletResponse response) throws IOException {
        HealthReport report = system.health();
        JsonResponses.write(response, report.status() == HealthStatus.UP ? 200 : 503, report);
    }
}
