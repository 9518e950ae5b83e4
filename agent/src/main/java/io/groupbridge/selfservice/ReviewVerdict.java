package io.groupbridge.selfservice;

import java.util.Locale;

/** What a reviewer decides for one member, and what a review gives the members nobody decided (spec V2, V3). */
public enum ReviewVerdict {
    KEEP("keep"),
    REMOVE("remove");

    private final String wireName;

    ReviewVerdict(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the store, the conf, the command line and JSON. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name, ignoring case and surrounding blanks.
     *
     * @throws InvalidInputException naming the accepted values
     */
    public static ReviewVerdict fromWireName(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (ReviewVerdict d : values()) {
            if (d.wireName.equals(v)) {
                return d;
            }
        }
        throw new InvalidInputException(InputProblem.INVALID_REVIEW, "unknown review decision '" + value
                + "', expected keep or remove");
    }
}
