package io.groupbridge.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One problem in the conf file, located precisely enough to fix it without guessing (spec C2). The message reads
 * {@code <file>:<line>: <key>: <what is wrong>; expected <what>}; the line is left out when unknown and the key when
 * the problem is not tied to one (a YAML syntax error, an unreadable file). Messages never contain a secret's value.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String key;
    private final String problem;
    private final String expected;

    /**
     * @param line 1-based line, 0 if unknown
     * @param key dotted path such as {@code directory.pageSize} or {@code servicePrincipals[1].dn}, empty if none
     */
    public ConfigException(Path file, int line, String key, String problem, String expected) {
        this(file, line, key, problem, expected, null);
    }

    public ConfigException(Path file, int line, String key, String problem, String expected, Throwable cause) {
        super(format(file, line, key, problem, expected), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.key = Objects.requireNonNull(key, "key");
        this.problem = Objects.requireNonNull(problem, "problem");
        this.expected = Objects.requireNonNull(expected, "expected");
    }

    public Path file() {
        return file;
    }

    /** @return the 1-based line, or 0 if unknown */
    public int line() {
        return line;
    }

    /** @return the dotted key path, or an empty string if the problem concerns the whole file */
    public String key() {
        return key;
    }

    /** @return what is wrong, without location */
    public String problem() {
        return problem;
    }

    public String expected() {
        return expected;
    }

    private static String format(Path file, int line, String key, String problem, String expected) {
        StringBuilder b = new StringBuilder().append(file);
        if (line > 0) {
            b.append(':').append(line);
        }
        b.append(": ");
        if (!key.isEmpty()) {
            b.append(key).append(": ");
        }
        // Library messages (UnboundID's DN and filter errors) end in a period, which reads badly before ';'.
        String what = problem.endsWith(".") ? problem.substring(0, problem.length() - 1) : problem;
        return b.append(what).append("; expected ").append(expected).toString();
    }
}
