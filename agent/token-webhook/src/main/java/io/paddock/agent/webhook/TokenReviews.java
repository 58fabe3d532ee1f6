package io.paddock.agent.webhook;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * Answers kube-apiserver's TokenReviews in the version asked ({@code authentication.k8s.io/v1}, or
 * {@code v1beta1}, which the API server sends unless {@code --authentication-token-webhook-version=v1}):
 * authenticated as the mirrored user with the mirrored groups for a genuine, unexpired Paddock token,
 * else not authenticated, which lets the API server's other authenticators have their say. Always
 * HTTP 200 with a TokenReview, and the token never appears in a log or an answer.
 */
final class TokenReviews {

    static final String V1 = "authentication.k8s.io/v1";
    static final String V1BETA1 = "authentication.k8s.io/v1beta1";
    /** Added to the user's extra attributes, so the cluster's audit log names the token that was used. */
    static final String TOKEN_ID_EXTRA = "paddock.io/token-id";
    private static final Pattern TOKEN = Pattern.compile("pdk_([a-z0-9]{1,64})\\.([A-Za-z0-9_-]{1,200})");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(TokenReviews.class);

    private final Function<String, Secret> secretNamed;
    private final BooleanSupplier ready;
    private final Clock clock;

    /**
     * @param secretNamed the mirrored Secret of this name, or {@code null}
     * @param ready       whether the mirrored Secrets have been read completely
     */
    TokenReviews(Function<String, Secret> secretNamed, BooleanSupplier ready, Clock clock) {
        this.secretNamed = secretNamed;
        this.ready = ready;
        this.clock = clock;
    }

    /** The TokenReview to send back for a request body. */
    byte[] answer(byte[] request) {
        JsonNode review;
        try {
            review = JSON.readTree(request);
        } catch (IOException e) {
            return unauthenticated(V1, "the request is not JSON");
        }
        String apiVersion = review == null ? "" : review.path("apiVersion").asText();
        if (!V1.equals(apiVersion) && !V1BETA1.equals(apiVersion) || !"TokenReview".equals(review.path("kind").asText())) {
            return unauthenticated(V1, "the request is not a TokenReview of " + V1 + " or " + V1BETA1);
        }
        if (!ready.getAsBoolean()) {
            return unauthenticated(apiVersion, "the token webhook has not read Paddock's mirrored tokens yet");
        }
        try {
            return authenticate(review.path("spec").path("token").asText(""))
                .map(token -> authenticated(apiVersion, token))
                .orElseGet(() -> unauthenticated(apiVersion, null));
        } catch (NotMirroredException e) {
            // with an error the API server does not cache the refusal: a token issued a moment ago works once it is mirrored
            return unauthenticated(apiVersion, e.getMessage());
        }
    }

    /**
     * The mirrored token that {@code value} is, if it is genuine and unexpired.
     *
     * @throws NotMirroredException for a Paddock token whose id has no mirrored Secret (yet)
     */
    Optional<MirroredToken> authenticate(String value) {
        Matcher parts = TOKEN.matcher(value);
        if (!parts.matches()) {
            return Optional.empty(); // not a Paddock token
        }
        String id = parts.group(1);
        Secret secret = secretNamed.apply(MirroredToken.SECRET_PREFIX + id);
        if (secret == null) {
            throw new NotMirroredException(id);
        }
        MirroredToken token;
        try {
            token = MirroredToken.of(secret);
        } catch (IllegalArgumentException e) {
            LOG.warn("token {} refused: {}", id, e.getMessage());
            return Optional.empty();
        }
        if (!token.matches(parts.group(2))) {
            LOG.info("token {} refused: wrong secret", id);
            return Optional.empty();
        }
        if (token.expiredAt(clock.instant())) {
            LOG.debug("token {} refused: expired at {}", id, token.expiresAt());
            return Optional.empty();
        }
        return Optional.of(token);
    }

    /** A Paddock token that this cluster does not know: unknown, revoked, not mirrored yet, or its user may not reach it. */
    static final class NotMirroredException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotMirroredException(String id) {
            super("Paddock token " + id + " is not mirrored in this cluster: unknown, revoked, or its user has no access here");
        }
    }

    private static byte[] authenticated(String apiVersion, MirroredToken token) {
        ObjectNode status = JSON.createObjectNode().put("authenticated", true);
        ObjectNode user = status.putObject("user").put("username", token.username());
        token.groups().forEach(user.putArray("groups")::add);
        user.set("extra", JSON.valueToTree(Map.of(TOKEN_ID_EXTRA, List.of(token.id()))));
        return review(apiVersion, status);
    }

    private static byte[] unauthenticated(String apiVersion, String error) {
        ObjectNode status = JSON.createObjectNode().put("authenticated", false);
        if (error != null) {
            status.put("error", error);
        }
        return review(apiVersion, status);
    }

    private static byte[] review(String apiVersion, ObjectNode status) {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", "TokenReview");
        review.set("status", status);
        try {
            return JSON.writeValueAsBytes(review);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and booleans is always JSON", e);
        }
    }
}
