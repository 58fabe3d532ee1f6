package io.paddock.security.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.paddock.api.access.Identity;
import io.paddock.api.access.SecurityService;

/**
 * Finds out who calls the API and the proxy: a bearer token (API clients, kubectl) or the session
 * cookie (the console), which for state-changing methods must come with the session's CSRF token.
 * Calls without credentials pass on anonymous; each resource decides whether it needs a caller. A
 * credential that is present but not valid is refused here, so it never silently becomes anonymous.
 */
@Component(service = Filter.class, property = {
    "osgi.http.whiteboard.filter.pattern=/v1/*",
    "osgi.http.whiteboard.filter.pattern=/k8s/*",
    "osgi.http.whiteboard.filter.name=paddock-authentication",
    "osgi.http.whiteboard.filter.asyncSupported=true"})
public class AuthenticationFilter implements Filter {

    private static final String SESSION_COOKIE = Identity.SESSION_COOKIE;
    private static final String CSRF_HEADER = Identity.CSRF_HEADER;
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final SecurityService security;

    @Activate
    public AuthenticationFilter(@Reference SecurityService security) {
        this.security = security;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                refuse(response, 401, "Unauthorized", "only bearer tokens are accepted in the Authorization header");
                return;
            }
            Optional<Identity> caller = security.authenticate(authorization.substring(7).trim());
            if (caller.isEmpty()) {
                refuse(response, 401, "Unauthorized", "the token is invalid, expired or revoked");
                return;
            }
            request.setAttribute(Identity.REQUEST_ATTRIBUTE, caller.get());
            request.setAttribute(Identity.CREDENTIAL_ATTRIBUTE, authorization.substring(7).trim());
        } else {
            String session = sessionCookie(request);
            if (session != null) {
                Optional<Identity> caller = security.authenticate(session);
                if (caller.isPresent()) {
                    if (!SAFE_METHODS.contains(request.getMethod())
                        && !security.validCsrf(session, request.getHeader(CSRF_HEADER))) {
                        refuse(response, 403, "Forbidden", "missing or wrong " + CSRF_HEADER + " header for this session");
                        return;
                    }
                    request.setAttribute(Identity.REQUEST_ATTRIBUTE, caller.get());
                    request.setAttribute(Identity.CREDENTIAL_ATTRIBUTE, session);
                }
            }
        }
        chain.doFilter(request, response);
    }

    @Override
    public void init(javax.servlet.FilterConfig config) {
        // nothing to set up: the services arrive through DS
    }

    @Override
    public void destroy() {
        // nothing held
    }

    private static String sessionCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (SESSION_COOKIE.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    private static void refuse(HttpServletResponse response, int status, String reason, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("reason", reason);
        body.put("message", message);
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"paddock\"");
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(RecordJson.write(body));
    }
}
