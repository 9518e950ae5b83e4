package io.groupbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hsqldb.jdbc.JDBCDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, point 8: a store at the current schema opens with one query, anything else goes through Flyway. */
class MigrationsTest {

    private final Migrations migrations = new Migrations(List.of("db/migration"));

    @Test
    void theShippedVersionsAreTheScriptsOfTheMigrationFolder() throws Exception {
        List<Integer> files;
        try (Stream<Path> scripts = Files.list(Path.of("src/main/resources/db/migration"))) {
            files = scripts.map(p -> p.getFileName().toString())
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .sorted().toList();
        }

        assertThat(migrations.shipped()).containsExactlyElementsOf(files);
    }

    @Test
    void theVersionsAreReadFromAJarAsFromAFolder(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("db/migration/", "db/migration/V1__a.sql", "db/migration/V12__b.sql",
                    "db/migration/README.txt", "db/migration/nested/V99__c.sql", "db/other/V50__d.sql")) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    out.write("SELECT 1;".getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(new Migrations(List.of("db/migration"), loader).shipped()).containsExactly(1, 12);
        }
    }

    @Test
    void aStoreOpenedOnceIsCurrentAndAnEmptyOneIsNot() throws Exception {
        String url = "jdbc:hsqldb:mem:current-" + UUID.randomUUID();
        try (GroupStore ignored = GroupStore.open(url, "SA", "", 2, Clock.systemUTC())) {
            assertThat(migrations.current(dataSource(url))).isTrue();
        }
        assertThat(migrations.current(dataSource("jdbc:hsqldb:mem:empty-" + UUID.randomUUID()))).isFalse();
    }

    @Test
    void aStoreMissingAVersionOrWithAFailedOneIsNotCurrent() throws Exception {
        String behind = "jdbc:hsqldb:mem:behind-" + UUID.randomUUID();
        Flyway.configure().dataSource(behind, "SA", "").locations("classpath:db/migration").target("6").load()
                .migrate();
        assertThat(migrations.current(dataSource(behind))).isFalse();

        String failed = "jdbc:hsqldb:mem:failed-" + UUID.randomUUID();
        try (GroupStore ignored = GroupStore.open(failed, "SA", "", 2, Clock.systemUTC())) {
            Jdbi.create(failed, "SA", "").useHandle(h -> h.execute(
                    "UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '3'"));
            assertThat(migrations.current(dataSource(failed))).isFalse();
        }
    }

    @Test
    void aStoreBehindTheBuildIsMigratedWhenOpened() throws Exception {
        String url = "jdbc:hsqldb:mem:upgrade-" + UUID.randomUUID();
        Flyway.configure().dataSource(url, "SA", "").locations("classpath:db/migration").target("6").load().migrate();

        try (GroupStore ignored = GroupStore.open(url, "SA", "", 2, Clock.systemUTC())) {
            assertThat(migrations.current(dataSource(url))).isTrue();
        }
    }

    private static DataSource dataSource(String url) {
        JDBCDataSource ds = new JDBCDataSource();
        ds.setUrl(url);
        ds.setUser("SA");
        ds.setPassword("");
        return ds;
    }
}
