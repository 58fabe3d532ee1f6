package io.paddock.rest.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.ApiToken;
import io.paddock.api.access.Identity;
import io.paddock.api.access.IssuedToken;
import io.paddock.api.access.RedirectStart;
import io.paddock.api.access.RoleBinding;
import io.paddock.api.access.SecurityService;
import io.paddock.api.access.Session;
import io.paddock.api.setting.SettingService;

/** Login, logout, the caller's own account and API tokens. */
final class AuthResource {

    private static final String SESSION_COOKIE = Identity.SESSION_COOKIE;
    static final String ATTEMPTED_LOGIN = "io.paddock.rest.attemptedLogin";
    private static final String CONSOLE_HOME = "/";

    record LoginRequest(String provider, String username, String password) {
        @Override
        public String toString() {
            return "LoginRequest[provider=" + provider + ", username=" + username + "]";
        }
    }

    record LoginReply(String user, String displayName, String provider, String csrfToken, Instant expiresAt) {
    }

    record PasswordChange(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[********]";
        }
    }

    record TokenRequest(String description, Long ttlSeconds) {
    }

    /** The caller; {@code csrfToken} only for a browser session (null for bearer tokens). */
    record Me(String user, String displayName, String provider, List<String> groups, boolean admin, List<RoleBinding> bindings,
              String csrfToken) {
    }

    private final SecurityService security;
    private final AccessControl access;
    private final SettingService settings;

    AuthResource(SecurityService security, AccessControl access, SettingService settings) {
        this.security = security;
        this.access = access;
        this.settings = settings;
    }

    List<Route> routes() {
        return List.of(
            Route.of("GET", "/v1/auth/providers", "Login methods installed now", true,
                r -> Reply.ok(Map.of("items", security.loginMethods()))),
            Route.of("POST", "/v1/login", "Log in with a password provider; sets the session cookie and returns the CSRF token",
                true, this::login),
            Route.of("POST", "/v1/logout", "End the session (or revoke the bearer token used)", true, this::logout),
            Route.of("GET", "/v1/auth/{provider}/start", "Start a redirect login (OIDC, GitHub): redirects to the provider", true,
                this::startRedirect),
            Route.of("GET", "/v1/auth/{provider}/callback", "Where the provider sends the browser back; sets the session cookie",
                true, this::completeRedirect),
            Route.of("GET", "/v1/me", "The caller: user, groups, whether administrator, bindings", false, this::me),
            Route.of("POST", "/v1/me/password", "Change one's own local password", false, this::changePassword),
            Route.of("GET", "/v1/tokens", "The caller's API tokens and sessions (never their secrets)", false,
                r -> Reply.ok(Map.of("items", security.tokens(r.caller().user())))),
            Route.of("POST", "/v1/tokens", "Create an API token; its value is in this answer only", false, this::createToken),
            Route.of("DELETE", "/v1/tokens/{id}", "Revoke one of the caller's tokens", false, r -> {
                security.revokeToken(r.caller().user(), r.path("id"));
                return Reply.noContent();
            }));
    }

    private Reply login(ApiRequest request) throws java.io.IOException {
        LoginRequest body = request.body(LoginRequest.class);
        if (body.username() != null) {
            request.http().setAttribute(ATTEMPTED_LOGIN, body.username().length() > 64 ? body.username().substring(0, 64)
                : body.username());
        }
        String provider = body.provider() == null || body.provider().isBlank() ? "local" : body.provider();
        Session session = security.loginWithPassword(provider, body.username(), body.password(), request.http().getRemoteAddr());
        return sessionReply(Reply.ok(loginReply(session)), session);
    }

    private Reply startRedirect(ApiRequest request) {
        RedirectStart start = security.startRedirectLogin(request.path("provider"), callbackUri(request));
        return Reply.redirect(start.authorizationUri().toString(), Map.of("Cache-Control", "no-store"));
    }

    private Reply completeRedirect(ApiRequest request) {
        String error = request.query("error");
        if (error != null) {
            throw new ApiException(401, "Unauthorized", "the login provider refused the login: " + abbreviate(error));
        }
        Session session = security.completeRedirectLogin(request.path("provider"), request.query("state"), request.query("code"),
            callbackUri(request), request.http().getRemoteAddr());
        return sessionReply(Reply.redirect(CONSOLE_HOME, Map.of("Cache-Control", "no-store")), session);
    }

    private Reply logout(ApiRequest request) {
        Object credential = request.http().getAttribute(Identity.CREDENTIAL_ATTRIBUTE);
        if (credential instanceof String value) {
            security.logout(value);
        }
        return Reply.noContent().withHeader("Set-Cookie", SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax");
    }

    private Reply me(ApiRequest request) {
        Identity caller = request.caller();
        List<RoleBinding> bindings = access.bindingsOf(io.paddock.api.access.Subject.user(caller.user()));
        // the console reloaded, or back from a redirect login, has the HttpOnly cookie but not its CSRF token; a
        // cross-site page cannot read this answer (no CORS), so handing the token to the cookie's holder is safe
        Object credential = request.http().getAttribute(Identity.CREDENTIAL_ATTRIBUTE);
        String csrf = request.http().getHeader("Authorization") == null && credential instanceof String session
            ? security.csrfToken(session) : null;
        return Reply.ok(new Me(caller.user(), caller.displayName(), caller.provider(), caller.groups(), access.isAdmin(caller),
            bindings, csrf));
    }

    private Reply changePassword(ApiRequest request) throws java.io.IOException {
        PasswordChange change = request.body(PasswordChange.class);
        security.changePassword(request.caller(), change.currentPassword(), change.newPassword());
        return Reply.noContent();
    }

    private Reply createToken(ApiRequest request) throws java.io.IOException {
        TokenRequest body = request.body(TokenRequest.class);
        Duration ttl = body.ttlSeconds() == null ? null : Duration.ofSeconds(body.ttlSeconds());
        IssuedToken issued = security.createToken(request.caller(), body.description(), ttl);
        return Reply.created(Map.of("token", issued.token(), "value", issued.value()));
    }

    private static LoginReply loginReply(Session session) {
        ApiToken token = session.token().token();
        return new LoginReply(session.identity().user(), session.identity().displayName(), session.identity().provider(),
            session.csrfToken(), token.expiresAt());
    }

    private static Reply sessionReply(Reply reply, Session session) {
        long maxAge = Math.max(0, Duration.between(Instant.now(), session.token().token().expiresAt()).toSeconds());
        return reply.withHeader("Set-Cookie", SESSION_COOKIE + "=" + session.token().value() + "; Path=/; Max-Age=" + maxAge
            + "; HttpOnly; Secure; SameSite=Lax");
    }

    /** The callback the provider sends the browser to: under {@code server-url} when set, else where the request came. */
    private URI callbackUri(ApiRequest request) {
        String serverUrl = settings.value(SettingService.SERVER_URL);
        HttpServletRequest http = request.http();
        URI base = serverUrl.isEmpty() ? URI.create(http.getScheme() + "://" + http.getServerName() + ":" + http.getServerPort())
            : URI.create(serverUrl);
        return base.resolve("/v1/auth/" + request.path("provider") + "/callback");
    }

    private static String abbreviate(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 100 ? clean : clean.substring(0, 100) + "...";
    }
}
