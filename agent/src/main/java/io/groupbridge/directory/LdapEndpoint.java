package io.groupbridge.directory;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where the directory listens: one server, or several replicas of the same directory tried in order (the first that
 * answers serves the connection); for the embedded directory, the loopback port it actually bound.
 */
public record LdapEndpoint(List<Server> servers, boolean ssl, boolean startTls) {

    /** One server of the list. */
    public record Server(String host, int port) {
        public Server {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1-65535, was " + port);
            }
        }
    }

    public LdapEndpoint {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("an endpoint needs at least one server");
        }
    }

    public LdapEndpoint(String host, int port, boolean ssl, boolean startTls) {
        this(List.of(new Server(host, port)), ssl, startTls);
    }

    /** The host names a server certificate may name, for messages: {@code a} or {@code a or b}. */
    String hosts() {
        return servers.stream().map(Server::host).distinct().collect(Collectors.joining(" or "));
    }

    @Override
    public String toString() {
        String scheme = ssl ? "ldaps://" : "ldap://";
        return servers.stream().map(s -> scheme + s.host() + ":" + s.port()).collect(Collectors.joining(", "))
                + (startTls ? " (StartTLS)" : "");
    }
}
