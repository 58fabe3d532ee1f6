package io.paddock.rest.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.paddock.api.system.SystemService;

/** {@code GET /v1/version}: product, Karaf and Java versions, as clients need them to adapt. */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/v1/version",
    "osgi.http.whiteboard.servlet.name=paddock-version"})
public class VersionServlet extends ReadOnlyServlet {
    private static final long serialVersionUID = 1L;

    @Reference
    transient SystemService system;

    @Override
    protected void get(HttpServletResponse response) throws IOException {
        JsonResponses.write(response, 200, system.product());
    }
}
