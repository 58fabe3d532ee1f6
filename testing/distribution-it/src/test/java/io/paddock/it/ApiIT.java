package io.paddock.it;

import static io.paddock.it.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The REST API's contract as clients meet it: login, tokens, CSRF, errors, limits, paging, escalation. */
class ApiIT {

    private static final String PASSWORD = "api-admin-password";

    private static PaddockProcess paddock;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        paddock = PaddockProcess.startHealthy("api", PASSWORD);
        admin = ApiClient.login(paddock, "admin", PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (paddock != null) {
            paddock.close();
        }
    }

    private static HttpResponse<String> login(String user, String password) throws Exception {
        return paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/login"))
            .POST(HttpRequest.BodyPublishers.ofString(ApiClient.json(Map.of("username", user, "password", password)))));
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePart) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = ApiClient.JSON.readTree(response.body());
        assertEquals(status, body.get("status").asInt());
        assertTrue(body.get("message").asText().contains(messagePart), response.body());
        assertFalse(response.body().contains("Exception") || response.body().contains("\tat "), response.body());
    }

    @Test
    void loginFailuresAreGenericAndThrottled() throws Exception {
        admin.expect(201, admin.post("/v1/users", Map.of("username", "dora", "password", "dora-password-1")));
        HttpResponse<String> wrong = login("dora", "not-her-password");
        HttpResponse<String> unknown = login("nobody-here", "whatever-password");
        assertError(wrong, 401, "unknown user or wrong password");
        assertEquals(ApiClient.JSON.readTree(wrong.body()), ApiClient.JSON.readTree(unknown.body()),
            "the answer must not reveal whether the account exists");
        for (int i = 0; i < 4; i++) {
            login("dora", "not-her-password-" + i);
        }
        HttpResponse<String> locked = login("dora", "dora-password-1");
        assertError(locked, 429, "too many failed logins");
        assertTrue(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow()) > 0);
        assertFalse(paddock.log().contains("not-her-password"), "passwords must never be logged");
    }

    @Test
    void tokensAreShownOnceListedWithoutSecretAndRevocable() throws Exception {
        JsonNode issued = admin.expect(201, admin.post("/v1/tokens", Map.of("description", "ci job", "ttlSeconds", 600)));
        String value = issued.get("value").asText();
        String id = issued.get("token").get("id").asText();
        HttpRequest.Builder me = HttpRequest.newBuilder(paddock.uri("/v1/me")).header("Authorization", "Bearer " + value);
        assertEquals(200, paddock.send(me.GET()).statusCode());
        String listed = admin.get("/v1/tokens").body();
        assertTrue(listed.contains(id) && listed.contains("ci job"), listed);
        assertFalse(listed.contains(value.substring(value.indexOf('.') + 1)), "the secret part must never be listed");
        admin.expect(204, admin.delete("/v1/tokens/" + id));
        assertError(paddock.send(me.GET()), 401, "invalid, expired or revoked");
        assertError(admin.delete("/v1/tokens/" + id), 404, "no token");
        assertError(admin.post("/v1/tokens", Map.of("ttlSeconds", 0)), 400, "token lifetime");
    }

    @Test
    void badRequestsGetClearErrorsAndChangeNothing() throws Exception {
        assertError(admin.post("/v1/users", "{\"username\": \"eve\", "), 400, "not valid JSON");
        assertError(admin.post("/v1/users", Map.of("username", "eve", "password", "eve-password-1", "admin", true)), 400,
            "unknown field 'admin'");
        assertError(admin.post("/v1/users", Map.of("username", "Eve!", "password", "eve-password-1")), 400, "user name 'Eve!'");
        assertError(admin.post("/v1/users", Map.of("username", "eve", "password", "short")), 400, "at least 12 characters");
        assertError(admin.get("/v1/users/eve"), 404, "user 'eve' not found");
        assertError(admin.post("/v1/clusters", Map.of("name", "x", "kubeconfig", "apiVersion: v1\nkind: Config\n")), 400, "kubeconfig");
        assertError(admin.post("/v1/clusters", Map.of("name", "Bad_Name", "kubeconfig", "x")), 400, "cluster name 'Bad_Name'");
        assertError(admin.post("/v1/clusters", Map.of("name", "x", "provider", "nope")), 400, "no cluster provider 'nope'");
        assertError(admin.post("/v1/clusters", Map.of("name", "x", "config", Map.of("kubeconfig", "x", "token", "y"))), 400,
            "unknown field 'token'");
        Map<String, JsonNode> providers = new TreeMap<>();
        admin.expect(200, admin.get("/v1/clusterproviders")).get("items").forEach(p -> providers.put(p.get("id").asText(), p));
        assertEquals(Set.of("agent", "import", "local"), providers.keySet());
        assertEquals("SECRET_TEXT", providers.get("import").get("configSchema").get(0).get("type").asText());
        String huge = "{\"description\":\"" + "a".repeat(1024 * 1024 + 10) + "\"}";
        assertError(admin.post("/v1/tokens", huge), 413, "limited to 1024 KiB");
        assertError(admin.get("/v1/nothing-here"), 404, "no API resource");
        HttpResponse<String> wrongMethod = admin.send("PATCH", "/v1/clusters", "{}");
        assertError(wrongMethod, 405, "PATCH is not supported");
        assertEquals("GET, POST", wrongMethod.headers().firstValue("Allow").orElse(""));
        assertError(admin.get("/v1/users?limit=5000"), 400, "limit must be");
        assertError(admin.get("/v1/users?sort=password"), 400, "sort must be");
        assertError(admin.get("/v1/users?continue=bm90LWEtdG9rZW4"), 400, "continue");
        assertError(paddock.get("/v1/users"), 401, "log in first");
        assertFalse(names(admin.expect(200, admin.get("/v1/users"))).contains("eve"), "nothing half-written");
    }

    @Test
    void listsPageFilterAndSortOnTheServer() throws Exception {
        for (int i = 0; i < 12; i++) {
            admin.expect(201, admin.post("/v1/users", Map.of("username", String.format("pager%02d", i),
                "password", "pager-password-" + i, "globalRole", "user-base")));
        }
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String next = "";
        int pages = 0;
        do {
            JsonNode page = admin.expect(200, admin.get("/v1/users?prefix=pager&limit=5" + (next.isEmpty() ? "" : "&continue=" + next)));
            for (String name : names(page)) {
                assertTrue(seen.add(name), "seen twice: " + name);
                order.add(name);
            }
            next = page.get("continue").isNull() ? "" : page.get("continue").asText();
            pages++;
        } while (!next.isEmpty());
        assertEquals(3, pages);
        assertEquals(12, seen.size());
        assertEquals(order.stream().sorted().toList(), order);
        List<String> descending = names(admin.expect(200, admin.get("/v1/users?prefix=pager&sort=-name&limit=3")));
        assertEquals(List.of("pager11", "pager10", "pager09"), descending);
    }

    @Test
    void nobodyGrantsWhatTheyDoNotHold() throws Exception {
        admin.expect(201, admin.post("/v1/users", Map.of("username", "frank", "password", "frank-password-1")));
        ApiClient frank = ApiClient.login(paddock, "frank", "frank-password-1");
        assertError(frank.post("/v1/bindings", Map.of("role", "admin", "user", "frank")), 403, "may not create globalrolebindings");
        assertError(frank.post("/v1/roletemplates", Map.of("name", "everything", "context", "CLUSTER", "rules",
            List.of(Map.of("apiGroups", List.of("*"), "resources", List.of("*"), "verbs", List.of("*"))))), 403, "roletemplates");
        assertError(frank.post("/v1/users", Map.of("username", "frank2", "password", "frank-password-2")), 403, "users");
        assertError(frank.get("/v1/audit"), 403, "auditevents");
        JsonNode me = frank.expect(200, frank.get("/v1/me"));
        assertFalse(me.get("admin").asBoolean());

        // an administrator may create templates; a custom template cannot hide more than its rules say
        JsonNode template = admin.expect(201, admin.post("/v1/roletemplates", Map.of("name", "pods-view", "context", "PROJECT",
            "rules", List.of(Map.of("apiGroups", List.of(""), "resources", List.of("pods"), "verbs", List.of("get", "list"))))));
        long version = template.get("resourceVersion").asLong();
        Map<String, Object> update = Map.of("context", "PROJECT", "displayName", "Pod viewer", "resourceVersion", version,
            "rules", List.of(Map.of("apiGroups", List.of(""), "resources", List.of("pods"), "verbs", List.of("get", "list", "watch"))));
        admin.expect(200, admin.put("/v1/roletemplates/pods-view", update));
        assertError(admin.put("/v1/roletemplates/pods-view", update), 409, "read the object again");
        assertError(admin.put("/v1/roletemplates/project-owner", update), 400, "built in");
        assertError(admin.post("/v1/roletemplates", Map.of("name", "loop", "context", "PROJECT", "inherits", List.of("loop"))),
            400, "cannot inherit itself");
    }

    @Test
    void disablingAUserStopsTheirTokensAtOnce() throws Exception {
        admin.expect(201, admin.post("/v1/users", Map.of("username", "gina", "password", "gina-password-1")));
        ApiClient gina = ApiClient.login(paddock, "gina", "gina-password-1");
        gina.expect(200, gina.get("/v1/me"));
        admin.expect(200, admin.send("PATCH", "/v1/users/gina", Map.of("enabled", false)));
        assertEquals(401, gina.get("/v1/me").statusCode());
        assertError(login("gina", "gina-password-1"), 401, "disabled");
        admin.expect(200, admin.send("PATCH", "/v1/users/gina", Map.of("enabled", true)));
        assertEquals(200, login("gina", "gina-password-1").statusCode());
    }

    @Test
    void everyChangeIsAuditedWithoutSecrets() throws Exception {
        admin.expect(201, admin.post("/v1/users", Map.of("username", "hank", "password", "hank-secret-pass")));
        String audit = admin.expect(200, admin.get("/v1/audit?limit=50")).toString();
        assertTrue(audit.contains("POST /v1/users"), audit);
        assertFalse(audit.contains("hank-secret-pass"), "audit must not hold passwords");
        assertFalse(admin.get("/v1/users/hank").body().contains("hank-secret-pass"));
        assertFalse(paddock.log().contains("hank-secret-pass"));
    }

    @Test
    void usersChangeTheirOwnPasswordKnowingTheCurrentOne() throws Exception {
        admin.expect(201, admin.post("/v1/users", Map.of("username", "lena", "password", "lena-password-1")));
        ApiClient lena = ApiClient.login(paddock, "lena", "lena-password-1");
        assertError(lena.post("/v1/me/password", Map.of("currentPassword", "not-it-at-all", "newPassword", "lena-password-2")),
            400, "current password is wrong");
        assertError(lena.post("/v1/me/password", Map.of("currentPassword", "lena-password-1", "newPassword", "short")), 400,
            "at least 12 characters");
        lena.expect(204, lena.post("/v1/me/password", Map.of("currentPassword", "lena-password-1",
            "newPassword", "lena-password-2")));
        assertEquals(401, login("lena", "lena-password-1").statusCode());
        assertEquals(200, login("lena", "lena-password-2").statusCode());
        // an administrator's reset ends the user's sessions and tokens
        admin.expect(204, admin.post("/v1/users/lena/password", Map.of("password", "lena-password-3")));
        assertEquals(401, lena.get("/v1/me").statusCode());
        assertEquals(200, login("lena", "lena-password-3").statusCode());
        assertFalse(paddock.log().contains("lena-password-"), "passwords must never be logged");
    }

    @Test
    void settingsAreValidatedAndVersioned() throws Exception {
        JsonNode banner = admin.expect(200, admin.get("/v1/settings/ui-banner"));
        assertEquals(0, banner.get("resourceVersion").asLong());
        JsonNode set = admin.expect(200, admin.put("/v1/settings/ui-banner", Map.of("value", "Staging", "resourceVersion", 0)));
        assertEquals("Staging", set.get("value").asText());
        assertError(admin.put("/v1/settings/ui-banner", Map.of("value", "Other", "resourceVersion", 0)), 409, "already exists");
        assertError(admin.put("/v1/settings/server-url", Map.of("value", "http://plain.example.org", "resourceVersion", 0)), 400,
            "must be an https URL");
        assertError(admin.put("/v1/settings/kubeconfig-token-ttl-days", Map.of("value", "1000", "resourceVersion", 0)), 400,
            "1 to 365");
        assertError(admin.put("/v1/settings/no-such", Map.of("value", "x", "resourceVersion", 0)), 400, "unknown setting");
        admin.expect(201, admin.post("/v1/users", Map.of("username", "ivy", "password", "ivy-password-12")));
        ApiClient ivy = ApiClient.login(paddock, "ivy", "ivy-password-12");
        assertEquals("Staging", ivy.expect(200, ivy.get("/v1/settings/ui-banner")).get("value").asText());
        assertError(ivy.put("/v1/settings/ui-banner", Map.of("value", "mine", "resourceVersion", set.get("resourceVersion"))),
            403, "may not update settings");
        assertEquals("", admin.expect(200, admin.delete("/v1/settings/ui-banner")).get("value").asText());
    }

    @Test
    void cloudCredentialsKeepTheirSecretsAndTheirOwners() throws Exception {
        admin.expect(201, admin.post("/v1/users", Map.of("username", "jack", "password", "jack-password-1")));
        admin.expect(201, admin.post("/v1/users", Map.of("username", "kate", "password", "kate-password-1")));
        ApiClient jack = ApiClient.login(paddock, "jack", "jack-password-1");
        ApiClient kate = ApiClient.login(paddock, "kate", "kate-password-1");
        HttpResponse<String> created = jack.post("/v1/cloudcredentials", Map.of("name", "jack-aws", "type", "aws",
            "fields", Map.of("region", "eu-west-1"), "secrets", Map.of("accessKey", "AKIAEXAMPLE", "secretKey", "s3cr3t-value-1")));
        JsonNode credential = jack.expect(201, created);
        assertEquals("[\"accessKey\",\"secretKey\"]", credential.get("secretKeys").toString());
        assertFalse(created.body().contains("s3cr3t-value-1"));
        assertFalse(jack.get("/v1/cloudcredentials/jack-aws").body().contains("s3cr3t-value-1"));
        assertError(kate.get("/v1/cloudcredentials/jack-aws"), 404, "not found");
        assertTrue(names(kate.expect(200, kate.get("/v1/cloudcredentials"))).isEmpty());
        assertEquals(List.of("jack-aws"), names(admin.expect(200, admin.get("/v1/cloudcredentials"))));
        assertError(kate.delete("/v1/cloudcredentials/jack-aws"), 404, "not found");
        assertError(jack.post("/v1/cloudcredentials", Map.of("name", "jack-aws", "type", "aws", "secrets", Map.of("k", "v"))), 409,
            "already exists");
        assertError(jack.post("/v1/cloudcredentials", Map.of("name", "empty", "type", "aws")), 400, "at least one secret");
        assertError(jack.post("/v1/cloudcredentials", Map.of("name", "x", "type", "AWS!", "secrets", Map.of("k", "v"))), 400,
            "type must be");
        jack.expect(204, jack.delete("/v1/cloudcredentials/jack-aws"));
        assertFalse(paddock.log().contains("s3cr3t-value-1"));
        assertFalse(admin.get("/v1/audit?limit=100").body().contains("s3cr3t-value-1"));
    }

    @Test
    void openApiDocumentDescribesEveryOperation() throws Exception {
        HttpResponse<String> answer = paddock.get("/v1/openapi.json");
        assertEquals(200, answer.statusCode());
        JsonNode paths = ApiClient.JSON.readTree(answer.body()).get("paths");
        for (String path : List.of("/v1/clusters", "/v1/clusters/{cluster}/projects/{project}/namespaces/{namespace}",
            "/v1/bindings", "/v1/tokens/{id}", "/v1/watch", "/v1/login")) {
            assertTrue(paths.has(path), "missing " + path);
        }
        assertTrue(paths.get("/v1/clusters").get("get").toString().contains("\"continue\""), "list parameters documented");
        assertEquals("[]", paths.get("/v1/login").get("post").get("security").toString());
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.get("items").forEach(item -> names.add(item.get("name").asText()));
        return names;
    }
}
