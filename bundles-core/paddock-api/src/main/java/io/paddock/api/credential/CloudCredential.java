package io.paddock.api.credential;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A credential for a cloud or hosted provider (an AWS access key, a GCP service account, ...), as it
 * can be read: its secret values never leave Paddock, only their names.
 *
 * @param name            unique, RFC 1123 label
 * @param type            the provider it is for, e.g. {@code aws}
 * @param description     free text
 * @param fields          non-secret values, e.g. a region or account id
 * @param secretKeys      names of the secret values it holds
 * @param owner           user who created it; only they and administrators can use or see it
 * @param createdAt       when it was created
 * @param resourceVersion version of the stored record
 */
public record CloudCredential(String name, String type, String description, Map<String, String> fields, List<String> secretKeys,
                              String owner, Instant createdAt, long resourceVersion) {

    public CloudCredential {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        secretKeys = secretKeys == null ? List.of() : List.copyOf(secretKeys);
    }
}
