package io.paddock.api.access;

import java.net.URI;

/** The first step of a redirect login: send the browser to {@code authorizationUri}; {@code state} comes back with it. */
public record RedirectStart(URI authorizationUri, String state) {
}
