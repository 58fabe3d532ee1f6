package io.paddock.it;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Calls Paddock's REST API as one user, with a bearer token from a password login. */
public final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final PaddockProcess paddock;
    private final String token;

    private ApiClient(PaddockProcess paddock, String token) {
        this.paddock = paddock;
        this.token = token;
    }

    /** Logs in (session), then creates an API token with it, as a script would. */
    public static ApiClient login(PaddockProcess paddock, String user, String password) throws Exception {
        HttpResponse<String> login = paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/login"))
            .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("username", user, "password", password)))));
        if (login.statusCode() != 200) {
            throw new IllegalStateException("login of " + user + " failed: " + login.statusCode() + " " + login.body());
        }
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = JSON.readTree(login.body()).get("csrfToken").asText();
        HttpResponse<String> created = paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/tokens"))
            .header("Cookie", cookie).header("X-Paddock-CSRF", csrf)
            .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("description", "integration test")))));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("token for " + user + " not created: " + created.statusCode() + " " + created.body());
        }
        return new ApiClient(paddock, JSON.readTree(created.body()).get("value").asText());
    }

    public String token() {
        return token;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    public HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    public HttpResponse<String> put(String path, Object body) throws IOException, InterruptedException {
        return send("PUT", path, body);
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null);
    }

    public HttpResponse<String> send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : json(body));
        return paddock.send(HttpRequest.newBuilder(paddock.uri(path)).header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json").method(method, publisher));
    }

    /** The JSON body of a call that must answer {@code status}. */
    public JsonNode expect(int status, HttpResponse<String> response) throws IOException {
        if (response.statusCode() != status) {
            throw new AssertionError("expected " + status + " from " + response.request().method() + " " + response.request().uri()
                + " but got " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
