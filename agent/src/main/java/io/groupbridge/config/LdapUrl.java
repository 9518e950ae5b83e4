package io.groupbridge.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of an {@code ldap://} or {@code ldaps://} server URL; base DN, filters and extensions belong elsewhere. */
public record LdapUrl(boolean ssl, String host, int port) {

    static final String EXPECTED = "embedded, ldap://host[:port] or ldaps://host[:port], or several ldap:// or several"
            + " ldaps:// URLs separated by spaces or commas";

    // Between the servers of a failover list.
    private static final Pattern SEPARATOR = Pattern.compile("[\\s,]+");

    private static final Pattern FORM = Pattern.compile(
            "(?i)(ldaps?)://(\\[[0-9a-f:.]+\\]|[a-z0-9._-]+)(?::(\\d{1,5}))?/?");

    /** @throws IllegalArgumentException if the text is not a server URL of that form or the port is out of range */
    static LdapUrl parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an LDAP server URL");
        }
        boolean ssl = m.group(1).toLowerCase(Locale.ROOT).equals("ldaps");
        String host = m.group(2).startsWith("[") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
        int port = ssl ? 636 : 389;
        if (m.group(3) != null) {
            port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " in '" + text + "' is out of range");
            }
        }
        return new LdapUrl(ssl, host, port);
    }

    /**
     * The servers of a list, in the order they are tried.
     *
     * @throws IllegalArgumentException if an item is not a server URL, or the list mixes ldap:// and ldaps://
     */
    static List<LdapUrl> parseList(String text) {
        List<LdapUrl> servers = SEPARATOR.splitAsStream(text.trim()).filter(s -> !s.isEmpty())
                .map(LdapUrl::parse).toList();
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' names no LDAP server");
        }
        if (servers.stream().map(LdapUrl::ssl).distinct().count() > 1) {
            throw new IllegalArgumentException("'" + text + "' mixes ldap:// and ldaps:// servers; list replicas that"
                    + " are reached the same way");
        }
        return servers;
    }
}
