package io.groupbridge.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Comma-separated values as RFC 4180 has them (spec B2), for the exports a spreadsheet opens and the lists
 * {@code members add --file} reads: a cell with a comma, a double quote or a line break is quoted, its quotes
 * doubled, and lines end in CRLF. A cell a spreadsheet would take for a formula (one starting with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return) is written with a leading {@code '}, so that an
 * exported name or audit detail someone typed cannot run in the reader's spreadsheet (OWASP's CSV injection).
 */
final class Csv {

    private Csv() {
    }

    /** Prints one record; a {@code null} cell is empty. */
    static void print(PrintWriter out, Object... cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(cell(cells[i]));
        }
        out.print(line.append("\r\n"));
    }

    /** One cell, guarded and quoted as needed. */
    static String cell(Object value) {
        String text = value == null ? "" : value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    /**
     * The records of {@code text}: quoted cells may hold commas, doubled quotes and line breaks; lines end in CRLF or
     * LF; an empty last line is no record.
     *
     * @throws IllegalArgumentException naming the line of a quote that is not closed or a stray one
     */
    static List<List<String>> read(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int line = 1;
        int recordLine = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
            } else if (c == '"') {
                if (cell.length() > 0 || wasQuoted) {
                    throw new IllegalArgumentException("line " + line + ": a quote inside a cell that is not quoted");
                }
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                record.add(cell.toString());
                cell.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(cell.toString());
                records.add(record);
                record = new ArrayList<>();
                cell.setLength(0);
                wasQuoted = false;
                line++;
                recordLine = line;
            } else {
                if (wasQuoted) {
                    throw new IllegalArgumentException("line " + line + ": text after a quoted cell's closing quote");
                }
                cell.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + recordLine + ": a quoted cell is not closed");
        }
        if (cell.length() > 0 || !record.isEmpty() || wasQuoted) {
            record.add(cell.toString());
            records.add(record);
        }
        return records;
    }
}
