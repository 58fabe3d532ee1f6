package io.paddock.api.credential;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.paddock.api.access.Identity;

/**
 * Cloud credentials. Each belongs to its creator; administrators see all. Secret values are
 * encrypted at rest and only {@link #secrets} (for provider code, never the API) returns them.
 */
@ProviderType
public interface CloudCredentialService {

    /** The credentials the caller may see, sorted by name. */
    List<CloudCredential> list(Identity caller);

    Optional<CloudCredential> get(Identity caller, String name);

    /** @throws io.paddock.api.system.RequestConflictException when the name is taken */
    CloudCredential create(Identity caller, String name, String type, String description, Map<String, String> fields,
                           Map<String, String> secrets);

    void delete(Identity caller, String name);

    /** The decrypted secret values, for the provider that uses the credential on the caller's behalf. */
    Map<String, String> secrets(Identity caller, String name);
}
