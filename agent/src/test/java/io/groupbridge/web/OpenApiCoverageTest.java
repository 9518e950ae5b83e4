package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** web/openapi.yaml describes exactly the routes the server registers (issue 12 acceptance). */
class OpenApiCoverageTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @TempDir
    Path dir;

    @Test
    void everyRegisteredRouteIsInTheFileAndEveryRouteInTheFileIsRegistered() throws Exception {
        JsonNode spec;
        try (var in = OpenApiCoverageTest.class.getResourceAsStream("/web/openapi.yaml")) {
            spec = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        List<String> described = new ArrayList<>();
        for (Iterator<String> paths = spec.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> ops = spec.path("paths").path(path).fieldNames(); ops.hasNext(); ) {
                String op = ops.next();
                if (METHODS.contains(op)) {
                    described.add(op.toUpperCase(java.util.Locale.ROOT) + " " + path);
                }
            }
        }
        try (WebHarness h = WebHarness.start(dir)) {
            // The harness's stand-in pages are the panel's, not the API's.
            List<String> registered = h.server.routes().stream()
                    .filter(r -> !r.endsWith(" /probe-page") && !r.equals("GET /signin")).toList();
            assertThat(registered).isNotEmpty();
            assertThat(described).as("routes in web/openapi.yaml").containsExactlyInAnyOrderElementsOf(registered);
        }
        assertThat(WebHarness.OPENAPI).isNotNull();
    }
}
