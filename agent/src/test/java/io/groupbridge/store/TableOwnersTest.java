package io.groupbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, point 4: a table several adapters write has one owner class holding its SQL. Three adapters wrote
 * {@code directory_group} with their own statements, and {@code audit_event} was inserted in five places; a sixth
 * copy would drift from the others the first time a column is added.
 */
class TableOwnersTest {

    private static final Path SOURCES = Path.of("src/main/java");

    /** The statements that change a table's rows, per table, and the one class allowed to hold them. */
    private static final Map<String, String> OWNERS = Map.of(
            "directory_group", "store/DirectoryGroups.java",
            "audit_event", "store/AuditEvents.java");

    @Test
    void eachSharedTableIsWrittenByItsOwnerOnly() throws IOException {
        for (Map.Entry<String, String> owner : OWNERS.entrySet()) {
            Pattern write = Pattern.compile("(INSERT INTO|UPDATE|DELETE FROM) " + owner.getKey() + "\\b");
            assertThat(writers(write)).as(owner.getKey()).containsExactly(owner.getValue());
        }
    }

    private static List<String> writers(Pattern write) throws IOException {
        Path root = SOURCES.resolve("io/groupbridge");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> write.matcher(read(f)).find())
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
