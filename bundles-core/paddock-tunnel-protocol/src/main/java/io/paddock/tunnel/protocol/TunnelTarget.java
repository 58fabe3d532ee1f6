package io.paddock.tunnel.protocol;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a stream goes: a host name or IP address and a TCP port, written {@code host:port} or
 * {@code [ipv6]:port}. Host names compare without regard to case and are never resolved here, so an
 * allow-list matches exactly what the opener asked for.
 */
public record TunnelTarget(String host, int port) {

    /** The longest target text accepted: a 253-character host name in brackets, a colon and a port. */
    static final int MAX_TEXT_LENGTH = 261;

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.%A-Za-z]*");

    public TunnelTarget {
        if (host == null || host.isEmpty() || host.length() > 253 || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or IP address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535");
        }
        host = host.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code host:port}; an IPv6 address goes in brackets.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static TunnelTarget parse(String text) {
        if (text == null || text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("a target must be host:port of at most " + MAX_TEXT_LENGTH + " characters");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("target '" + text + "' is not host:port");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("target '" + text + "': write an IPv6 address in brackets, [address]:port");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("target '" + text + "': the port is not a number");
        }
        return new TunnelTarget(host, port);
    }

    /** {@code host:port}, with an IPv6 address in brackets: the form {@link #parse} reads. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
