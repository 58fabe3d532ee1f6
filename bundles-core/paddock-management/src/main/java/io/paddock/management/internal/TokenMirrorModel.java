package io.paddock.management.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.paddock.api.access.Impersonation;
import io.paddock.api.access.Subject;
import io.paddock.api.access.TokenHash;
import io.paddock.api.access.User;

/**
 * The Secrets one cluster should hold so that its token webhook can check Paddock API tokens
 * without calling Paddock: one per unexpired API token of each enabled user who may reach the
 * cluster (bound in it or in one of its projects, directly or through a group, or an
 * administrator), holding the token's id and hash as Paddock stores them, the user's name
 * downstream, the groups their bindings there need, and the expiry. The layout is the contract with
 * the webhook program ({@code agent/token-webhook}) and is described in {@code docs/access.md}.
 */
final class TokenMirrorModel {

    static final String MANAGED_VALUE = "auth-token";
    static final String SECRET_TYPE = "paddock.io/auth-token";
    static final String SECRET_PREFIX = "paddock-token-";
    /** The webhook's service account, and its Role and RoleBinding to read the Secrets. */
    static final String WEBHOOK = "paddock-token-webhook";
    static final String TOKEN_ID = "token-id";
    static final String HASH_ALGORITHM = "hash-algorithm";
    static final String HASH = "hash";
    static final String USERNAME = "username";
    static final String GROUPS = "groups";
    static final String EXPIRES_AT = "expires-at";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenMirrorModel() {
    }

    /**
     * @param subjects everyone bound in the cluster or its projects, and the administrators
     * @param users    every Paddock user
     * @param tokens   every unexpired API token with its hash
     * @return the Secrets by name
     */
    static Map<String, Secret> desired(List<Subject> subjects, List<User> users, List<TokenHash> tokens) {
        Set<String> boundUsers = names(subjects, Subject.Kind.USER);
        Set<String> boundGroups = names(subjects, Subject.Kind.GROUP);
        Map<String, User> reaching = users.stream().filter(User::enabled)
            .filter(u -> boundUsers.contains(u.name()) || u.groups().stream().anyMatch(boundGroups::contains))
            .collect(Collectors.toMap(User::name, Function.identity()));
        Map<String, Secret> secrets = new TreeMap<>();
        for (TokenHash token : tokens) {
            User user = reaching.get(token.token().user());
            if (user != null) {
                List<String> groups = user.groups().stream().filter(boundGroups::contains).map(Impersonation::groupName)
                    .sorted().distinct().toList();
                Secret secret = secret(token, Impersonation.userName(user.name()), groups);
                secrets.put(secret.getMetadata().getName(), secret);
            }
        }
        return secrets;
    }

    /** Whether a Secret in the cluster says what {@code desired} says; keys added by hand do not matter to the webhook. */
    static boolean matches(Secret actual, Secret desired) {
        Map<String, String> data = actual.getData() == null ? Map.of() : actual.getData();
        return SECRET_TYPE.equals(actual.getType()) && desired.getData().entrySet().stream()
            .allMatch(entry -> entry.getValue().equals(data.get(entry.getKey())));
    }

    private static Set<String> names(List<Subject> subjects, Subject.Kind kind) {
        return subjects.stream().filter(s -> s.kind() == kind).map(Subject::name).collect(Collectors.toSet());
    }

    private static Secret secret(TokenHash token, String username, List<String> groups) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(TOKEN_ID, token.token().id());
        data.put(HASH_ALGORITHM, token.algorithm());
        data.put(HASH, token.hash());
        data.put(USERNAME, username);
        data.put(GROUPS, json(groups));
        if (token.token().expiresAt() != null) {
            data.put(EXPIRES_AT, token.token().expiresAt().toString());
        }
        data.replaceAll((key, value) -> Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        return new SecretBuilder().withNewMetadata().withName(SECRET_PREFIX + token.token().id())
            .withNamespace(RbacModel.SYSTEM_NAMESPACE).addToLabels(RbacModel.MANAGED_LABEL, MANAGED_VALUE).endMetadata()
            .withType(SECRET_TYPE).withData(data).build();
    }

    private static String json(List<String> groups) {
        try {
            return JSON.writeValueAsString(groups);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }
}
