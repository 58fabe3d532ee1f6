package io.paddock.testbed.github;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.paddock.testbed.oidc.LoginAttempt;

/**
 * A stand-in for github.com, which cannot be reached from where these tests run: only the OAuth
 * and REST endpoints Paddock's GitHub login uses, with GitHub's documented shapes (token errors as
 * HTTP 200 with an {@code error} field, lists paginated with {@code Link} headers). It serves the
 * web endpoints at {@code /} and the API under {@code /api/v3}, as GitHub Enterprise Server does.
 * Lists are cut into pages of {@link #PAGE_SIZE}, whatever {@code per_page} asks, so that small
 * fixtures span several pages.
 */
public final class FakeGitHub implements AutoCloseable {

    public static final String CLIENT_ID = "Iv1.fake-client";
    public static final String CLIENT_SECRET = "fake-client-secret-0123456789";
    public static final int PAGE_SIZE = 2;

    public record Team(String org, String slug, String name) {
    }

    public record User(long id, String login, String name, List<String> orgs, List<Team> teams) {
    }

    private record Grant(User user, String challenge, String redirectUri) {
    }

    private final HttpServer server;
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, User> tokens = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile User signedIn;
    private volatile int apiFailure;

    public FakeGitHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/login/oauth/authorize", this::authorize);
        server.createContext("/login/oauth/access_token", this::accessToken);
        server.createContext("/api/v3/", this::api);
        server.start();
    }

    public URI webUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI apiUrl() {
        return URI.create(webUrl() + "/api/v3");
    }

    public void add(User user) {
        users.put(user.login(), user);
    }

    /** The user the browser is signed in as at GitHub. */
    public void signIn(String login) {
        signedIn = users.get(login);
    }

    /** Every API call answers this status with GitHub's error shape from now on; 0 for normal service. */
    public void failApi(int status) {
        apiFailure = status;
    }

    /** Paths and queries of the requests served, in order. */
    public List<String> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Authorizes at once, as GitHub does for a signed-in user who already granted the app. */
    private void authorize(HttpExchange exchange) throws IOException {
        record(exchange);
        Map<String, String> query = LoginAttempt.query(exchange.getRequestURI());
        if (!CLIENT_ID.equals(query.get("client_id")) || signedIn == null || !"S256".equals(query.get("code_challenge_method"))
            || !Set.of(query.getOrDefault("scope", "").split(" ")).contains("read:org")) {
            respond(exchange, 400, "{\"message\":\"bad authorization request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(signedIn, query.get("code_challenge"), query.get("redirect_uri")));
        exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state=" + query.get("state"));
        respond(exchange, 302, "");
    }

    private void accessToken(HttpExchange exchange) throws IOException {
        record(exchange);
        Map<String, String> form = LoginAttempt.query(URI.create("?" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        if (!"POST".equals(exchange.getRequestMethod())
            || !exchange.getRequestHeaders().getFirst("Accept").contains("application/json")) {
            respond(exchange, 400, "{\"message\":\"expected a POST accepting JSON\"}");
            return;
        }
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            respond(exchange, 200, "{\"error\":\"incorrect_client_credentials\","
                + "\"error_description\":\"The client_id and/or client_secret passed are incorrect.\"}");
            return;
        }
        Grant grant = codes.remove(form.getOrDefault("code", ""));
        if (grant == null || !grant.challenge().equals(LoginAttempt.challenge(form.getOrDefault("code_verifier", "")))) {
            respond(exchange, 200, "{\"error\":\"bad_verification_code\","
                + "\"error_description\":\"The code passed is incorrect or expired.\"}");
            return;
        }
        if (!grant.redirectUri().equals(form.get("redirect_uri"))) {
            respond(exchange, 200, "{\"error\":\"redirect_uri_mismatch\","
                + "\"error_description\":\"The redirect_uri MUST match the registered callback URL for this application.\"}");
            return;
        }
        String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, grant.user());
        respond(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"scope\":\"read:org\"}");
    }

    private void api(HttpExchange exchange) throws IOException {
        record(exchange);
        if (apiFailure != 0) {
            respond(exchange, apiFailure, "{\"message\":\"Server Error\"}");
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        User user = authorization == null ? null : tokens.get(authorization.replaceFirst("^Bearer ", ""));
        if (user == null) {
            respond(exchange, 401, "{\"message\":\"Bad credentials\"}");
            return;
        }
        String path = exchange.getRequestURI().getPath().substring("/api/v3".length());
        int page = Integer.parseInt(LoginAttempt.query(exchange.getRequestURI()).getOrDefault("page", "1"));
        switch (path) {
            case "/user" -> respond(exchange, 200, "{\"id\":" + user.id() + ",\"login\":\"" + user.login() + "\",\"name\":"
                + (user.name() == null ? "null" : "\"" + user.name() + "\"") + ",\"type\":\"User\"}");
            case "/user/orgs" -> respondPage(exchange, path, page, user.orgs().stream()
                .map(org -> "{\"login\":\"" + org + "\",\"id\":" + Math.abs(org.hashCode()) + "}").toList());
            case "/user/teams" -> respondPage(exchange, path, page, user.teams().stream()
                .map(team -> "{\"slug\":\"" + team.slug() + "\",\"name\":\"" + team.name() + "\",\"organization\":{\"login\":\""
                    + team.org() + "\"}}").toList());
            default -> respond(exchange, 404, "{\"message\":\"Not Found\"}");
        }
    }

    private void respondPage(HttpExchange exchange, String path, int page, List<String> items) throws IOException {
        int from = Math.min((page - 1) * PAGE_SIZE, items.size());
        int to = Math.min(from + PAGE_SIZE, items.size());
        if (to < items.size()) {
            exchange.getResponseHeaders().add("Link", "<" + apiUrl() + path + "?per_page=" + PAGE_SIZE + "&page=" + (page + 1)
                + ">; rel=\"next\", <" + apiUrl() + path + "?per_page=" + PAGE_SIZE + "&page=" + ((items.size() + PAGE_SIZE - 1) / PAGE_SIZE)
                + ">; rel=\"last\"");
        }
        respond(exchange, 200, "[" + String.join(",", items.subList(from, to)) + "]");
    }

    private void record(HttpExchange exchange) {
        URI uri = exchange.getRequestURI();
        requests.add(uri.getPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}
