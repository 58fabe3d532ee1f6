package io.paddock.api.access;

import java.time.Instant;

/**
 * A bearer credential as listed: never its secret, which is shown once when issued and kept hashed.
 *
 * @param id          public id, also the first part of the token value
 * @param user        owner
 * @param provider    login provider the owner authenticated with when it was issued
 * @param description what it is for
 * @param session     a browser session rather than an API token
 * @param createdAt   when it was issued
 * @param expiresAt   when it stops working, or {@code null} for never
 * @param lastUsedAt  last successful use (recorded at most once a minute), or {@code null}
 */
public record ApiToken(String id, String user, String provider, String description, boolean session, Instant createdAt,
                       Instant expiresAt, Instant lastUsedAt) {
}
