package io.groupbridge.config;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Streams a YAML file with Jackson's {@link YAMLParser} into {@link YamlNode}s. Data binding would lose the line of
 * every value it accepts, and the loader needs those lines for errors it only finds while validating.
 */
final class YamlTreeReader {

    private final YAMLFactory factory = YAMLFactory.builder().build();

    /** @return the document's root, or empty for a file without content (empty, or comments only) */
    Optional<YamlNode> read(Path file) throws ConfigException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                YAMLParser parser = factory.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.empty();
            }
            YamlNode root = node(file, parser, first, "");
            if (parser.nextToken() != null) {
                throw new ConfigException(file, parser.currentTokenLocation().getLineNr(), "",
                        "the file holds more than one YAML document", "a single document");
            }
            return Optional.of(root);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, 0, "", "the file does not exist", "a readable YAML conf file", e);
        } catch (StreamReadException e) {
            throw syntaxError(file, e);
        } catch (IOException e) {
            throw new ConfigException(file, 0, "", "the file cannot be read (" + e.getMessage() + ")",
                    "a readable YAML conf file", e);
        }
    }

    private YamlNode node(Path file, YAMLParser parser, JsonToken token, String path) throws IOException, ConfigException {
        int line = parser.currentTokenLocation().getLineNr();
        if (parser.isCurrentAlias()) {
            // The parser hands an alias over as its anchor's name, so `bindPassword: *pw` would silently become "pw".
            throw new ConfigException(file, line, path, "a YAML alias (*" + parser.getText() + ") is not supported",
                    "the value written out, or a secret as ${env:NAME} or file:/path");
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, YamlNode.Field> fields = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    String keyPath = path.isEmpty() ? key : path + "." + key;
                    if (fields.containsKey(key)) {
                        throw new ConfigException(file, keyLine, keyPath,
                                "duplicate key (first given on line " + fields.get(key).line() + ")",
                                "each key at most once per section");
                    }
                    YamlNode value = node(file, parser, parser.nextToken(), keyPath);
                    fields.put(key, new YamlNode.Field(key, keyLine, value));
                }
                return new YamlNode.Mapping(fields, line);
            }
            case START_ARRAY: {
                List<YamlNode> items = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    items.add(node(file, parser, t, path + "[" + items.size() + "]"));
                }
                return new YamlNode.Sequence(items, line);
            }
            case VALUE_NULL:
                return new YamlNode.Scalar(null, line);
            default:
                return new YamlNode.Scalar(parser.getText(), line);
        }
    }

    /*
     * SnakeYAML's full message quotes the offending source line, which may be a password; only its problem statement
     * and position are safe to show, and the exception is not kept as the cause for the same reason.
     */
    private static ConfigException syntaxError(Path file, StreamReadException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            return new ConfigException(file, marked.getProblemMark().getLine() + 1, "",
                    "invalid YAML: " + marked.getProblem(), "well-formed YAML");
        }
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        return new ConfigException(file, Math.max(line, 0), "", "invalid YAML", "well-formed YAML");
    }
}
