package io.groupbridge.cli;

/** A count with its noun in the right number: "1 warning", "2 warnings". */
final class Plural {

    private Plural() {
    }

    /** @param singular a noun whose plural adds an s */
    static String of(long count, String singular) {
        return count + " " + singular + (count == 1 ? "" : "s");
    }
}
