package io.groupbridge.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed, located access to one mapping of the conf file. Every accessor either returns a valid value or throws a
 * {@link ConfigException} naming this section's dotted key and the value's line; absent and blank values count as
 * not given.
 */
final class Section {

    private final ConfigContext context;
    private final String path;
    private final int line;
    private final Map<String, YamlNode.Field> fields;

    private Section(ConfigContext context, String path, int line, Map<String, YamlNode.Field> fields) {
        this.context = context;
        this.path = path;
        this.line = line;
        this.fields = fields;
    }

    /** The root; an empty document has no keys and reports line 1 for anything missing. */
    static Section root(ConfigContext context, Optional<YamlNode> document) throws ConfigException {
        if (document.isEmpty()) {
            return new Section(context, "", 1, Map.of());
        }
        if (document.get() instanceof YamlNode.Mapping m) {
            return new Section(context, "", 1, m.fields());
        }
        throw new ConfigException(context.file(), document.get().line(), "", "the document is not a mapping",
                "top-level sections such as directory: and settings:");
    }

    int line() {
        return line;
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Rejects keys outside {@code known}, suggesting the closest known key for a likely typo. */
    Section allowOnly(List<String> known) throws ConfigException {
        for (YamlNode.Field f : fields.values()) {
            if (!known.contains(f.key())) {
                String suggestion = closest(f.key(), known).map(k -> " (did you mean " + k + "?)").orElse("");
                throw new ConfigException(context.file(), f.line(), keyPath(f.key()), "unknown key" + suggestion,
                        "one of " + String.join(", ", known));
            }
        }
        return this;
    }

    /** @return the nested section; an absent or empty one reads as having no keys */
    Section section(String key) throws ConfigException {
        YamlNode.Field f = fields.get(key);
        if (f == null || isNull(f.value())) {
            return new Section(context, keyPath(key), f == null ? 1 : f.line(), Map.of());
        }
        if (f.value() instanceof YamlNode.Mapping m) {
            return new Section(context, keyPath(key), f.line(), m.fields());
        }
        throw invalid(key, "is " + describe(f.value()), "a section of keys (key: value on the lines below)");
    }

    /** @return one section per item of a sequence of mappings; none when absent */
    List<Section> sections(String key, String itemExpected, String listExpected) throws ConfigException {
        List<YamlNode> items = sequence(key, listExpected);
        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = keyPath(key) + "[" + i + "]";
            if (!(items.get(i) instanceof YamlNode.Mapping m)) {
                throw new ConfigException(context.file(), items.get(i).line(), itemPath,
                        "is " + describe(items.get(i)), itemExpected);
            }
            sections.add(new Section(context, itemPath, m.line(), m.fields()));
        }
        return sections;
    }

    /** @return the items of a sequence of scalars, each checked by {@code parser}; empty when absent */
    List<String> texts(String key, Function<String, String> parser, String itemExpected, String listExpected)
            throws ConfigException {
        List<String> values = new ArrayList<>();
        List<YamlNode> items = sequence(key, listExpected);
        for (int i = 0; i < items.size(); i++) {
            String itemPath = keyPath(key) + "[" + i + "]";
            YamlNode item = items.get(i);
            if (!(item instanceof YamlNode.Scalar s) || blank(s)) {
                throw new ConfigException(context.file(), item.line(), itemPath, "is " + describe(item), itemExpected);
            }
            try {
                values.add(parser.apply(s.text().trim()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(context.file(), item.line(), itemPath, e.getMessage(), itemExpected);
            }
        }
        return values;
    }

    /** @return whether the key is given with a value other than YAML null */
    boolean isSet(String key) {
        YamlNode.Field f = fields.get(key);
        return f != null && !isNull(f.value());
    }

    Optional<String> text(String key) throws ConfigException {
        YamlNode.Field f = fields.get(key);
        if (f == null) {
            return Optional.empty();
        }
        if (!(f.value() instanceof YamlNode.Scalar s)) {
            throw invalid(key, "is " + describe(f.value()), "a single value");
        }
        return blank(s) ? Optional.empty() : Optional.of(s.text().trim());
    }

    /** Like {@link #text(String)} but as written, spaces kept: for text put around other text, such as a prefix. */
    Optional<String> verbatim(String key) throws ConfigException {
        YamlNode.Field f = fields.get(key);
        if (f == null || isNull(f.value())) {
            return Optional.empty();
        }
        if (!(f.value() instanceof YamlNode.Scalar s)) {
            throw invalid(key, "is " + describe(f.value()), "a single value");
        }
        return Optional.of(s.text());
    }

    String text(String key, String defaultValue) throws ConfigException {
        return text(key).orElse(defaultValue);
    }

    /**
     * @param parser turns the text into the value, or throws {@link IllegalArgumentException} saying what is wrong
     * @param expected what a valid value looks like, for the error message
     */
    <T> Optional<T> parsed(String key, Function<String, T> parser, String expected) throws ConfigException {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(text.get()));
        } catch (IllegalArgumentException e) {
            throw invalid(key, e.getMessage(), expected);
        }
    }

    int integer(String key, int defaultValue, int min, int max, String expected) throws ConfigException {
        return parsed(key, t -> {
            int v;
            try {
                v = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + t + "' is not an integer", e);
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException(v + " is out of range");
            }
            return v;
        }, expected).orElse(defaultValue);
    }

    double decimal(String key, double defaultValue, double min, double max, String expected) throws ConfigException {
        return parsed(key, t -> {
            double v;
            try {
                v = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + t + "' is not a number", e);
            }
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException(t + " is out of range");
            }
            return v;
        }, expected).orElse(defaultValue);
    }

    boolean bool(String key, boolean defaultValue) throws ConfigException {
        return parsed(key, t -> {
            if (t.equalsIgnoreCase("true")) {
                return true;
            }
            if (t.equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException("'" + t + "' is not a boolean");
        }, "true or false").orElse(defaultValue);
    }

    Duration duration(String key, Duration defaultValue) throws ConfigException {
        return parsed(key, t -> {
            Duration d = Durations.parse(t);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("'" + t + "' is not a positive duration");
            }
            return d;
        }, Durations.EXPECTED).orElse(defaultValue);
    }

    /** @param allowed the accepted values in lower case; the value is accepted in any case and returned in lower case */
    Optional<String> oneOf(String key, List<String> allowed) throws ConfigException {
        return parsed(key, t -> {
            String v = t.toLowerCase(Locale.ROOT);
            if (!allowed.contains(v)) {
                throw new IllegalArgumentException("unknown value '" + t + "'");
            }
            return v;
        }, "one of " + String.join(", ", allowed));
    }

    String oneOf(String key, String defaultValue, List<String> allowed) throws ConfigException {
        return oneOf(key, allowed).orElse(defaultValue);
    }

    Optional<String> dn(String key) throws ConfigException {
        return parsed(key, DistinguishedNames::requireValid, DistinguishedNames.EXPECTED);
    }

    Optional<Secret> secret(String key) throws ConfigException {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(context.resolveSecret(text.get(), keyPath(key), fields.get(key).value().line()));
    }

    /** A value that is present but wrong, reported at its own line. */
    ConfigException invalid(String key, String problem, String expected) {
        YamlNode.Field f = fields.get(key);
        return new ConfigException(context.file(), f == null ? line : f.value().line(), keyPath(key), problem, expected);
    }

    /** A required value that is not given, reported at this section's line (line 1 when the section is absent). */
    ConfigException missing(String key, String expected) {
        return new ConfigException(context.file(), line, keyPath(key), "is required but not set", expected);
    }

    private List<YamlNode> sequence(String key, String expected) throws ConfigException {
        YamlNode.Field f = fields.get(key);
        if (f == null || isNull(f.value())) {
            return List.of();
        }
        if (f.value() instanceof YamlNode.Sequence s) {
            return s.items();
        }
        throw invalid(key, "is " + describe(f.value()), expected);
    }

    private static boolean isNull(YamlNode node) {
        return node instanceof YamlNode.Scalar s && s.text() == null;
    }

    private static boolean blank(YamlNode.Scalar s) {
        return s.text() == null || s.text().isBlank();
    }

    private static String describe(YamlNode node) {
        if (node instanceof YamlNode.Mapping) {
            return "a section of keys";
        }
        if (node instanceof YamlNode.Sequence) {
            return "a list";
        }
        return isNull(node) || blank((YamlNode.Scalar) node) ? "empty" : "a single value";
    }

    /** The known key within a small edit distance of the typo (ignoring case), if there is one. */
    static Optional<String> closest(String typo, List<String> known) {
        String t = typo.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, t.length() / 3);
        return known.stream()
                .filter(k -> distance(t, k.toLowerCase(Locale.ROOT)) <= limit)
                .min(Comparator.comparingInt(k -> distance(t, k.toLowerCase(Locale.ROOT))));
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
