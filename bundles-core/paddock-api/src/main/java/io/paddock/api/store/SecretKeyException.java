package io.paddock.api.store;

/**
 * A secret could not be decrypted: its key is missing from the key file or is not the key it was
 * encrypted with. The message names the key id and the file, never the secret.
 */
public class SecretKeyException extends StoreException {
    private static final long serialVersionUID = 1L;

    public SecretKeyException(String message) {
        super(message);
    }
}
