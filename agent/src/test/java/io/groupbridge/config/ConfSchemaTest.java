package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code conf/groupbridge.schema.json} (issue 15, conf schema): the shipped conf and the effective conf validate
 * against it, typical mistakes do not, and it names exactly the keys {@link ConfigLoader} accepts, so the two stay in
 * step.
 */
class ConfSchemaTest {

    private static final Path SCHEMA_FILE = Path.of("../conf/groupbridge.schema.json");
    private static final Path SHIPPED = Path.of("../conf/groupbridge.yaml");

    private static JsonNode schemaTree;
    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        schemaTree = new ObjectMapper().readTree(SCHEMA_FILE.toFile());
        try (InputStream in = Files.newInputStream(SCHEMA_FILE)) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    @Test
    void theSchemaIsDraft2020_12() {
        assertThat(schemaTree.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    void theShippedConfValidates() throws IOException {
        assertThat(validate(new YAMLMapper().readTree(SHIPPED.toFile()))).isEmpty();
    }

    @Test
    void theProductionSampleValidates() throws IOException {
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("../docs/production.md")));
        assertThat(m.find()).as("a yaml block in docs/production.md").isTrue();

        assertThat(validate(yaml(m.group(1)))).isEmpty();
    }

    @Test
    void anEmptyFileAndEmptyValuesValidate() throws IOException {
        assertThat(validate(yaml(""))).isEmpty();
        assertThat(validate(yaml("directory:\n  url:\n  embedded:\nstore:\n  maxPoolSize:\n"))).isEmpty();
    }

    @Test
    void theEffectiveConfOfTheShippedConfValidates() throws Exception {
        GroupbridgeConfig shipped = new ConfigLoader(Map.of()).load(SHIPPED);

        assertThat(validate(new ObjectMapper().valueToTree(EffectiveConfig.tree(shipped)))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an unknown top-level key     | directroy:\\n  url: embedded\\n                          | directroy
            an unknown nested key        | directory:\\n  embedded:\\n    prt: 1\\n                 | prt
            a pool of 0                  | store:\\n  maxPoolSize: 0\\n                             | maxPoolSize
            a word for a duration        | schedule:\\n  incremental: soon\\n                       | incremental
            an http directory URL        | directory:\\n  url: http://ldap.corp.example\\n          | url
            a principal without password | servicePrincipals:\\n  - name: a\\n    dn: cn=a,dc=x\\n   | password
            an unknown channel           | mapping:\\n  channelRules:\\n    - base: dc=x\\n      channel: x\\n | channel
            a port out of range          | metrics:\\n  prometheusPort: 70000\\n                    | prometheusPort
            a text for a boolean         | directory:\\n  startTls: maybe\\n                       | startTls
            """)
    void aWrongConfIsRefusedNamingTheKey(String what, String conf, String key) throws IOException {
        List<Error> errors = validate(yaml(conf.replace("\\n", "\n")));

        assertThat(errors).as(what).isNotEmpty();
        assertThat(errors).as(what).anyMatch(e -> (e.getInstanceLocation() + " " + e.getMessage()).contains(key));
    }

    @Test
    void theSchemaNamesEveryKeyConfigLoaderAcceptsAndNoOther() {
        List<String> mismatches = new ArrayList<>();
        ConfigLoader.acceptedKeys().forEach((path, keys) -> {
            JsonNode section = section(path);
            List<String> named = new ArrayList<>();
            section.path("properties").fieldNames().forEachRemaining(named::add);
            if (!named.stream().sorted().toList().equals(keys.stream().sorted().toList())) {
                mismatches.add((path.isEmpty() ? "(top level)" : path) + ": schema " + named + ", loader " + keys);
            }
            if (section.path("additionalProperties").asBoolean(true)) {
                mismatches.add((path.isEmpty() ? "(top level)" : path) + ": additionalProperties is not false");
            }
        });

        assertThat(mismatches).isEmpty();
    }

    @Test
    void theEffectiveConfNamesOnlyKeysConfigLoaderAccepts() throws Exception {
        GroupbridgeConfig shipped = new ConfigLoader(Map.of()).load(SHIPPED);
        JsonNode tree = new ObjectMapper().valueToTree(EffectiveConfig.tree(shipped));

        ConfigLoader.acceptedKeys().forEach((path, keys) -> {
            JsonNode node = tree;
            for (String part : path.isEmpty() ? new String[0] : path.split("\\.")) {
                node = part.endsWith("[]") ? node.path(part.substring(0, part.length() - 2)).path(0) : node.path(part);
            }
            node.fieldNames().forEachRemaining(k -> assertThat(keys).as(path).contains(k));
        });
        assertThat(tree.path("schedule").path("clusterCheckin").asText()).isEqualTo("7500ms");
        assertThat(tree.path("requests").path("expireAfter").asText()).isEqualTo("30d");
    }

    /** The schema object of a section path such as {@code directory.embedded} or {@code servicePrincipals[]}. */
    private static JsonNode section(String path) {
        JsonNode node = schemaTree;
        for (String part : path.isEmpty() ? new String[0] : path.split("\\.")) {
            boolean list = part.endsWith("[]");
            node = node.path("properties").path(list ? part.substring(0, part.length() - 2) : part);
            if (list) {
                node = node.path("items");
            }
        }
        return node;
    }

    private static JsonNode yaml(String text) throws IOException {
        return new YAMLMapper().readTree(text);
    }

    private static List<Error> validate(JsonNode conf) {
        return schema.validate(conf.isMissingNode() ? NullNode.getInstance() : conf);
    }
}
