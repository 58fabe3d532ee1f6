package io.paddock.api.access;

/** A login provider as the login page lists it; {@code login} is {@code password} or {@code redirect}. */
public record LoginMethod(String provider, String displayName, String login) {
}
