package io.paddock.it;

import static io.paddock.it.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.paddock.localcluster.LocalCluster;
import io.paddock.testbed.KubeCluster;
import io.paddock.testbed.TestBedExtension;

/**
 * The security checklist (H: impersonation headers, P: paths and tenants, R: roles and
 * revocation, W: sessions and logins, D: oversize and deep bodies), one test per item, against the
 * running product with real clusters. The ids are those of the shared security reference.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(TestBedExtension.class)
class SecurityChecklistIT {

    private static final String PASSWORD = "checklist-admin-password";
    private static final Duration SYNC = Duration.ofSeconds(20);
    /** The revocation bound Paddock is held to (also in AccessIT): a removed grant stops working downstream within it. */
    private static final Duration REVOCATION_BOUND = Duration.ofSeconds(2);
    private static final String SELF_REVIEW = "/k8s/clusters/alpha/apis/authentication.k8s.io/v1/selfsubjectreviews";
    private static final String SELF_REVIEW_BODY = "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}";

    private static PaddockProcess paddock;
    private static ApiClient admin;
    private static ApiClient alice;
    private static ApiClient bob;
    private static ApiClient carol;
    private static ApiClient paula;
    private static LocalCluster alpha;
    private static LocalCluster beta;

    /** alice: member of projects sec and sec2 in alpha; paula: owner of sec; carol: member of alpha; bob: owner of beta. */
    @BeforeAll
    static void start(LocalCluster first, @KubeCluster(nodes = 1) LocalCluster second) throws Exception {
        alpha = first;
        beta = second;
        paddock = PaddockProcess.startHealthy("checklist", PASSWORD);
        admin = ApiClient.login(paddock, "admin", PASSWORD);
        admin.expect(201, admin.post("/v1/clusters", Map.of("name", "alpha", "kubeconfig", alpha.kubeconfig())));
        admin.expect(201, admin.post("/v1/clusters", Map.of("name", "beta", "kubeconfig", beta.kubeconfig())));
        for (String user : List.of("alice", "bob", "carol", "paula", "erin")) {
            admin.expect(201, admin.post("/v1/users", Map.of("username", user, "password", user + "-password-1")));
        }
        admin.expect(201, admin.post("/v1/clusters/alpha/projects", Map.of("name", "sec")));
        admin.expect(201, admin.post("/v1/clusters/alpha/projects", Map.of("name", "sec2")));
        admin.expect(200, admin.put("/v1/clusters/alpha/projects/sec/namespaces/sec-web", null));
        admin.expect(200, admin.put("/v1/clusters/alpha/projects/sec2/namespaces/sec-cafe", null));
        bind(Map.of("cluster", "alpha", "project", "sec", "role", "project-member", "user", "alice"));
        bind(Map.of("cluster", "alpha", "project", "sec2", "role", "project-member", "user", "alice"));
        bind(Map.of("cluster", "alpha", "project", "sec", "role", "project-owner", "user", "paula"));
        bind(Map.of("cluster", "alpha", "role", "cluster-member", "user", "carol"));
        bind(Map.of("cluster", "beta", "role", "cluster-owner", "user", "bob"));
        alice = ApiClient.login(paddock, "alice", "alice-password-1");
        bob = ApiClient.login(paddock, "bob", "bob-password-1");
        carol = ApiClient.login(paddock, "carol", "carol-password-1");
        paula = ApiClient.login(paddock, "paula", "paula-password-1");
        eventually(SYNC, () -> alice.get("/k8s/clusters/alpha/api/v1/namespaces/sec-web/pods").statusCode(), s -> s == 200);
        eventually(SYNC, () -> alice.get("/k8s/clusters/alpha/api/v1/namespaces/sec-cafe/pods").statusCode(), s -> s == 200);
    }

    /** Leaves the shared test-bed clusters as found: Paddock removes its RBAC when a cluster is removed. */
    @AfterAll
    static void stop() throws Exception {
        if (paddock == null) {
            return;
        }
        try {
            for (LocalCluster cluster : List.of(alpha, beta)) {
                String name = cluster == alpha ? "alpha" : "beta";
                admin.delete("/v1/clusters/" + name);
                eventually(SYNC, () -> Kubectl.admin(cluster, "get", "clusterroles,clusterrolebindings,rolebindings", "-A", "-l",
                    "paddock.io/managed=rbac", "-o", "name"), String::isEmpty);
            }
            Kubectl.admin(alpha, "delete", "namespace", "sec-web", "sec-cafe", "--wait=false");
        } finally {
            paddock.close();
        }
    }

    // ---- H: impersonation headers

    @Test
    @Order(1)
    @DisplayName("H1: client-sent Impersonate-* headers are refused; requests run as the caller")
    void clientImpersonationHeadersAreRefused() throws Exception {
        for (Map<String, String> smuggled : List.of(Map.of("Impersonate-User", "admin"), Map.of("Impersonate-Group", "system:masters"),
            Map.of("Impersonate-Uid", "0"), Map.of("Impersonate-Extra-Scopes", "all"), Map.of("impersonate-user", "system:admin"))) {
            HttpRequest.Builder request = HttpRequest.newBuilder(paddock.uri("/k8s/clusters/alpha/api/v1/nodes"))
                .header("Authorization", "Bearer " + alice.token());
            smuggled.forEach(request::header);
            HttpResponse<String> refused = paddock.send(request.GET());
            assertEquals(400, refused.statusCode(), smuggled + " -> " + refused.body());
            assertTrue(refused.body().contains("does not pass on Impersonate-* headers"), refused.body());
        }
        JsonNode user = selfReview(alice.post(SELF_REVIEW, SELF_REVIEW_BODY));
        assertEquals("paddock:user:alice", user.get("username").asText());
        assertTrue(user.get("groups").toString().contains("system:authenticated"), user.toString());
        assertFalse(user.get("groups").toString().contains("system:masters"), user.toString());
    }

    @Test
    @Order(2)
    @DisplayName("H2: headers named in Connection (Impersonate-*, Authorization, any case) never strip the proxy's own")
    void connectionListedHeadersDoNotRemoveTheProxysImpersonation() throws Exception {
        RawResponse listed = raw("POST " + SELF_REVIEW + " HTTP/1.1", List.of("Authorization: Bearer " + alice.token(),
            "Connection: close, Impersonate-User, impersonate-group, AUTHORIZATION", "Content-Type: application/json"),
            SELF_REVIEW_BODY);
        assertEquals(201, listed.status(), listed.text());
        assertEquals("paddock:user:alice", selfReview(listed.body()).get("username").asText(),
            "the cluster must see the impersonated user, never the impersonator itself");
        RawResponse both = raw("GET /k8s/clusters/alpha/api/v1/nodes HTTP/1.1", List.of("Authorization: Bearer " + alice.token(),
            "Connection: close, Impersonate-User", "Impersonate-User: system:admin"), null);
        assertEquals(400, both.status(), both.text());
    }

    @Test
    @Order(3)
    @DisplayName("H3: names with CR, LF or NUL are refused; commas and non-ASCII reach the cluster unchanged")
    void controlCharactersNeverBecomeHeaderLines() throws Exception {
        int before = admin.expect(200, admin.get("/v1/bindings?cluster=alpha&project=sec")).get("items").size();
        for (String group : List.of("ldap:ops\r\nImpersonate-User: system:admin", "ldap:ops\nX: y", "ldap:ops\u0000")) {
            HttpResponse<String> refused = admin.post("/v1/bindings", Map.of("cluster", "alpha", "project", "sec",
                "role", "read-only", "group", group));
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("control characters"), refused.body());
        }
        assertEquals(before, admin.expect(200, admin.get("/v1/bindings?cluster=alpha&project=sec")).get("items").size(),
            "nothing half-written");
        // a bare LF inside a header value starts a new header line for the server: it is one more Impersonate-* header
        RawResponse split = raw("GET /k8s/clusters/alpha/api/v1/namespaces/sec-web/pods HTTP/1.1", List.of(
            "Authorization: Bearer " + alice.token(), "Connection: close", "X-Note: a\nImpersonate-User: system:admin"), null);
        assertTrue(split.status() == 400, split.text());

        String group = "github:Développeurs,Ops-東京";
        JsonNode binding = admin.expect(201, admin.post("/v1/bindings", Map.of("cluster", "alpha", "project", "sec",
            "role", "read-only", "group", group)));
        String subjects = eventually(SYNC, () -> Kubectl.admin(alpha, "get", "rolebinding", "paddock-prtb-read-only", "-n", "sec-web",
            "-o", "jsonpath={.subjects[*].name}"), s -> s.contains("Ops"));
        assertEquals("paddock:group:" + group, subjects, "one subject, named exactly");
        admin.expect(204, admin.delete("/v1/bindings/" + binding.get("name").asText()));
    }

    @Test
    @Order(4)
    @DisplayName("H4: Impersonate-Group without Impersonate-User, or Impersonate-User twice, is refused")
    void partialOrRepeatedImpersonationIsRefused() throws Exception {
        for (List<String> headers : List.of(List.of("Impersonate-Group: system:masters"),
            List.of("Impersonate-User: alice", "Impersonate-User: system:admin"))) {
            List<String> all = new ArrayList<>(List.of("Authorization: Bearer " + alice.token(), "Connection: close"));
            all.addAll(headers);
            RawResponse refused = raw("GET /k8s/clusters/alpha/api/v1/namespaces/sec-web/pods HTTP/1.1", all, null);
            assertEquals(400, refused.status(), headers + " -> " + refused.text());
        }
    }

    // ---- P: paths and tenants

    @Test
    @Order(5)
    @DisplayName("P1: dot segments, encoded slashes and doubled slashes are refused; other paths reach the cluster as sent")
    void pathTricksAreRefusedOrServedExactly() throws Exception {
        for (String path : List.of("/k8s/clusters/alpha/api/v1/namespaces/sec-web/pods/../../../nodes",
            "/k8s/clusters/alpha/api/v1/namespaces/sec-web/pods/%2e%2e/%2e%2e/%2e%2e/nodes",
            "/k8s/clusters/alpha/api/v1/namespaces/sec-web%2F..%2F..%2Fnodes",
            "/k8s/clusters/alpha//api/v1/nodes",
            "/k8s/clusters/alpha/./api/v1/nodes")) {
            RawResponse refused = raw("GET " + path + " HTTP/1.1", List.of("Authorization: Bearer " + alice.token(),
                "Connection: close"), null);
            assertEquals(400, refused.status(), path + " -> " + refused.text());
            assertFalse(refused.text().contains("NodeList"), path);
        }
        // a cluster-scoped resource under a namespace, or in the wrong API group, is what the cluster makes of it: it
        // authorizes the path as sent (no right to 'nodes' in sec-web) and has no such resource anyway
        for (String path : List.of("/k8s/clusters/alpha/api/v1/namespaces/sec-web/nodes",
            "/k8s/clusters/alpha/apis/rbac.authorization.k8s.io/v1/namespaces/sec-web/pods")) {
            HttpResponse<String> answer = alice.get(path);
            assertTrue(answer.statusCode() == 403 || answer.statusCode() == 404, path + " -> " + answer.body());
            assertFalse(answer.body().contains("NodeList") || answer.body().contains("PodList"), answer.body());
        }
        HttpResponse<String> encoded = alice.get("/k8s/clusters/alpha/api/v1/namespaces/sec-web/pods/no%20such%20pod");
        assertEquals(404, encoded.statusCode(), encoded.body());
        assertTrue(encoded.body().contains("\"reason\":\"NotFound\""), "the cluster's answer: " + encoded.body());
        assertTrue(alice.get("/k8s/clusters/alpha/api/v1/namespaces/sec-web/pods/").statusCode() < 500);
        assertEquals(403, alice.get("/k8s/clusters/alpha/api/v1/namespaces/kube-system/secrets").statusCode());
    }

    @Test
    @Order(6)
    @DisplayName("P2: another tenant's cluster, or a made-up id like 'local', is forbidden alike")
    void otherTenantsClustersAreForbidden() throws Exception {
        HttpResponse<String> other = alice.get("/k8s/clusters/beta/api/v1/namespaces");
        assertEquals(403, other.statusCode(), other.body());
        assertTrue(other.body().contains("no access to cluster 'beta'"), other.body());
        HttpResponse<String> local = alice.get("/k8s/clusters/local/api/v1/namespaces");
        assertEquals(403, local.statusCode(), "an unknown id must look like a forbidden one: " + local.body());
        assertEquals(403, bob.get("/k8s/clusters/alpha/api/v1/namespaces").statusCode());
        assertEquals(200, bob.get("/k8s/clusters/beta/api/v1/namespaces").statusCode());
        assertEquals(403, alice.get("/v1/clusters/beta").statusCode());
        assertEquals(404, admin.get("/k8s/clusters/local/api/v1/namespaces").statusCode());
    }

    // ---- R: roles, bindings, revocation

    @Test
    @Order(7)
    @DisplayName("R1: nobody grants a role holding rules they lack; templates need a context")
    void escalationIsRefused() throws Exception {
        int before = allBindings();
        expectRefused(carol.post("/v1/bindings", Map.of("cluster", "alpha", "role", "cluster-owner", "user", "carol")), 403);
        expectRefused(alice.post("/v1/bindings", Map.of("cluster", "alpha", "project", "sec", "role", "project-owner",
            "user", "alice")), 403);
        expectRefused(paula.post("/v1/bindings", Map.of("cluster", "alpha", "role", "cluster-member", "user", "paula")), 403);
        expectRefused(admin.post("/v1/roletemplates", Map.of("name", "no-context", "rules", List.of(Map.of("apiGroups",
            List.of(""), "resources", List.of("pods"), "verbs", List.of("get"))))), 400);
        assertEquals(before, allBindings(), "nothing half-written");
    }

    @Test
    @Order(8)
    @DisplayName("R2: a project owner grants in their project only, never cluster roles or other projects or clusters")
    void projectOwnersStayInTheirProject() throws Exception {
        JsonNode granted = paula.expect(201, paula.post("/v1/bindings", Map.of("cluster", "alpha", "project", "sec",
            "role", "read-only", "user", "bob")));
        expectRefused(paula.post("/v1/bindings", Map.of("cluster", "alpha", "project", "sec2", "role", "read-only",
            "user", "bob")), 403);
        expectRefused(paula.post("/v1/bindings", Map.of("cluster", "alpha", "role", "cluster-owner", "user", "bob")), 403);
        expectRefused(paula.post("/v1/bindings", Map.of("cluster", "beta", "role", "nodes-view", "user", "paula")), 403);
        paula.expect(204, paula.delete("/v1/bindings/" + granted.get("name").asText()));
    }

    @Test
    @Order(9)
    @DisplayName("R3: 'create namespaces' in another API group gives nothing on core namespaces")
    void namespacesInACustomGroupAreNotCoreNamespaces() throws Exception {
        admin.expect(201, admin.post("/v1/roletemplates", Map.of("name", "example-namespaces", "context", "CLUSTER",
            "rules", List.of(Map.of("apiGroups", List.of("example.com"), "resources", List.of("namespaces"),
                "verbs", List.of("create", "get", "list"))))));
        bind(Map.of("cluster", "alpha", "role", "example-namespaces", "user", "erin"));
        ApiClient erin = ApiClient.login(paddock, "erin", "erin-password-1");
        eventually(SYNC, () -> Kubectl.admin(alpha, "get", "clusterrolebinding", "paddock-crtb-example-namespaces", "-o",
            "jsonpath={.subjects[*].name}"), s -> s.contains("paddock:user:erin"));
        HttpResponse<String> review = erin.post("/k8s/clusters/alpha/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            Map.of("apiVersion", "authorization.k8s.io/v1", "kind", "SelfSubjectAccessReview", "spec",
                Map.of("resourceAttributes", Map.of("group", "", "resource", "namespaces", "verb", "create"))));
        assertEquals(201, review.statusCode(), review.body());
        assertFalse(ApiClient.JSON.readTree(review.body()).get("status").get("allowed").asBoolean(), review.body());
        assertEquals(403, erin.post("/k8s/clusters/alpha/api/v1/namespaces", Map.of("apiVersion", "v1", "kind", "Namespace",
            "metadata", Map.of("name", "erin-made"))).statusCode());
        assertEquals(403, erin.put("/v1/clusters/alpha/projects/sec/namespaces/erin-made", null).statusCode());
    }

    @Test
    @Order(10)
    @DisplayName("R4: dropping a user from 1 of 2 projects revokes there within the bound, and stays revoked after a restart")
    void revocationIsPromptAndSurvivesRestart() throws Exception {
        String sec2 = bindingName("sec2", "project-member", "alice");
        admin.expect(204, admin.delete("/v1/bindings/" + sec2));
        long started = System.nanoTime();
        eventually(REVOCATION_BOUND, () -> alice.get("/k8s/clusters/alpha/api/v1/namespaces/sec-cafe/pods").statusCode(),
            s -> s == 403);
        System.out.printf("R4: access to sec-cafe gone %d ms after the unbind%n", (System.nanoTime() - started) / 1_000_000);
        assertEquals(200, alice.get("/k8s/clusters/alpha/api/v1/namespaces/sec-web/pods").statusCode(), "sec is kept");

        paddock.stop();
        // while Paddock is down, someone puts alice back downstream by hand
        Kubectl.admin(alpha, "create", "rolebinding", "stale-alice", "--clusterrole=paddock-rt-project-member",
            "--user=paddock:user:alice", "-n", "sec-cafe");
        Kubectl.admin(alpha, "label", "rolebinding", "stale-alice", "-n", "sec-cafe", "paddock.io/managed=rbac");
        paddock.start();
        paddock.awaitHealthy();
        eventually(SYNC, () -> Kubectl.admin(alpha, "get", "rolebindings", "-n", "sec-cafe", "-o", "jsonpath={.items[*].subjects[*].name}"),
            s -> !s.contains("paddock:user:alice"));
        assertEquals(403, alice.get("/k8s/clusters/alpha/api/v1/namespaces/sec-cafe/pods").statusCode());
        assertEquals(200, alice.get("/k8s/clusters/alpha/api/v1/namespaces/sec-web/pods").statusCode());
    }

    // ---- W: sessions and logins

    @Test
    @Order(11)
    @DisplayName("W1: a planted session cookie is never adopted; each login gets a new session id")
    void plantedSessionCookiesAreUseless() throws Exception {
        String planted = "paddock_session=planted-by-someone-else";
        HttpResponse<String> login = paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/login")).header("Cookie", planted)
            .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-password-1\"}")));
        assertEquals(200, login.statusCode(), login.body());
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("Secure") && setCookie.contains("SameSite=Lax"), setCookie);
        assertNotEquals(planted, setCookie.split(";")[0]);
        assertEquals(401, paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/me")).header("Cookie", planted).GET()).statusCode());
        assertNotEquals(setCookie.split(";")[0], cookieSession("alice", "alice-password-1")[0], "a second login, a new id");
    }

    @Test
    @Order(12)
    @DisplayName("W2: cross-site changes with the victim's cookie are refused: CSRF token required, WebSockets check Origin")
    void crossSiteRequestsAreRefused() throws Exception {
        String[] session = cookieSession("alice", "alice-password-1");
        String cookie = session[0];
        HttpRequest.Builder create = HttpRequest.newBuilder(paddock.uri("/v1/tokens")).header("Cookie", cookie)
            .POST(HttpRequest.BodyPublishers.ofString("{\"description\":\"x\"}"));
        assertError(paddock.send(create), 403, "X-Paddock-CSRF");
        assertError(paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/tokens")).header("Cookie", cookie)
            .header("X-Paddock-CSRF", "0".repeat(64)).POST(HttpRequest.BodyPublishers.ofString("{}"))), 403, "X-Paddock-CSRF");
        assertEquals(201, paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/tokens")).header("Cookie", cookie)
            .header("X-Paddock-CSRF", session[1]).POST(HttpRequest.BodyPublishers.ofString("{\"description\":\"x\"}"))).statusCode());
        RawResponse socket = raw("GET /k8s/clusters/alpha/api/v1/namespaces/sec-web/pods/web/exec?command=id&stdout=true HTTP/1.1",
            List.of("Cookie: " + cookie, "Origin: https://evil.example", "Connection: Upgrade", "Upgrade: websocket",
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Protocol: v5.channel.k8s.io"), null);
        assertEquals(403, socket.status(), socket.text());
        assertTrue(socket.text().contains("another origin"), socket.text());
    }

    @Test
    @Order(13)
    @DisplayName("W4: after logout or revocation the old cookie, token and WebSocket are refused")
    void credentialsAreDeadAfterLogoutOrRevocation() throws Exception {
        String[] session = cookieSession("alice", "alice-password-1");
        assertEquals(204, paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/logout")).header("Cookie", session[0])
            .header("X-Paddock-CSRF", session[1]).POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertEquals(401, paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/me")).header("Cookie", session[0]).GET()).statusCode());
        assertEquals(401, paddock.send(HttpRequest.newBuilder(paddock.uri("/k8s/clusters/alpha/api/v1/namespaces/sec-web/pods"))
            .header("Cookie", session[0]).GET()).statusCode());

        JsonNode issued = alice.expect(201, alice.post("/v1/tokens", Map.of("description", "to be revoked")));
        String token = issued.get("value").asText();
        HttpRequest.Builder pods = HttpRequest.newBuilder(paddock.uri("/k8s/clusters/alpha/api/v1/namespaces/sec-web/pods"))
            .header("Authorization", "Bearer " + token);
        assertEquals(200, paddock.send(pods.GET()).statusCode());
        alice.expect(204, alice.delete("/v1/tokens/" + issued.get("token").get("id").asText()));
        assertEquals(401, paddock.send(pods.GET()).statusCode());
        RawResponse socket = raw("GET /k8s/clusters/alpha/api/v1/namespaces/sec-web/pods/web/exec?command=id&stdout=true HTTP/1.1",
            List.of("Authorization: Bearer " + token, "Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol: v5.channel.k8s.io"), null);
        assertEquals(401, socket.status(), socket.text());
    }

    // ---- D: bodies

    @Test
    @Order(14)
    @DisplayName("D1: a 100 MB body to the public login is refused at 1 MiB, declared or streamed")
    void oversizeBodiesAreRefusedEarly() throws Exception {
        RawResponse declared = raw("POST /v1/login HTTP/1.1", List.of("Content-Type: application/json",
            "Content-Length: " + 100L * 1024 * 1024, "Connection: close"), "{\"username\":\"");
        assertEquals(413, declared.status(), declared.text());
        assertTrue(declared.text().contains("limited to 1024 KiB"), declared.text());

        long[] sent = new long[1];
        RawResponse streamed = rawStreaming("POST /v1/login HTTP/1.1", List.of("Content-Type: application/json",
            "Transfer-Encoding: chunked"), 100L * 1024 * 1024, sent);
        assertEquals(413, streamed.status(), streamed.text());
        System.out.printf("D1: the 413 came after %d KiB of a 100 MiB upload%n", sent[0] / 1024);
        assertTrue(sent[0] < 100L * 1024 * 1024, "refused long before 100 MB were sent: " + sent[0]);
        RawResponse unauthenticated = raw("POST /k8s/clusters/alpha/api/v1/namespaces HTTP/1.1", List.of(
            "Content-Type: application/json", "Content-Length: " + 100L * 1024 * 1024, "Connection: close"), "{");
        assertEquals(401, unauthenticated.status(), unauthenticated.text());
        assertEquals(200, paddock.get("/v1/health").statusCode());
    }

    @Test
    @Order(15)
    @DisplayName("D2: JSON nested 100,000 deep is a 400, and the server carries on")
    void deeplyNestedJsonIsRefused() throws Exception {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        for (String body : List.of(deep, "{\"username\":" + deep + ",\"password\":\"x\"}")) {
            HttpResponse<String> refused = paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/login"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertEquals(400, refused.statusCode(), refused.body().length() > 300 ? refused.body().substring(0, 300) : refused.body());
            assertFalse(refused.body().contains("at com.fasterxml"), "no stack trace");
        }
        assertEquals(400, admin.post("/v1/clusters/alpha/projects", "{\"name\":" + deep + "}").statusCode());
        assertEquals(200, paddock.get("/v1/health").statusCode());
    }

    /** Last: it locks the test's own address out of password logins for a while. */
    @Test
    @Order(99)
    @DisplayName("W3: guessing is throttled per account and per address, logged, and timing does not reveal accounts")
    void guessingIsThrottledWithoutATimingOracle() throws Exception {
        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        List<String> accounts = List.of("alice", "bob", "carol", "paula", "erin");
        for (int i = 0; i < accounts.size(); i++) {
            known.add(timedFailedLogin(accounts.get(i)));
            unknown.add(timedFailedLogin("nobody-" + i));
        }
        long knownMedian = median(known);
        long unknownMedian = median(unknown);
        System.out.printf("W3: failed login median %d ms for existing accounts, %d ms for unknown ones%n", knownMedian, unknownMedian);
        assertTrue(unknownMedian * 2 >= knownMedian, "an unknown account must cost as much as a wrong password: "
            + unknown + " vs " + known);

        int evaluated = 0;
        int throttled = 0;
        for (int attempt = 0; attempt < 1000; attempt++) {
            int status = login("guess-" + attempt % 50, "wrong-guess-" + attempt).statusCode();
            if (status == 401) {
                evaluated++;
            } else if (status == 429) {
                throttled++;
            }
        }
        System.out.printf("W3: 1000 guesses over 50 accounts from one address: %d checked, %d throttled%n", evaluated, throttled);
        assertTrue(evaluated <= 50, "at most 50 failures per address are checked: " + evaluated);
        assertEquals(1000 - evaluated, throttled);
        HttpResponse<String> locked = login("admin", PASSWORD);
        assertEquals(429, locked.statusCode(), "the address is locked out, even with a right password");
        assertTrue(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow()) > 0);
        String log = paddock.log();
        assertTrue(log.contains("Failed login for 'guess-1'"), "failures are logged");
        assertFalse(log.contains("wrong-guess"), "passwords are never logged");
    }

    // ---- helpers

    private static void bind(Map<String, String> binding) throws Exception {
        admin.expect(201, admin.post("/v1/bindings", binding));
    }

    private static int allBindings() throws Exception {
        return admin.expect(200, admin.get("/v1/bindings?cluster=alpha")).get("items").size()
            + admin.expect(200, admin.get("/v1/bindings?cluster=alpha&project=sec")).get("items").size();
    }

    private static String bindingName(String project, String role, String user) throws Exception {
        for (JsonNode binding : admin.expect(200, admin.get("/v1/bindings?cluster=alpha&project=" + project)).get("items")) {
            if (binding.get("role").asText().equals(role) && binding.get("subject").get("name").asText().equals(user)) {
                return binding.get("name").asText();
            }
        }
        throw new AssertionError("no binding of " + role + " to " + user + " in " + project);
    }

    private static void expectRefused(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains(message), response.body());
    }

    private static JsonNode selfReview(HttpResponse<String> response) throws IOException {
        assertEquals(201, response.statusCode(), response.body());
        return selfReview(response.body());
    }

    private static JsonNode selfReview(String body) throws IOException {
        return ApiClient.JSON.readTree(body).get("status").get("userInfo");
    }

    private static HttpResponse<String> login(String user, String password) throws Exception {
        return paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/login"))
            .POST(HttpRequest.BodyPublishers.ofString(ApiClient.json(Map.of("username", user, "password", password)))));
    }

    /** Logs in with a password; the session cookie ({@code name=value}) and its CSRF token. */
    private static String[] cookieSession(String user, String password) throws Exception {
        HttpResponse<String> login = login(user, password);
        assertEquals(200, login.statusCode(), login.body());
        return new String[] {login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0],
            ApiClient.JSON.readTree(login.body()).get("csrfToken").asText()};
    }

    private static long timedFailedLogin(String user) throws Exception {
        long start = System.nanoTime();
        assertEquals(401, login(user, "not-the-password").statusCode());
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    record RawResponse(int status, String text) {
        /** The body, de-chunked when it came in chunks. */
        String body() {
            int end = text.indexOf("\r\n\r\n");
            String head = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
            String rest = text.substring(end + 4);
            if (!head.contains("transfer-encoding: chunked")) {
                return rest;
            }
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = rest.indexOf("\r\n", at);
                int size = Integer.parseInt(rest.substring(at, lineEnd).trim(), 16);
                if (size == 0) {
                    return body.toString();
                }
                body.append(rest, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
        }
    }

    /**
     * One request written byte for byte, as no HTTP client library would send it (Connection lists,
     * repeated or broken headers, unnormalized paths), and the whole answer read until the server
     * closes the connection.
     */
    private static RawResponse raw(String requestLine, List<String> headers, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", paddock.httpPort)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head(requestLine, headers, body == null ? -1 : body.getBytes(StandardCharsets.UTF_8).length));
            if (body != null) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /**
     * Streams a chunked body of up to {@code total} bytes from another thread and returns the
     * answer's head as soon as it arrives; {@code sent[0]}: bytes written by then.
     */
    private static RawResponse rawStreaming(String requestLine, List<String> headers, long total, long[] sent) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", paddock.httpPort)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head(requestLine, headers, -2));
            java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'a');
                byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    while (written.get() < total) {
                        out.write(size);
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException closed) {
                    // the server answered and closed, or the test closed the socket
                }
            }, "oversize-upload");
            writer.start();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while (!answer.toString(StandardCharsets.UTF_8).contains("\r\n\r\n") && (read = in.read(buffer)) >= 0) {
                answer.write(buffer, 0, read);
            }
            sent[0] = written.get();
            socket.close();
            writer.join(10_000);
            String text = answer.toString(StandardCharsets.UTF_8);
            return new RawResponse(Integer.parseInt(text.substring(9, 12)), text);
        }
    }

    /** @param contentLength -1: no body, -2: chunked (the header is among {@code headers}) */
    private static byte[] head(String requestLine, List<String> headers, int contentLength) {
        StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1:").append(paddock.httpPort).append("\r\n");
        headers.forEach(header -> head.append(header).append("\r\n"));
        if (contentLength >= 0 && headers.stream().noneMatch(h -> h.regionMatches(true, 0, "Content-Length:", 0, 15))) {
            head.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static RawResponse read(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            in.transferTo(answer);
        } catch (IOException reset) {
            // a server that closes while the client still sends may reset the connection after its answer
        }
        String text = answer.toString(StandardCharsets.UTF_8);
        if (!text.startsWith("HTTP/1.1 ")) {
            throw new IOException("no HTTP answer: '" + text + "'");
        }
        return new RawResponse(Integer.parseInt(text.substring(9, 12)), text);
    }
}
