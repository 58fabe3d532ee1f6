package io.paddock.auth.oidc;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenID Connect issuer whose ID tokens each test writes itself, to check what Dex never
 * produces: rotated and unknown keys, expired tokens, wrong audiences, unsigned or HMAC tokens.
 * Its token endpoint returns {@link #idToken} for any code and records how the client
 * authenticated.
 */
final class FakeIssuer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger keyFetches = new AtomicInteger();
    private final List<String> clientAuthentications = new CopyOnWriteArrayList<>();
    private volatile JWKSet published = new JWKSet();
    private volatile String authMethods = "[\"client_secret_basic\"]";
    volatile String idToken;

    private final boolean trailingSlash;

    /** @param trailingSlash whether the issuer URL ends with '/', as some providers' do */
    FakeIssuer(boolean trailingSlash) throws IOException {
        this.trailingSlash = trailingSlash;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/openid-configuration", exchange -> respond(exchange, 200, "{\"issuer\":\"" + issuer()
            + "\",\"authorization_endpoint\":\"" + base() + "/auth\",\"token_endpoint\":\"" + base() + "/token\","
            + "\"jwks_uri\":\"" + base() + "/keys\",\"id_token_signing_alg_values_supported\":[\"RS256\"],"
            + "\"token_endpoint_auth_methods_supported\":" + authMethods + "}"));
        server.createContext("/keys", exchange -> {
            keyFetches.incrementAndGet();
            respond(exchange, 200, published.toString(true));
        });
        server.createContext("/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String basic = exchange.getRequestHeaders().getFirst("Authorization");
            clientAuthentications.add(basic != null && basic.startsWith("Basic ") ? "client_secret_basic"
                : body.contains("client_secret=") ? "client_secret_post" : "none");
            respond(exchange, 200, idToken == null ? "{\"access_token\":\"a\",\"token_type\":\"Bearer\"}"
                : "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"id_token\":\"" + idToken + "\"}");
        });
        server.start();
    }

    URI issuer() {
        return URI.create(base() + (trailingSlash ? "/" : ""));
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Publishes exactly these public keys. */
    void publish(RSAKey... keys) {
        published = new JWKSet(Arrays.stream(keys).map(key -> (JWK) key.toPublicJWK()).toList());
    }

    void announceAuthMethods(String jsonArray) {
        authMethods = jsonArray;
    }

    int keyFetches() {
        return keyFetches.get();
    }

    List<String> clientAuthentications() {
        return clientAuthentications;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
