package io.paddock.api.access;

/**
 * An API token with the hash of its secret as Paddock stores it. Internal to the core: it exists
 * for the token mirror that lets clusters check Paddock tokens themselves (direct access), and is
 * never shown by the API or the shell, nor logged.
 *
 * @param token     the token as listed
 * @param algorithm how {@code hash} is made from the secret part of a token value {@code pdk_<id>.<secret>}:
 *                  {@code sha256}, lower-case hex of the SHA-256 of its UTF-8 bytes
 * @param hash      the stored hash
 */
public record TokenHash(ApiToken token, String algorithm, String hash) {

    @Override
    public String toString() {
        return "TokenHash[" + token + ", algorithm=" + algorithm + ", hash=********]";
    }
}
