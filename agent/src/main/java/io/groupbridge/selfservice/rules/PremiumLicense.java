package io.groupbridge.selfservice.rules;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** Who holds the premium (Entra ID P1/P2) licence that L1-L3 ask for (spec S7): every user, or the members of one group. */
public sealed interface PremiumLicense {

    /** The wire value meaning every user is licensed. */
    String ALL_USERS = "all-users";

    /** Whether a principal that belongs to {@code groupDns} (nested membership included) holds the licence. */
    boolean covers(Set<String> groupDns);

    /** {@code all-users} or the licence group's DN, as the conf writes it. */
    String wireValue();

    static PremiumLicense allUsers() {
        return new AllUsers();
    }

    static PremiumLicense group(String dn) {
        return new Group(dn);
    }

    /**
     * Parses {@code all-users} (ignoring case and blanks) or takes any other value as an already normalized group DN.
     *
     * @throws IllegalArgumentException when the value is null or blank
     */
    static PremiumLicense fromWireValue(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("premiumLicense must be all-users or a group DN, got '" + value + "'");
        }
        String v = value.trim();
        return v.toLowerCase(Locale.ROOT).equals(ALL_USERS) ? allUsers() : group(v);
    }

    /** Every user is licensed. */
    record AllUsers() implements PremiumLicense {
        @Override
        public boolean covers(Set<String> groupDns) {
            return true;
        }

        @Override
        public String wireValue() {
            return ALL_USERS;
        }
    }

    /** Members of the group {@code dn}, nested members included, are licensed. */
    record Group(String dn) implements PremiumLicense {
        public Group {
            Objects.requireNonNull(dn, "dn");
        }

        @Override
        public boolean covers(Set<String> groupDns) {
            return groupDns.contains(dn);
        }

        @Override
        public String wireValue() {
            return dn;
        }
    }
}
