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
    // Narrower than this a column is no longer readable; a table with many columns may then exceed the width.
    private static final int MIN_COLUMN = 10;

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
                int floor = Math.max(MIN_COLUMN, headers.get(i).length());
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

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - ELLIPSIS.length()) + ELLIPSIS;
    }

    /* Breaks after a comma or a space in the second half of the line when there is one, so DNs wrap at an RDN. */
    private static List<String> wrap(String text, int width) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (rest.length() > width) {
            int at = Math.max(rest.lastIndexOf(',', width - 1), rest.lastIndexOf(' ', width - 1)) + 1;
            if (at <= width / 2) {
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
