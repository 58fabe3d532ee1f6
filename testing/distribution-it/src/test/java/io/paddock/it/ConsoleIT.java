package io.paddock.it;

import static io.paddock.it.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.paddock.localcluster.KubeBinaries;
import io.paddock.localcluster.LocalCluster;
import io.paddock.testbed.KubeCluster;
import io.paddock.testbed.TestBedExtension;
import io.paddock.testbed.github.FakeGitHub;

/**
 * The web console end to end, in a real headless Chromium against the running distribution and real
 * test-bed clusters, as a person uses it: logging in (password and redirect providers that come and go
 * with their bundles), importing a cluster whose description tries stored XSS, its nodes, a project
 * with a namespace, scaling a deployment and watching its pods follow, YAML edited through the proxy,
 * granting a user a project role and logging in as them, and paging through 10,000 pods. Each main page
 * is saved as a screenshot under {@code target/screenshots}; load and paging times are printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(TestBedExtension.class)
class ConsoleIT {

    private static final String PASSWORD = "console-admin-password";
    private static final String DEV_PASSWORD = "console-dev-password";
    private static final String XSS = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script> & \"quotes\"";
    private static final String DISPLAY_NAME = "Alpha <b>prod</b>";
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final int PODS = 10_000;
    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(60);

    private static PaddockProcess paddock;
    private static ApiClient admin;
    private static FakeGitHub github;
    private static Browser browser;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        github = new FakeGitHub();
        github.add(new FakeGitHub.User(7001, "octo", "Octo Cat", List.of("acme"), List.of()));
        paddock = PaddockProcess.unpack("console");
        Files.writeString(paddock.etc("io.paddock.auth.github-gh.cfg"), String.join("\n",
            "provider = gh",
            "client.id = " + FakeGitHub.CLIENT_ID,
            "client.secret = " + FakeGitHub.CLIENT_SECRET,
            "url = " + github.webUrl(),
            "api.url = " + github.apiUrl(),
            "organizations = acme",
            ""));
        paddock.env("PADDOCK_BOOTSTRAP_PASSWORD", PASSWORD).start();
        paddock.awaitHealthy();
        admin = ApiClient.login(paddock, "admin", PASSWORD);
        browser = new Browser(SCREENSHOTS);
        base = "https://127.0.0.1:" + paddock.httpsPort;
    }

    /** A test that failed while logged in must not leave its session to the next one. */
    @AfterEach
    void endSession() {
        if (browser != null && browser.present("[data-test=logout]")) {
            logout();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (paddock != null) {
            paddock.close();
            // a created cluster outlives Paddock by design: end it here should the test that made it have failed
            Path clusters = paddock.home().resolve("data").resolve("clusters");
            if (Files.isDirectory(clusters)) {
                try (var dirs = Files.list(clusters)) {
                    dirs.forEach(LocalCluster::destroyAt);
                }
            }
        }
        if (github != null) {
            github.close();
        }
    }

    private static void login(String user, String password) {
        browser.open(base + "/#/clusters");
        browser.type("#login-username", user);
        browser.type("#login-password", password);
        browser.click("[data-test=login]");
        browser.find("[data-test=me]");
    }

    private static void logout() {
        browser.click("[data-test=logout]");
        browser.find("[data-test=login-form]");
    }

    private static void go(String route) {
        browser.open(base + "/#" + route);
    }

    @Test
    @Order(1)
    void theConsoleIsServedAtTheRootWithAStrictPolicy() throws Exception {
        HttpResponse<String> page = paddock.get("/");
        assertEquals(200, page.statusCode());
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(policy.contains("default-src 'none'") && policy.contains("script-src 'self' 'sha256-"), policy);
        assertFalse(policy.contains("unsafe"), policy);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElseThrow());
        assertTrue(page.body().contains("<script type=\"module\" src=\"/console/app.js\">"), page.body());

        HttpResponse<String> module = paddock.get("/console/vendor/preact.module.js");
        assertEquals(200, module.statusCode());
        assertTrue(module.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
        String etag = module.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, paddock.send(HttpRequest.newBuilder(paddock.uri("/console/vendor/preact.module.js"))
            .header("If-None-Match", etag).GET()).statusCode());

        for (String missing : List.of("/nothing", "/console/app.jsx", "/console/%2e%2e/META-INF/MANIFEST.MF", "/console/../v2")) {
            assertEquals(404, paddock.get(missing).statusCode(), missing);
        }
        assertEquals(405, paddock.send(HttpRequest.newBuilder(paddock.uri("/")).POST(HttpRequest.BodyPublishers.noBody()))
            .statusCode());
        // the API keeps its own paths
        assertEquals(200, paddock.get("/v1/health").statusCode());

        // a reloaded console has the session cookie but not the CSRF token: /v1/me gives it to the cookie's holder only
        HttpResponse<String> login = paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/login"))
            .POST(HttpRequest.BodyPublishers.ofString(ApiClient.json(Map.of("username", "admin", "password", PASSWORD)))));
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = ApiClient.JSON.readTree(login.body()).get("csrfToken").asText();
        String me = paddock.send(HttpRequest.newBuilder(paddock.uri("/v1/me")).header("Cookie", cookie).GET()).body();
        assertEquals(csrf, ApiClient.JSON.readTree(me).get("csrfToken").asText());
        assertTrue(admin.expect(200, admin.get("/v1/me")).get("csrfToken").isNull(), "no CSRF token for a bearer token");
    }

    @Test
    @Order(2)
    void theLoginPageFollowsInstalledProvidersAndRedirectLoginsWork() throws Exception {
        long started = System.nanoTime();
        browser.open(base + "/");
        browser.find("[data-test=login-form]");
        long shownMillis = (System.nanoTime() - started) / 1_000_000;
        @SuppressWarnings("unchecked")
        Map<String, Object> timing = (Map<String, Object>) browser.script("""
            const n = performance.getEntriesByType('navigation')[0];
            const r = performance.getEntriesByType('resource');
            return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, requests: r.length + 1,
                    bytes: r.reduce((s, e) => s + e.transferSize, n.transferSize)};""");
        System.out.printf("[console] cold first load: login form shown %d ms after navigation started (WebDriver), "
            + "DOMContentLoaded %.0f ms, load %.0f ms, %s requests, %s bytes transferred%n", shownMillis,
            ((Number) timing.get("dcl")).doubleValue(), ((Number) timing.get("load")).doubleValue(), timing.get("requests"),
            timing.get("bytes"));
        assertFalse(browser.present("[data-test=login-gh]"));
        browser.screenshot("01-login");

        assertEquals(0, paddock.ssh("admin", PASSWORD, "feature:install paddock-auth-github").exitStatus());
        browser.find("[data-test=login-gh]"); // without reloading the page
        browser.screenshot("02-login-with-github");

        github.signIn("octo");
        browser.click("[data-test=login-gh]");
        browser.text("[data-test=me]", t -> t.contains("Octo Cat"), "the GitHub user logged in");
        // a session from a redirect login gets its CSRF token from /v1/me: the logout (a POST) must pass the CSRF check,
        // so that reopening the console finds the session ended
        logout();
        browser.open(base + "/");
        browser.find("[data-test=login-form]");

        assertEquals(0, paddock.ssh("admin", PASSWORD, "feature:uninstall paddock-auth-github").exitStatus());
        browser.until(d -> d.findElements(By.cssSelector("[data-test=login-gh]")).isEmpty() ? true : null,
            "the GitHub login gone with its bundle");
    }

    @Test
    @Order(3)
    void importingAClusterShowsItLiveAndItsDescriptionAsText(LocalCluster alpha) throws Exception {
        long started = System.nanoTime();
        login("admin", PASSWORD);
        browser.find("[data-test=no-clusters]");
        System.out.printf("[console] log in to cluster list shown: %d ms%n", (System.nanoTime() - started) / 1_000_000);
        browser.screenshot("03-clusters-empty");

        browser.click("[data-test=add-cluster]");
        browser.find("[data-test=add-cluster-form]");
        assertEquals("import", new Select(browser.find("[data-test=cluster-provider]")).getFirstSelectedOption()
            .getAttribute("value"));
        browser.type("#cluster-name", "alpha");
        browser.type("#field-kubeconfig", alpha.kubeconfig());
        browser.type("#field-displayName", DISPLAY_NAME);
        browser.type("#field-description", XSS);
        browser.screenshot("04-add-cluster");
        browser.click("[data-test=submit-cluster]");

        browser.find("[data-test=cluster-page]");
        assertTrue(browser.driver().getCurrentUrl().endsWith("#/clusters/alpha"), browser.driver().getCurrentUrl());
        // PENDING until Paddock reached it, then ACTIVE with its nodes: the page follows the change feed, no reload
        browser.text("[data-test=state]", "ACTIVE"::equals, "cluster alpha active");
        browser.text("[data-test=nodes]", "3/3 ready"::equals, "alpha's three nodes ready");
        assertEquals(alpha.kubernetesVersion(), browser.find("[data-test=version]").getText());

        assertEquals(XSS, browser.find("[data-test=cluster-description]").getText());
        assertEquals(DISPLAY_NAME, browser.find("h1").getText());
        assertFalse(browser.present("[data-test=cluster-description] img, [data-test=cluster-description] script, h1 b"));
        assertEquals(Boolean.TRUE, browser.script("return window.__xss === undefined"));
        browser.screenshot("05-cluster-overview");

        browser.click("[data-test=tab-nodes]");
        browser.until(d -> d.findElements(By.cssSelector("[data-test=node-row]")).size() == 3 ? true : null, "three node rows");
        List<String> nodes = browser.all("[data-test=node-row]").stream().map(e -> e.getAttribute("data-name")).sorted().toList();
        assertEquals(List.of(alpha.nodeName(0), alpha.nodeName(1), alpha.nodeName(2)).stream().sorted().toList(), nodes);
        browser.screenshot("06-nodes");

        browser.click("[data-test=nav-clusters]");
        WebElement row = browser.find("[data-test=cluster-row][data-name=alpha]");
        assertEquals("ACTIVE", row.findElement(By.cssSelector("[data-test=state]")).getText());
        assertEquals("3/3", row.findElement(By.cssSelector("[data-test=nodes]")).getText());
        assertEquals(XSS, row.findElement(By.cssSelector("[data-test=cluster-description]")).getText());
        assertEquals(Boolean.TRUE, browser.script("return window.__xss === undefined"));
        browser.screenshot("07-clusters");

        // a reload keeps the session (the CSRF token comes back from /v1/me); modules revalidate with their ETags
        long reloaded = System.nanoTime();
        browser.driver().navigate().refresh();
        browser.find("[data-test=cluster-row][data-name=alpha] [data-test=state]");
        System.out.printf("[console] warm reload to the cluster list rendered: %d ms%n", (System.nanoTime() - reloaded) / 1_000_000);

        // what the "Download kubeconfig" link fetches with the session
        String kubeconfig = (String) browser.script("return fetch('/v1/clusters/alpha/kubeconfig').then(r => r.text())");
        assertTrue(kubeconfig.contains("/k8s/clusters/alpha") && kubeconfig.contains("pdk_"), kubeconfig);
    }

    @Test
    @Order(4)
    void aProjectsDeploymentScalesAndItsPodsFollow(LocalCluster alpha) throws Exception {
        login("admin", PASSWORD);
        go("/clusters/alpha?tab=projects");
        browser.click("[data-test=create-project]");
        browser.type("#project-name", "shop");
        browser.type("#project-description", "The web shop");
        browser.click("[data-test=submit-project]");
        browser.find("[data-test=project-page]");
        admin.expect(201, admin.post("/v1/clusters/alpha/projects", Map.of("name", "secret")));

        browser.click("[data-test=tab-namespaces]");
        browser.type("[data-test=namespace-name]", "shop-front");
        browser.click("[data-test=add-namespace]");
        browser.find("[data-test=namespace-row][data-name=shop-front]");

        Path deployment = paddock.home().resolve("web.yaml");
        Files.writeString(deployment, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop-front}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: web
                    image: registry.invalid/web:1
            """);
        String applied = Kubectl.admin(alpha, "apply", "-f", deployment.toString());
        assertTrue(applied.contains("created"), applied);

        browser.click("[data-test=tab-workloads]");
        String web = "[data-test=list-deployments] [data-test=row][data-name=web]";
        browser.text(web + " [data-test=replicas]", "1/1"::equals, "web with one ready replica");
        browser.click(web + " [data-test=scale-up]");
        browser.text(web + " [data-test=replicas]", t -> t.endsWith("/2"), "web scaled to two");
        browser.click(web + " [data-test=scale-up]");
        browser.text(web + " [data-test=replicas]", "3/3"::equals, "web with three ready replicas");
        assertEquals("3", Kubectl.admin(alpha, "get", "deployment", "web", "-n", "shop-front", "-o", "jsonpath={.spec.replicas}"));
        browser.screenshot("08-workloads");

        browser.click("[data-test=tab-pods]");
        browser.until(d -> {
            List<WebElement> statuses = d.findElements(By.cssSelector("[data-test=list-pods] [data-test=pod-status]"));
            return statuses.size() == 3 && statuses.stream().allMatch(s -> s.getText().equals("Running")) ? true : null;
        }, "three running pods of web");
        browser.screenshot("09-pods");

        // YAML through the proxy: the API server's own YAML, edited and saved with the session's CSRF token
        browser.click("[data-test=tab-workloads]");
        browser.click(web + " [data-test=yaml]");
        browser.find("[data-test=yaml-text]");
        String yaml = browser.find("[data-test=yaml-text]").getAttribute("value");
        assertTrue(yaml.contains("kind: Deployment") && yaml.contains("replicas: 3"), yaml);
        browser.screenshot("10-yaml");
        // an unconditional update (no resourceVersion), so status updates by the controller cannot make it conflict
        String edited = yaml.replace("  replicas: 3\n", "  replicas: 2\n").replaceAll("(?m)^  resourceVersion: .*\n", "");
        WebElement editor = browser.find("[data-test=yaml-text]");
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        browser.script("arguments[0].focus()", editor);
        editor.sendKeys(edited);
        browser.click("[data-test=yaml-save]");
        browser.find(".modal .ok");
        assertEquals("2", Kubectl.admin(alpha, "get", "deployment", "web", "-n", "shop-front", "-o", "jsonpath={.spec.replicas}"));
        browser.driver().findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        browser.text(web + " [data-test=replicas]", "2/2"::equals, "web back to two replicas");
    }

    @Test
    @Order(5)
    void aUserGrantedAProjectRoleSeesOnlyThatProject(LocalCluster alpha) throws Exception {
        login("admin", PASSWORD);
        browser.click("[data-test=nav-users]");
        browser.click("[data-test=create-user]");
        browser.type("#user-name", "dev");
        browser.type("#user-display", "Dev Eloper");
        browser.type("#user-password", DEV_PASSWORD);
        new Select(browser.find("#user-role")).selectByValue("user-base");
        browser.click("[data-test=submit-user]");
        browser.find("[data-test=user-row][data-name=dev]");
        browser.screenshot("11-users");

        go("/clusters/alpha/projects/shop?tab=members");
        browser.click("[data-test=grant]");
        browser.type("[data-test=grant-subject]", "dev");
        new Select(browser.find("[data-test=grant-role]")).selectByValue("project-member");
        browser.click("[data-test=submit-grant]");
        browser.find("[data-test=binding-row][data-subject=dev]");
        browser.find("[data-test=who-row][data-subject=admin]");
        browser.find("[data-test=who-row][data-subject=dev]");
        browser.screenshot("12-project-members");

        browser.click("[data-test=nav-roles]");
        browser.click("[data-test=create-template]");
        browser.type("#template-name", "pods-view");
        browser.type("#template-display", "View pods");
        browser.click("[data-test=submit-template]");
        WebElement template = browser.find("[data-test=template-row][data-name=pods-view]");
        assertTrue(template.getText().contains("get, list, watch on pods, pods/log (core)"), template.getText());
        browser.screenshot("13-roles");

        browser.click("[data-test=nav-bindings]");
        browser.type("[data-test=who-cluster]", "alpha");
        browser.click("[data-test=who-show]");
        browser.find("[data-test=who-can] [data-test=who-row][data-subject=admin]");
        browser.screenshot("14-who-can");
        logout();

        login("dev", DEV_PASSWORD);
        browser.find("[data-test=cluster-row][data-name=alpha]");
        assertFalse(browser.present("[data-test=add-cluster]"), "user-base may not add clusters");
        assertEquals(1, browser.all("[data-test=cluster-row]").size());
        go("/clusters/alpha?tab=projects");
        browser.find("[data-test=project-row][data-name=shop]");
        assertFalse(browser.present("[data-test=project-row][data-name=secret]"));
        browser.screenshot("15-dev-projects");

        // the cluster's RBAC, kept in line by Paddock, lets dev see the pods of shop-front and nothing cluster-wide
        go("/clusters/alpha/projects/shop?tab=pods");
        browser.until(d -> d.findElements(By.cssSelector("[data-test=list-pods] [data-test=pod-status]")).size() == 2 ? true : null,
            "dev sees web's two pods");
        browser.screenshot("16-dev-pods");
        go("/clusters/alpha?tab=pods");
        browser.text(".error", t -> t.startsWith("403"), "cluster-wide pods refused to dev");
        go("/users");
        browser.text(".error", t -> t.startsWith("403"), "the user list refused to dev");
        browser.screenshot("17-dev-forbidden");
        logout();
    }

    @Test
    @Order(6)
    void tenThousandPodsPageOnTheServer(@KubeCluster(nodes = 1, fresh = true) LocalCluster scale) throws Exception {
        login("admin", PASSWORD);
        browser.find("[data-test=cluster-row][data-name=alpha]");
        browser.script("window.__notReloaded = true");
        // a cluster added elsewhere (here through the API) appears and turns active in the open list, without a reload
        admin.expect(201, admin.post("/v1/clusters", Map.of("name", "scale", "kubeconfig", scale.kubeconfig())));
        browser.text("[data-test=cluster-row][data-name=scale] [data-test=state]", "ACTIVE"::equals, "scale active in the list");
        browser.text("[data-test=cluster-row][data-name=scale] [data-test=nodes]", "1/1"::equals, "scale's node in the list");
        assertEquals(Boolean.TRUE, browser.script("return window.__notReloaded === true"));

        long created = createPods(scale, "load", PODS);
        System.out.printf("[console] created %d pods on a kwok node in %d ms%n", PODS, created);

        go("/clusters/scale?tab=pods");
        browser.find("[data-test=pod-namespace]").sendKeys("load", Keys.TAB);
        browser.until(d -> d.findElements(By.cssSelector("[data-test=list-pods] [data-test=row]")).size() == 50 ? true : null,
            "the first 50 pods");
        browser.screenshot("18-pods-10k");
        double heapBefore = heap();

        new Select(browser.find("[data-test=list-pods] .pager select")).selectByValue("100");
        awaitPage(1, 100);
        List<Long> hundreds = walk(20, 100);
        new Select(browser.find("[data-test=list-pods] .pager select")).selectByValue("500");
        awaitPage(1, 500);
        List<Long> fiveHundreds = walk(PODS / 500 - 1, 500);
        assertFalse(browser.find("[data-test=list-pods] [data-test=next-page]").isEnabled(), "the last page has no next");
        double heapAfter = heap();
        System.out.printf("[console] paging %d pods through the proxy (limit/continue): 100 per page %s; 500 per page %s;"
            + " JS heap after a full GC %.1f MiB on the first page, %.1f MiB after walking all pages%n", PODS, figures(hundreds), figures(fiveHundreds),
            heapBefore, heapAfter);
        browser.screenshot("19-pods-10k-last-page");

        go("/clusters");
        browser.click("[data-test=cluster-row][data-name=scale] [data-test=delete-cluster]");
        assertFalse(browser.find("[data-test=confirm-delete]").isEnabled(), "deleting needs the name typed");
        browser.type("[data-test=confirm-name]", "scale");
        browser.screenshot("20-delete-cluster");
        browser.click("[data-test=confirm-delete]");
        browser.until(d -> d.findElements(By.cssSelector("[data-test=cluster-row][data-name=scale]")).isEmpty() ? true : null,
            "cluster scale gone from the list");
        admin.expect(404, admin.get("/v1/clusters/scale"));
    }

    /** Clicks "next" pages times, each time until the new page is rendered; the milliseconds of each. */
    private static List<Long> walk(int pages, int size) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            String first = firstPod();
            int number = pageNumber();
            long started = System.nanoTime();
            browser.click("[data-test=list-pods] [data-test=next-page]");
            browser.until(d -> pageNumber() == number + 1 && !browser.present("[data-test=list-pods] .pager .muted")
                && !first.equals(firstPod()) ? true : null, "page " + (number + 1));
            times.add((System.nanoTime() - started) / 1_000_000);
            int rows = browser.all("[data-test=list-pods] [data-test=row]").size();
            assertEquals(size, rows, "rows on page " + (number + 1));
        }
        return times;
    }

    private static void awaitPage(int number, int rows) {
        browser.until(d -> pageNumber() == number && !browser.present("[data-test=list-pods] .pager .muted")
            && browser.all("[data-test=list-pods] [data-test=row]").size() == rows ? true : null, rows + " rows on page " + number);
    }

    private static int pageNumber() {
        return Integer.parseInt(browser.find("[data-test=list-pods] [data-test=page-number]").getText().replace("Page ", ""));
    }

    private static String firstPod() {
        List<WebElement> rows = browser.all("[data-test=list-pods] [data-test=row]");
        return rows.isEmpty() ? "" : rows.get(0).getAttribute("data-name");
    }

    private static double heap() {
        Object used = browser.script("if (window.gc) { window.gc(); } return performance.memory ? performance.memory.usedJSHeapSize : -1");
        return ((Number) used).doubleValue() / (1 << 20);
    }

    private static String figures(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format("%d pages, p50 %d ms, p90 %d ms, max %d ms (click to rendered)", sorted.size(),
            sorted.get(sorted.size() / 2), sorted.get((int) Math.min(sorted.size() - 1, Math.round(sorted.size() * 0.9))),
            sorted.get(sorted.size() - 1));
    }

    /** Creates count pods bound to the cluster's kwok node, by four kubectl processes side by side; the milliseconds taken. */
    private static long createPods(LocalCluster cluster, String namespace, int count) throws Exception {
        long started = System.nanoTime();
        Kubectl.admin(cluster, "create", "namespace", namespace);
        int processes = 4;
        List<Process> running = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            StringBuilder yaml = new StringBuilder();
            for (int i = p; i < count; i += processes) {
                yaml.append(String.format("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: load-%05d, namespace: %s, labels: {app: load}}
                    spec:
                      nodeName: %s
                      containers: [{name: app, image: registry.invalid/load:1}]
                    ---
                    """, i, namespace, cluster.nodeName(0)));
            }
            Path file = paddock.home().resolve("pods-" + p + ".yaml");
            Files.writeString(file, yaml);
            running.add(new ProcessBuilder(KubeBinaries.fromCache(KubeBinaries.defaultCache(), cluster.kubernetesVersion()).kubectl()
                .toString(), "--kubeconfig", cluster.kubeconfigFile().toString(), "create", "-f", file.toString(), "-o", "name")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        for (Process process : running) {
            assertEquals(0, process.waitFor(), "kubectl create of the pods failed");
        }
        eventually(CLUSTER_TIMEOUT, () -> Kubectl.admin(cluster, "get", "pods", "-n", namespace, "--chunk-size=1000", "--no-headers",
            "-o", "name").lines().count(), n -> n == count);
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Test
    @Order(7)
    void aClusterCreatedWithTheLocalProvidersFormShowsItsStepsAndUpgrades() throws Exception {
        List<String> versions = KubeBinaries.versions(KubeBinaries.defaultCache());
        login("admin", PASSWORD);
        browser.click("[data-test=add-cluster]");
        new Select(browser.find("[data-test=cluster-provider]")).selectByValue("local");
        browser.type("#cluster-name", "made");
        browser.type("#field-kubernetesVersion", versions.get(0));
        browser.type("#field-nodes", "1");
        browser.type("#field-snapshotIntervalMinutes", "0");
        browser.screenshot("21-create-cluster");
        browser.click("[data-test=submit-cluster]");
        browser.find("[data-test=cluster-page]");
        try {
            browser.until(d -> browser.find("[data-test=cluster-page] [data-test=state]").getText().equals("ACTIVE") ? true : null,
                "cluster made ACTIVE", Duration.ofMinutes(2));
            go("/clusters");
            browser.click("[data-test=cluster-row][data-name=made] [data-test=upgrade-cluster]");
            new Select(browser.find("[data-test=upgrade-version]")).selectByValue(versions.get(1));
            browser.click("[data-test=submit-upgrade]");
            // a second operation would be refused (409): the list offers none while one runs
            browser.until(d -> browser.find("[data-test=cluster-row][data-name=made] [data-test=state]").getText()
                .equals("UPGRADING") && !browser.find("[data-test=cluster-row][data-name=made] [data-test=upgrade-cluster]")
                .isEnabled() ? true : null, "the list shows the upgrade and offers no second one");
            browser.screenshot("22-upgrading-cluster");
            eventually(Duration.ofMinutes(3), () -> admin.expect(200, admin.get("/v1/clusters/made")).get("status"),
                s -> s.get("state").asText().equals("ACTIVE") && s.get("kubernetesVersion").asText().equals(versions.get(1)));
            browser.until(d -> browser.find("[data-test=cluster-row][data-name=made]").getText().contains(versions.get(1))
                ? true : null, "the list shows the new version without a reload");
        } finally {
            admin.delete("/v1/clusters/made");
            eventually(Duration.ofMinutes(2), () -> admin.get("/v1/clusters/made").statusCode(), status -> status == 404);
        }
    }

    /** Unused browser messages would hide a broken page: none may be a CSP refusal or an uncaught error. */
    @Test
    @Order(8)
    void theBrowserReportedNoPolicyViolationOrScriptError() {
        List<String> problems = browser.consoleMessages().stream()
            .filter(m -> m.getKey().intValue() >= Level.SEVERE.intValue())
            .map(Map.Entry::getValue)
            .filter(text -> text.contains("Content Security Policy") || text.contains("Uncaught"))
            .toList();
        assertEquals(List.of(), problems);
    }
}
