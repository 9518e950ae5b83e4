package io.groupbridge.config;

import java.util.List;
import java.util.Map;

/** A parsed YAML value that remembers its line, so that validation after parsing can still point at the file. */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    /** @return the 1-based line the value starts on */
    int line();

    /** @param text the scalar's text, {@code null} for an explicit or implied YAML null ({@code key:}) */
    record Scalar(String text, int line) implements YamlNode {
    }

    /** @param fields in file order, keyed by name */
    record Mapping(Map<String, Field> fields, int line) implements YamlNode {
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
    }

    /** @param line the line of the key, which is where a person looks for it */
    record Field(String key, int line, YamlNode value) {
    }
}
