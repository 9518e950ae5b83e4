package io.groupbridge.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The versioned migrations this build ships and whether a store already holds exactly those. A store at the current
 * schema is opened with one query instead of Flyway's migrate, which loads some 400 classes and reads and checksums
 * every script: most of a one-shot command's start (issue 13, point 8). Anything else — no history table, a version
 * missing, a failed or unknown one — goes to Flyway, which applies, repairs nothing and reports as it always has.
 */
final class Migrations {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__[^/]+\\.sql");

    private final List<String> folders;
    private final ClassLoader loader;

    /** @param folders class-path folders, e.g. {@code db/migration}, as Flyway's locations without the prefix */
    Migrations(List<String> folders) {
        this(folders, Migrations.class.getClassLoader());
    }

    Migrations(List<String> folders, ClassLoader loader) {
        this.folders = List.copyOf(folders);
        this.loader = loader;
    }

    /** The versions of the scripts under the folders, read from the class path (a jar or a directory). */
    Set<Integer> shipped() {
        Set<Integer> versions = new TreeSet<>();
        try {
            for (String folder : folders) {
                for (URL url : Collections.list(loader.getResources(folder))) {
                    for (String name : names(url, folder)) {
                        Matcher m = VERSIONED.matcher(name);
                        if (m.matches()) {
                            versions.add(Integer.parseInt(m.group(1)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the store's migrations on the class path", e);
        }
        return versions;
    }

    /**
     * Whether the store's Flyway history has every shipped version applied successfully and nothing else; false when
     * there is no history yet.
     */
    boolean current(DataSource dataSource) {
        Set<Integer> applied = new TreeSet<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT \"version\", \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return false;
                }
                applied.add(Integer.parseInt(rs.getString(1)));
            }
        } catch (SQLException | NumberFormatException e) {
            return false;
        }
        return !applied.isEmpty() && applied.equals(shipped());
    }

    private static List<String> names(URL url, String folder) throws IOException {
        switch (url.getProtocol()) {
            case "jar" -> {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(true);
                JarFile jar = connection.getJarFile();
                String prefix = folder + "/";
                List<String> names = new ArrayList<>();
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    String name = entries.nextElement().getName();
                    if (name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0) {
                        names.add(name.substring(prefix.length()));
                    }
                }
                return names;
            }
            case "file" -> {
                try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                    return files.map(p -> p.getFileName().toString()).toList();
                } catch (URISyntaxException e) {
                    throw new IOException("not a file URL: " + url, e);
                }
            }
            default -> {
                return List.of();
            }
        }
    }
}
