package io.paddock.auth.oidc;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.shiro.authc.AuthenticationException;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import io.paddock.auth.redirect.ProviderHttp;

/**
 * The issuer's signing keys (its JWKS), fetched on first use and kept for an hour. Providers
 * rotate keys by publishing the new one first, so a token signed with a key not in the cached set
 * makes the set be fetched again at once; to keep forged tokens from driving requests to the
 * provider, such refetches happen at most every {@link #MIN_REFETCH_INTERVAL}.
 */
final class IssuerKeys implements JWKSource<SecurityContext> {

    static final Duration MAX_AGE = Duration.ofHours(1);
    static final Duration MIN_REFETCH_INTERVAL = Duration.ofSeconds(10);

    private final URI jwksUri;
    private final ProviderHttp http;
    private final Clock clock;
    private JWKSet keys;
    private Instant fetched;
    private Instant refetchedForUnknownKey = Instant.EPOCH;

    IssuerKeys(URI jwksUri, ProviderHttp http, Clock clock) {
        this.jwksUri = jwksUri;
        this.http = http;
        this.clock = clock;
    }

    URI uri() {
        return jwksUri;
    }

    @Override
    public synchronized List<JWK> get(JWKSelector selector, SecurityContext context) {
        Instant now = clock.instant();
        if (keys == null || now.isAfter(fetched.plus(MAX_AGE))) {
            fetch(now);
        }
        List<JWK> found = selector.select(keys);
        if (found.isEmpty() && !now.isBefore(refetchedForUnknownKey.plus(MIN_REFETCH_INTERVAL))) {
            refetchedForUnknownKey = now;
            fetch(now);
            found = selector.select(keys);
        }
        return found;
    }

    private void fetch(Instant now) {
        ProviderHttp.Response response = http.get(jwksUri, "the identity provider's signing keys");
        if (response.status() != 200 || response.body() == null) {
            throw new AuthenticationException("the identity provider's signing keys at " + jwksUri + " could not be read (HTTP "
                + response.status() + ")");
        }
        try {
            keys = JWKSet.parse(response.body().toString());
            fetched = now;
        } catch (ParseException e) {
            throw new AuthenticationException("the identity provider's signing keys at " + jwksUri + " are not a valid JWK set: "
                + ProviderHttp.quote(e.getMessage()), e);
        }
    }
}
