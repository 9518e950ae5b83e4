package io.groupbridge.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A plain-text table that fits the terminal: columns are as wide as their widest cell while the whole fits, and
 * otherwise the widest columns give way first. A cell too long for its column wraps onto further lines, so names,
 * DNs and ids are never cut; only columns declared {@link #truncating} (free text such as a justification or an
 * error) are cut short, ending in an ellipsis.
 */
final class Table {

    private static final String GAP = "  ";
    private static final String ELLIPSIS = "…";
    // Free text is cut no shorter than this; a table with many columns may then exceed the width.
    private static final int MIN_COLUMN = 10;
    // A wrapped column keeps its longest word whole, unless the word is longer than this.
    private static final int MAX_WORD = 20;
    // Where a wrapped cell may break: after a space, a comma (between RDNs) or a hyphen (owner-approval).
    private static final String BREAKS = " ,-";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final Set<Integer> truncating = new HashSet<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** Declares free-text columns whose long cells are cut with an ellipsis instead of wrapped. */
    Table truncating(String... columns) {
        for (String c : columns) {
            int i = headers.indexOf(c);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + c + " in " + headers);
            }
            truncating.add(i);
        }
        return this;
    }

    Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(cells.length + " cells for the " + headers.size() + " columns "
                    + headers);
        }
        List<String> row = new ArrayList<>();
        for (Object c : cells) {
            // To the second: the microseconds of a time only push its column wider (--json keeps them).
            Object cell = c instanceof Instant at ? at.truncatedTo(ChronoUnit.SECONDS) : c;
            row.add(cell == null ? "" : String.valueOf(cell).replaceAll("\\R", " "));
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** @param width the terminal's width in columns, see {@link CliEnvironment#columns()} */
    void print(PrintWriter out, int width) {
        int[] widths = fit(width);
        line(out, headers, widths);
        for (List<String> row : rows) {
            List<List<String>> cells = new ArrayList<>();
            int height = 1;
            for (int i = 0; i < widths.length; i++) {
                List<String> parts = truncating.contains(i) ? List.of(cut(row.get(i), widths[i]))
                        : wrap(row.get(i), widths[i]);
                cells.add(parts);
                height = Math.max(height, parts.size());
            }
            for (int l = 0; l < height; l++) {
                List<String> physical = new ArrayList<>();
                for (List<String> parts : cells) {
                    physical.add(l < parts.size() ? parts.get(l) : "");
                }
                line(out, physical, widths);
            }
        }
    }

    private int[] fit(int width) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        int total = GAP.length() * (widths.length - 1);
        for (int w : widths) {
            total += w;
        }
        // Free text gives way first: cutting it costs one line, wrapping a name costs several.
        total = shrink(widths, total, width, true);
        shrink(widths, total, width, false);
        return widths;
    }

    private int shrink(int[] widths, int total, int width, boolean freeText) {
        while (total > width) {
            int widest = -1;
            for (int i = 0; i < widths.length; i++) {
                int floor = Math.max(headers.get(i).length(), freeText ? MIN_COLUMN : longestWord(i));
                if (truncating.contains(i) == freeText && widths[i] > floor
                        && (widest < 0 || widths[i] > widths[widest])) {
                    widest = i;
                }
            }
            if (widest < 0) {
                return total;
            }
            widths[widest]--;
            total--;
        }
        return total;
    }

    private int longestWord(int column) {
        int longest = 0;
        for (List<String> row : rows) {
            int start = 0;
            String cell = row.get(column);
            for (int i = 0; i < cell.length(); i++) {
                if (BREAKS.indexOf(cell.charAt(i)) >= 0) {
                    longest = Math.max(longest, i + 1 - start);
                    start = i + 1;
                }
            }
            longest = Math.max(longest, cell.length() - start);
        }
        return Math.min(longest, MAX_WORD);
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - ELLIPSIS.length()) + ELLIPSIS;
    }

    /* Breaks at the last break character that fits, so DNs wrap at an RDN; a word longer than the column is split. */
    private static List<String> wrap(String text, int width) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (rest.length() > width) {
            int at = 0;
            for (int i = width - 1; i > 0 && at == 0; i--) {
                if (BREAKS.indexOf(rest.charAt(i)) >= 0) {
                    at = i + 1;
                }
            }
            if (at == 0) {
                at = width;
            }
            parts.add(rest.substring(0, at).stripTrailing());
            rest = rest.substring(at).stripLeading();
        }
        parts.add(rest);
        return parts;
    }

    private static void line(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            sb.append(cells.get(i));
            if (i < cells.size() - 1) {
                sb.append(" ".repeat(widths[i] - cells.get(i).length())).append(GAP);
            }
        }
        out.println(sb.toString().stripTrailing());
    }
}
