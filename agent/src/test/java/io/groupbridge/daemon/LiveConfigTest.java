package io.groupbridge.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.config.GroupbridgeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Live conf reload (spec C2, C3, S8): a valid edit applies at the next refresh, an invalid one keeps the last good. */
class LiveConfigTest {

    @TempDir
    Path home;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(LiveConfig.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    private Path write(String text) throws Exception {
        Path file = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aValidEditAppliesAtTheNextRefreshAndTellsListeners() throws Exception { // spec C3, S8
        Path file = write("settings:\n  ownersCanManageJoinRequests: false\n");
        ConfigLoader loader = new ConfigLoader(Map.of());
        LiveConfig live = new LiveConfig(loader, loader.load(file));
        List<GroupbridgeConfig> told = new ArrayList<>();
        live.onChange(told::add);
        String before = live.current().settings().version();

        assertThat(live.refresh()).isSameAs(live.current());
        assertThat(told).isEmpty();

        write("settings:\n  ownersCanManageJoinRequests: true\n");
        GroupbridgeConfig after = live.refresh();

        assertThat(after.settings().ownersCanManageJoinRequests()).isTrue();
        assertThat(after.settings().version()).isNotEqualTo(before);
        assertThat(live.current()).isSameAs(after);
        assertThat(told).containsExactly(after);
        assertThat(live.lastError()).isEmpty();
    }

    @Test
    void anInvalidEditIsLoggedWithFileLineAndKeyAndTheLastGoodConfStays() throws Exception { // spec C2
        Path file = write("settings:\n  ownersCanManageJoinRequests: true\n");
        ConfigLoader loader = new ConfigLoader(Map.of());
        LiveConfig live = new LiveConfig(loader, loader.load(file));
        GroupbridgeConfig good = live.current();

        write("settings:\n  ownersCanManageJoinRequests: false\nreconcile:\n  batchSize: lots\n");
        assertThat(live.refresh()).isSameAs(good);
        live.refresh();

        assertThat(live.lastError()).hasValueSatisfying(e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.key()).isEqualTo("reconcile.batchSize");
        });
        assertThat(log.list).filteredOn(e -> e.getFormattedMessage().contains("conf not reloaded"))
                .singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage())
                        .contains(file + ":4: reconcile.batchSize: 'lots' is not an integer")
                        .contains("the last good conf (settings version " + good.settings().version() + ")"));

        write("settings:\n  ownersCanManageJoinRequests: false\n");
        assertThat(live.refresh().settings().ownersCanManageJoinRequests()).isFalse();
        assertThat(live.lastError()).isEmpty();
    }
}
