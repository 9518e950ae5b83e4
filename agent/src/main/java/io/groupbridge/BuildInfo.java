package io.groupbridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What Maven put into {@code io/groupbridge/build.properties} when it built this agent.
 *
 * @param version the project version, e.g. {@code 0.1.0-SNAPSHOT}
 */
public record BuildInfo(String version) {

    private static final String RESOURCE = "build.properties";

    /** @throws IllegalStateException when the build left the resource out or unfiltered */
    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("io/groupbridge/" + RESOURCE + " is missing from the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read io/groupbridge/" + RESOURCE, e);
        }
        String version = p.getProperty("version", "");
        if (version.isBlank() || version.startsWith("${")) {
            throw new IllegalStateException(
                    "io/groupbridge/" + RESOURCE + " holds no version (resource filtering off?)");
        }
        return new BuildInfo(version);
    }
}
