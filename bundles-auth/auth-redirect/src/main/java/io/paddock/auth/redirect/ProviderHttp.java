package io.paddock.auth.redirect;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import org.apache.shiro.authc.AuthenticationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.paddock.api.config.InvalidSettingException;

/**
 * HTTP to a login provider: JSON responses, the provider's CA when one is configured, timeouts,
 * no redirects (a token endpoint that redirects is misconfigured, and following it could send the
 * client secret elsewhere). Network failures become {@link AuthenticationException}s that say
 * which provider endpoint failed and why, never with request bodies or headers, which hold codes,
 * tokens and secrets.
 */
public final class ProviderHttp {

    /** Responses larger than this are refused: no provider answer in these flows comes close. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final ClientSettings settings;

    public ProviderHttp(ClientSettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.caFile() != null) {
            builder.sslContext(trusting(settings.caFile(), settings.configFile()));
        }
        this.client = builder.build();
    }

    /**
     * A provider's answer.
     *
     * @param status  HTTP status
     * @param headers response headers
     * @param body    the body as JSON, or null when it is not JSON
     */
    public record Response(int status, HttpHeaders headers, JsonNode body) {

        /** Text of a JSON string field, or null. */
        public String text(String field) {
            JsonNode node = body == null ? null : body.get(field);
            return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
        }
    }

    /**
     * GET with {@code Accept: application/json}.
     *
     * @param what    the endpoint in words, for messages ("the discovery document")
     * @param headers name, value, name, value...; they replace the defaults of the same name
     */
    public Response get(URI uri, String what, String... headers) {
        HttpRequest.Builder request = request(uri, headers).GET();
        return send(request.build(), what);
    }

    /** POST of an {@code application/x-www-form-urlencoded} form. */
    public Response postForm(URI uri, String what, Map<String, String> form, String... headers) {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
        HttpRequest.Builder request = request(uri, headers)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return send(request.build(), what);
    }

    /** Form and query encoding (RFC 6749 appendix B also uses it for client credentials). */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Provider-supplied text made safe to show: one line, printable, short. */
    public static String quote(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("[\\p{Cntrl}]+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private HttpRequest.Builder request(URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
            .header("Accept", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return request;
    }

    private Response send(HttpRequest request, String what) {
        URI uri = request.uri();
        String where = what + " at " + uri.getScheme() + "://" + uri.getAuthority();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (bytes.length > MAX_BODY_BYTES) {
                throw new AuthenticationException(where + " answered with more than " + MAX_BODY_BYTES + " bytes");
            }
            JsonNode body;
            try {
                body = bytes.length == 0 ? null : JSON.readTree(bytes);
            } catch (IOException e) {
                body = null;
            }
            return new Response(response.statusCode(), response.headers(), body);
        } catch (HttpConnectTimeoutException e) {
            throw new AuthenticationException(where + " cannot be reached: no connection within "
                + settings.connectTimeout().toSeconds() + " s (" + ClientSettings.CONNECT_TIMEOUT + " in " + settings.configFile() + ")", e);
        } catch (HttpTimeoutException e) {
            throw new AuthenticationException(where + " did not answer within " + settings.requestTimeout().toSeconds() + " s ("
                + ClientSettings.REQUEST_TIMEOUT + " in " + settings.configFile() + ")", e);
        } catch (ConnectException e) {
            throw new AuthenticationException(where + " cannot be reached: connection refused; is the provider running and "
                + "the URL in " + settings.configFile() + " right?", e);
        } catch (SSLException e) {
            throw new AuthenticationException(where + " failed the TLS handshake (" + quote(e.getMessage()) + "); if the provider"
                + " uses a private CA, set " + ClientSettings.CA_FILE + " in " + settings.configFile(), e);
        } catch (IOException e) {
            throw new AuthenticationException(where + " cannot be reached: " + quote(String.valueOf(e.getMessage())), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationException("interrupted while calling " + where, e);
        }
    }

    /** TLS that trusts exactly the CA certificates in {@code caFile}. */
    static SSLContext trusting(Path caFile, String configFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new InvalidSettingException(configFile + ": " + ClientSettings.CA_FILE + " = '" + caFile
                    + "' holds no PEM certificate");
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates) {
                trust.setCertificateEntry("ca-" + index++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidSettingException(configFile + ": " + ClientSettings.CA_FILE + " = '" + caFile
                + "' cannot be read as PEM certificates: " + e.getMessage());
        }
    }
}
