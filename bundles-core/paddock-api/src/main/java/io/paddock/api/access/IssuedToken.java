package io.paddock.api.access;

/** A token just issued: {@code value} is the bearer secret, available only now. */
public record IssuedToken(ApiToken token, String value) {

    @Override
    public String toString() {
        return "IssuedToken[" + token + ", value=********]";
    }
}
