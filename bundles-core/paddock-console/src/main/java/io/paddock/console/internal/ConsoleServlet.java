package io.paddock.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;

/**
 * Serves the web console: {@code /} is the page, {@code /console/...} its ES modules, style sheet and
 * the two libraries (Preact, htm) unpacked from their Maven Central jars at build time. Everything
 * else under {@code /} is a 404, so the console never shadows a path another bundle may register.
 *
 * <p>Every answer carries a Content-Security-Policy without {@code 'unsafe-inline'} or
 * {@code 'unsafe-eval'}: scripts only from here, plus the one inline import map by its hash (browsers
 * have no external import maps), so injected markup could not run a script even if the console ever
 * rendered some. The console talks only to {@code /v1} and {@code /k8s/clusters/...}, like any client.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/",
    "osgi.http.whiteboard.servlet.name=paddock-console"})
public class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String PAGE = "console/index.html";
    private static final Pattern ASSET = Pattern.compile("/console/((?:[a-z0-9-]+/)*[a-z0-9-]+(?:\\.[a-z0-9]+)*\\.(js|css|svg))");
    private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);
    private static final Map<String, String> TYPES = Map.of(
        "js", "text/javascript; charset=utf-8",
        "css", "text/css; charset=utf-8",
        "svg", "image/svg+xml");

    /** A file of the console with its validator. */
    record Asset(byte[] content, String contentType, String etag) {
    }

    private final transient Map<String, Optional<Asset>> assets = new ConcurrentHashMap<>();
    private final String contentSecurityPolicy;

    public ConsoleServlet() {
        Asset page = load(PAGE, "text/html; charset=utf-8").orElseThrow(() -> new IllegalStateException(PAGE + " is missing"));
        contentSecurityPolicy = contentSecurityPolicy(new String(page.content(), StandardCharsets.UTF_8));
    }

    /** The policy for the page: its inline import map is the only inline script allowed, by hash. */
    static String contentSecurityPolicy(String page) {
        Matcher importMap = IMPORT_MAP.matcher(page);
        String scripts = importMap.find() ? " 'sha256-" + Base64.getEncoder().encodeToString(sha256(
            importMap.group(1).getBytes(StandardCharsets.UTF_8))) + "'" : "";
        return "default-src 'none'; script-src 'self'" + scripts + "; style-src 'self'; img-src 'self' data:; connect-src 'self';"
            + " font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<Asset> asset = Optional.empty();
        if (path.equals("/") || path.equals("/index.html")) {
            asset = assets.computeIfAbsent(PAGE, name -> load(name, "text/html; charset=utf-8"));
        } else {
            Matcher m = ASSET.matcher(path);
            if (m.matches()) {
                asset = assets.computeIfAbsent("console/" + m.group(1), name -> load(name, TYPES.get(m.group(2))));
            }
        }
        securityHeaders(response);
        if (asset.isEmpty()) {
            plain(response, 404, "nothing here: the console is at /, the API at /v1 (see /v1/openapi.json)");
            return;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            plain(response, 405, "the console serves only GET and HEAD");
            return;
        }
        Asset found = asset.get();
        // revalidated on every load: a new Paddock version must never run with an old module beside a new one
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("ETag", found.etag());
        if (found.etag().equals(request.getHeader("If-None-Match"))) {
            response.setStatus(304);
            return;
        }
        response.setStatus(200);
        response.setContentType(found.contentType());
        response.setContentLength(found.content().length);
        if ("GET".equals(method)) {
            response.getOutputStream().write(found.content());
        }
    }

    private void securityHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", contentSecurityPolicy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    }

    private static void plain(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(message + "\n");
    }

    private static Optional<Asset> load(String name, String contentType) {
        URL url = ConsoleServlet.class.getClassLoader().getResource(name);
        if (url == null) {
            return Optional.empty();
        }
        try (InputStream in = url.openStream()) {
            byte[] content = in.readAllBytes();
            return Optional.of(new Asset(content, contentType, "\"" + HexFormat.of().formatHex(sha256(content), 0, 12) + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the console bundle", e);
        }
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
