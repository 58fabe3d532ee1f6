package io.paddock.api.auth;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Accounts whose passwords Paddock itself keeps (the {@code local} provider). Errors are
 * {@link IllegalArgumentException} with a message for users; passwords never appear in them.
 */
@ProviderType
public interface PasswordAccounts {

    int MIN_PASSWORD_LENGTH = 12;

    /** The provider id of these accounts. */
    String provider();

    Optional<ExternalIdentity> find(String login);

    /** Creates an account; the password is stored as a salted slow hash. */
    ExternalIdentity create(String login, String password);

    void setPassword(String login, String newPassword);

    /** Checks {@code currentPassword} first, so that a stolen session cannot change it alone. */
    void changePassword(String login, String currentPassword, String newPassword);

    void delete(String login);
}
