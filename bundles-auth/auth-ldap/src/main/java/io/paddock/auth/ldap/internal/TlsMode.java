package io.paddock.auth.ldap.internal;

/** How passwords are protected on the way to the directory. */
enum TlsMode {
    /** Plain LDAP: passwords travel in clear text. Only for tests and trusted networks. */
    NONE("none"),
    /** Plain LDAP upgraded to TLS (StartTLS) before anything else is sent. */
    STARTTLS("starttls"),
    /** TLS from the first byte ({@code ldaps://}). */
    LDAPS("ldaps");

    final String configName;

    TlsMode(String configName) {
        this.configName = configName;
    }

    static TlsMode fromConfigName(String name) {
        for (TlsMode mode : values()) {
            if (mode.configName.equals(name)) {
                return mode;
            }
        }
        return null;
    }
}
