package io.groupbridge.selfservice;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@link DirectoryNames} port without LDAP, for use-case tests: a DN is RDNs of {@code attribute=value} separated
 * by unescaped commas, normalized by trimming and lower-casing each; a new group is {@code cn=<escaped name>} under
 * {@code ou=groups,dc=example,dc=com}, with RFC 4514's special characters escaped.
 */
final class FakeDirectoryNames implements DirectoryNames {

    static final String GROUP_BASE = "ou=groups,dc=example,dc=com";

    @Override
    public String groupDn(String name) {
        return escapedRdn(name).append(',').append(GROUP_BASE).toString();
    }

    @Override
    public String renamedDn(String dn, String newName) {
        int comma = -1;
        for (int i = 0; i < dn.length(); i++) {
            if (dn.charAt(i) == '\\') {
                i++;
            } else if (dn.charAt(i) == ',') {
                comma = i;
                break;
            }
        }
        if (comma < 0 || !dn.regionMatches(true, 0, "cn=", 0, 3)) {
            return dn;
        }
        return escapedRdn(newName).append(dn.substring(comma)).toString();
    }

    private static StringBuilder escapedRdn(String name) {
        StringBuilder sb = new StringBuilder("cn=");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean edge = (i == 0 && (c == ' ' || c == '#')) || (i == name.length() - 1 && c == ' ');
            if (edge || ",+\"\\<>;=".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb;
    }

    @Override
    public Optional<String> normalize(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        List<String> rdns = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
            } else if (c == ',') {
                rdns.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        rdns.add(current.toString());
        StringBuilder norm = new StringBuilder();
        for (String rdn : rdns) {
            int eq = rdn.indexOf('=');
            if (eq <= 0 || rdn.substring(0, eq).isBlank()) {
                return Optional.empty();
            }
            if (norm.length() > 0) {
                norm.append(',');
            }
            norm.append(rdn.substring(0, eq).strip().toLowerCase(Locale.ROOT)).append('=')
                    .append(rdn.substring(eq + 1).strip().toLowerCase(Locale.ROOT));
        }
        return Optional.of(norm.toString());
    }

    /** The normalized form of a DN the test knows to be one. */
    String normalized(String dn) {
        return normalize(dn).orElseThrow(() -> new IllegalArgumentException("not a DN: " + dn));
    }
}
