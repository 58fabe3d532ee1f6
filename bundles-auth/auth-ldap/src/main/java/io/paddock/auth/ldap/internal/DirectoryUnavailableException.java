package io.paddock.auth.ldap.internal;

import io.paddock.api.auth.ProviderUnavailableException;

/**
 * The directory could not answer (unreachable, TLS refused, service account rejected, timeout),
 * so no one can log in with this provider now. The message is for operators: it names the cause
 * and the setting to check, and holds neither the login nor any password.
 */
final class DirectoryUnavailableException extends ProviderUnavailableException {
    private static final long serialVersionUID = 1L;

    DirectoryUnavailableException(String message) {
        super(message);
    }
}
