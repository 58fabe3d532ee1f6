package io.paddock.rest.internal;

import java.io.IOException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Base for GET-only resources: every other method gets a JSON 405 instead of the container's HTML page. */
abstract class ReadOnlyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            get(response);
            return;
        }
        response.setHeader("Allow", "GET, HEAD");
        JsonResponses.error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "MethodNotAllowed",
            method + " is not supported on " + request.getRequestURI() + "; use GET");
    }

    protected abstract void get(HttpServletResponse response) throws IOException;
}
