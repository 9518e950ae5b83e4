package io.groupbridge.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web panel's and REST API's listener (issue 12), started by the daemon.
 *
 * @param enabled         whether {@code groupbridge run} serves it
 * @param bind            the address to listen on; anything but a loopback address needs {@link #tls()}
 * @param port            the TCP port, 0 for any free one (tests)
 * @param tls             the PKCS#12 key store to serve HTTPS with; empty for plain HTTP on loopback
 * @param idleTimeout     a session unused this long is signed out
 * @param absoluteTimeout a session this old is signed out however busy it is
 * @param publicUrl       where people reach the panel, for the links in mail (spec M1); empty for the listener's
 *                        own address
 */
public record HttpConfig(boolean enabled, String bind, int port, Optional<Tls> tls, Duration idleTimeout,
        Duration absoluteTimeout, Optional<URI> publicUrl) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8470;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_ABSOLUTE_TIMEOUT = Duration.ofHours(8);

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    /** @param password never logged; {@link Secret#toString()} masks it */
    public record Tls(Path keyStore, Secret password) {
        public Tls {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(password, "password");
        }
    }

    public HttpConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(absoluteTimeout, "absoluteTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(publicUrl, "publicUrl");
    }

    /** Without a public URL. */
    public HttpConfig(boolean enabled, String bind, int port, Optional<Tls> tls, Duration idleTimeout,
            Duration absoluteTimeout) {
        this(enabled, bind, port, tls, idleTimeout, absoluteTimeout, Optional.empty());
    }

    /** The panel's address for links: {@link #publicUrl()}, or the listener's own, without a trailing slash. */
    public String panelUrl() {
        String url = publicUrl.map(URI::toString).orElseGet(() -> {
            String host = bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
            return (tls.isPresent() ? "https://" : "http://") + host + ":" + port;
        });
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public static HttpConfig defaults() {
        return new HttpConfig(true, DEFAULT_BIND, DEFAULT_PORT, Optional.empty(), DEFAULT_IDLE_TIMEOUT,
                DEFAULT_ABSOLUTE_TIMEOUT);
    }

    /** Whether {@link #bind()} is reachable from this host only. */
    public boolean loopback() {
        return isLoopback(bind);
    }

    /**
     * {@code localhost} and literal loopback addresses ({@code 127.x.y.z}, {@code ::1}); a host name other than
     * localhost counts as reachable from elsewhere, since what it resolves to can change. No name is looked up.
     */
    static boolean isLoopback(String address) {
        String a = address.strip();
        if (a.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (!IPV4.matcher(a).matches() && !(a.contains(":") && a.matches("[0-9A-Fa-f:.]+"))) {
            return false;
        }
        try {
            return InetAddress.getByName(a).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
