package io.paddock.auth.oidc;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.shiro.authc.AuthenticationException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import io.paddock.api.auth.AuthorizationCodeToken;
import io.paddock.api.auth.ExternalGroup;
import io.paddock.api.auth.ExternalIdentity;
import io.paddock.api.auth.RedirectLogin;
import io.paddock.auth.redirect.ClientSettings;
import io.paddock.auth.redirect.ProviderHttp;
import io.paddock.auth.redirect.RedirectRealm;

/**
 * OpenID Connect authorization code flow with PKCE S256 against one provider.
 *
 * <p>The core passes no nonce, so the nonce is the PKCE challenge: sent in the authorization
 * request, recomputed from the verifier at the exchange and required in the ID token. An ID token
 * from another login attempt is thereby refused even where a provider does not check PKCE.
 *
 * <p>The ID token must be signed with an asymmetric algorithm by a key of the issuer's JWKS, name
 * exactly the configured issuer, have Paddock's client id among its audiences (and as {@code azp}
 * when it has several), and be current within the configured clock skew.
 */
final class OidcClient implements RedirectLogin, RedirectRealm.CodeExchange {

    /** Asymmetric signatures only: with HS* the client secret would be the verification key. */
    static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
        JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private static final Duration DISCOVERY_MAX_AGE = Duration.ofHours(1);

    private final OidcSettings settings;
    private final ClientSettings client;
    private final ProviderHttp http;
    private final Clock clock;
    private volatile Provider provider;

    /** The provider's endpoints and keys as last discovered. */
    private record Provider(Discovery discovery, IssuerKeys keys, Instant fetched) {
    }

    OidcClient(OidcSettings settings, Clock clock) {
        this.settings = settings;
        this.client = settings.client();
        this.http = new ProviderHttp(client);
        this.clock = clock;
    }

    @Override
    public URI authorizationUri(String state, String codeChallenge, URI redirectUri) {
        Discovery discovery = provider().discovery();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", client.clientId());
        query.put("redirect_uri", redirectUri.toString());
        query.put("scope", String.join(" ", settings.scopes()));
        query.put("state", state);
        query.put("code_challenge", codeChallenge);
        query.put("code_challenge_method", "S256");
        query.put("nonce", codeChallenge);
        String base = discovery.authorizationEndpoint().toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + query.entrySet().stream()
            .map(e -> ProviderHttp.encode(e.getKey()) + "=" + ProviderHttp.encode(e.getValue())).collect(Collectors.joining("&")));
    }

    @Override
    public ExternalIdentity identify(AuthorizationCodeToken token) {
        Provider current = provider();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", (String) token.getCredentials());
        form.put("redirect_uri", token.redirectUri().toString());
        form.put("code_verifier", token.codeVerifier());
        List<String> headers = new ArrayList<>();
        if (usesSecretInForm(current.discovery())) {
            form.put("client_id", client.clientId());
            form.put("client_secret", client.clientSecret());
        } else {
            // RFC 6749 section 2.3.1: both parts form-encoded before Basic encoding
            String credentials = ProviderHttp.encode(client.clientId()) + ":" + ProviderHttp.encode(client.clientSecret());
            headers.add("Authorization");
            headers.add("Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        ProviderHttp.Response response = http.postForm(current.discovery().tokenEndpoint(), "the identity provider's token endpoint",
            form, headers.toArray(String[]::new));
        if (response.status() != 200) {
            throw exchangeRefused(response);
        }
        String idToken = response.text("id_token");
        if (idToken == null) {
            throw new AuthenticationException("the identity provider returned no ID token: is openid among the scopes in "
                + client.configFile() + "?");
        }
        JWTClaimsSet claims = verify(idToken, current);
        if (!Pkce.challenge(token.codeVerifier()).equals(claims.getClaim("nonce"))) {
            throw new AuthenticationException("the identity provider's ID token belongs to another login attempt (nonce mismatch):"
                + " start the login again");
        }
        return identity(claims);
    }

    private boolean usesSecretInForm(Discovery discovery) {
        List<String> methods = discovery.tokenAuthMethods();
        return !methods.isEmpty() && !methods.contains("client_secret_basic") && methods.contains("client_secret_post");
    }

    private AuthenticationException exchangeRefused(ProviderHttp.Response response) {
        String error = response.text("error");
        String description = response.text("error_description");
        String detail = error == null ? "HTTP " + response.status()
            : ProviderHttp.quote(error) + (description == null ? "" : ": " + ProviderHttp.quote(description));
        if ("invalid_client".equals(error) || error == null && response.status() == 401) {
            return new AuthenticationException("the identity provider refused Paddock's client credentials (" + detail + "): check "
                + ClientSettings.CLIENT_ID + " and " + ClientSettings.CLIENT_SECRET + " in " + client.configFile()
                + " against the client registered at the provider");
        }
        if ("invalid_grant".equals(error)) {
            return new AuthenticationException("the identity provider refused the login code (" + detail + "): it is invalid,"
                + " expired, already used or from another login attempt; start the login again");
        }
        return new AuthenticationException("the identity provider refused the login (" + detail + ")");
    }

    private JWTClaimsSet verify(String idToken, Provider current) {
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        List<String> announced = current.discovery().signingAlgorithms();
        for (String name : announced.isEmpty() ? List.of("RS256") : announced) {
            JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
            if (ACCEPTED_ALGORITHMS.contains(algorithm)) {
                algorithms.add(algorithm);
            }
        }
        if (algorithms.isEmpty()) {
            throw new AuthenticationException("the identity provider signs ID tokens only with " + announced
                + "; Paddock accepts RS*, PS* and ES* signatures");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, current.keys()));
        // issuer and audience are checked below, with messages that say what to compare
        DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier = new DefaultJWTClaimsVerifier<>(null, null,
            Set.of("iss", "aud", "sub", "iat", "exp"));
        claimsVerifier.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claimsVerifier);
        JWTClaimsSet claims;
        try {
            claims = processor.process(idToken, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new AuthenticationException("the identity provider's ID token was refused: " + ProviderHttp.quote(e.getMessage()));
        }
        if (!settings.issuer().toString().equals(claims.getIssuer())) {
            throw new AuthenticationException("the identity provider's ID token was refused: it was issued by '"
                + ProviderHttp.quote(claims.getIssuer()) + "', not by " + settings.issuer());
        }
        List<String> audience = claims.getAudience();
        if (!audience.contains(client.clientId())) {
            throw new AuthenticationException("the identity provider's ID token was refused: it is for " + audience.stream()
                .map(ProviderHttp::quote).toList() + ", not for " + ClientSettings.CLIENT_ID + " " + client.clientId() + " in "
                + client.configFile());
        }
        if (audience.size() > 1 && !client.clientId().equals(claims.getClaim("azp"))) {
            throw new AuthenticationException("the identity provider's ID token was refused: it has several audiences and its"
                + " authorized party (azp) is not " + client.clientId());
        }
        return claims;
    }

    private ExternalIdentity identity(JWTClaimsSet claims) {
        String subject = claims.getSubject();
        String login = firstText(claims, settings.usernameClaim(), "email", "sub");
        List<ExternalGroup> groups = new ArrayList<>();
        Object groupClaim = claims.getClaim(settings.groupsClaim());
        if (groupClaim instanceof List<?> list) {
            list.stream().filter(group -> group != null && !group.toString().isBlank()).distinct()
                .forEach(group -> groups.add(new ExternalGroup(group.toString(), null)));
        } else if (groupClaim instanceof String group && !group.isBlank()) {
            groups.add(new ExternalGroup(group, null));
        }
        // sub is unique only within its issuer
        return new ExternalIdentity(client.provider(), settings.issuer() + "#" + subject, login, firstText(claims, "name"), groups);
    }

    private static String firstText(JWTClaimsSet claims, String... names) {
        for (String name : names) {
            Object value = claims.getClaim(name);
            if (value instanceof String text && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }

    /** The discovered provider, fetched again after {@link #DISCOVERY_MAX_AGE}; the keys stay when their URL does. */
    private Provider provider() {
        Provider current = provider;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.fetched().plus(DISCOVERY_MAX_AGE))) {
            return current;
        }
        synchronized (this) {
            current = provider;
            if (current != null && now.isBefore(current.fetched().plus(DISCOVERY_MAX_AGE))) {
                return current;
            }
            URI location = Discovery.location(settings.issuer());
            ProviderHttp.Response response = http.get(location, "the identity provider's discovery document");
            if (response.status() != 200) {
                throw new AuthenticationException("the identity provider's discovery document at " + location + " answered HTTP "
                    + response.status() + ": check " + OidcSettings.ISSUER + " in " + client.configFile());
            }
            Discovery discovery = Discovery.parse(response.body(), settings.issuer());
            IssuerKeys keys = current != null && current.keys().uri().equals(discovery.jwksUri()) ? current.keys()
                : new IssuerKeys(discovery.jwksUri(), http, clock);
            provider = new Provider(discovery, keys, now);
            return provider;
        }
    }
}
