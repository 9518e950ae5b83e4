package io.groupbridge.selfservice;

import java.text.Normalizer;

/**
 * Checks free text people type (group names, descriptions, justifications, reasons) before any rule is asked.
 * LDAP special characters and non-ASCII letters are fine: they are escaped where a DN is built. Control characters
 * are not: they have no business in a name and can hide what a listing shows.
 */
final class TextInput {

    static final int MAX_DESCRIPTION = 1024;
    static final int MAX_TEXT = 4000;

    private TextInput() {
    }

    /** @return the name stripped and in Unicode NFC, so visually equal names compare equal */
    static String groupName(String raw, int maxLength) {
        // Before stripping, which would quietly drop some of them (U+2028, U+3000) and leave a look-alike.
        requireVisible(raw == null ? "" : raw);
        String name = raw == null ? "" : Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
        if (name.isEmpty()) {
            throw new InvalidInputException(InputProblem.NAME_BLANK, "a group name must not be blank");
        }
        int length = name.codePointCount(0, name.length());
        if (length > maxLength) {
            throw new InvalidInputException(InputProblem.NAME_TOO_LONG,
                    "a group name may have at most " + maxLength + " characters; this one has "
                    + length);
        }
        requireNoControl(name, "a group name", false);
        return name;
    }

    /**
     * Refuses what makes a name look like another one, or hides part of it: format characters (category Cf: zero-width
     * space and joiners, bidi controls such as U+202E), spaces other than U+0020 (no-break space U+00A0, U+3000, ...),
     * line and paragraph separators, and unassigned, private-use and lone surrogate code points.
     */
    private static void requireVisible(String name) {
        name.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            boolean invisible = switch (type) {
                case Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.UNASSIGNED,
                        Character.PRIVATE_USE, Character.SURROGATE -> true;
                case Character.SPACE_SEPARATOR -> cp != ' ';
                default -> false;
            };
            if (invisible) {
                String what = Character.getName(cp);
                throw new InvalidInputException(InputProblem.NAME_CHARACTER,
                        "a group name must not contain U+" + String.format("%04X", cp)
                        + (what == null ? "" : " (" + what + ")") + ": invisible and spacing characters other than a"
                        + " plain space can make a name look like another group's");
            }
        });
    }

    /** @return the description stripped, or {@code null} when blank */
    static String description(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String text = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
        if (text.length() > MAX_DESCRIPTION) {
            throw new InvalidInputException(InputProblem.TEXT_TOO_LONG,
                    "a description may have at most " + MAX_DESCRIPTION + " characters");
        }
        requireNoControl(text, "a description", false);
        return text;
    }

    /** Justifications and reasons: line breaks and tabs allowed, other control characters not. */
    static String text(String raw, String what) {
        String text = raw == null ? "" : raw.strip();
        if (text.length() > MAX_TEXT) {
            throw new InvalidInputException(InputProblem.TEXT_TOO_LONG,
                    what + " may have at most " + MAX_TEXT + " characters");
        }
        requireNoControl(text, what, true);
        return text;
    }

    private static void requireNoControl(String text, String what, boolean lineBreaksAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = lineBreaksAllowed && (c == '\n' || c == '\r' || c == '\t');
            if (Character.isISOControl(c) && !allowed) {
                throw new InvalidInputException(InputProblem.TEXT_CONTROL_CHARACTER,
                        what + " must not contain control characters (found U+"
                        + String.format("%04X", (int) c) + ")");
            }
        }
    }
}
