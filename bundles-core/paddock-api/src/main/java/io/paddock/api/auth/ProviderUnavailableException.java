package io.paddock.api.auth;

import org.apache.shiro.authc.AuthenticationException;

/**
 * A login provider could not answer (its server is down or unreachable): an outage, not a refused
 * login. Paddock answers 503 and does not count it against the account. The message is for the log
 * and may name servers; users get a generic one.
 */
public class ProviderUnavailableException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    public ProviderUnavailableException(String message) {
        super(message);
    }
}
