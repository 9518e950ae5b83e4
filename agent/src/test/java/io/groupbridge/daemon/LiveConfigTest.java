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

    private static final String RUNNING = "directory:\n"
            + "  url: ldap://127.0.0.1:1389\n"
            + "  bindDn: cn=agent,dc=corp,dc=example\n"
            + "  bindPassword: secret\n"
            + "  groupBase: ou=groups,dc=corp,dc=example\n"
            + "store:\n"
            + "  url: jdbc:postgresql://127.0.0.1:5432/groupbridge\n"
            + "  username: groupbridge\n"
            + "  password: store-secret\n"
            + "roles:\n"
            + "  globalAdministrators: cn=Global Administrators,ou=groups,dc=corp,dc=example\n"
            + "settings:\n"
            + "  ownersCanManageJoinRequests: true\n";

    /** Issue 10, finding 8: a 0-byte or comments-only edit reset every setting and left no administrators. */
    @Test
    void anEmptiedFileIsRefusedAndTheLastGoodConfStays() throws Exception {
        Path file = write(RUNNING);
        ConfigLoader loader = new ConfigLoader(Map.of());
        LiveConfig live = new LiveConfig(loader, loader.load(file));
        GroupbridgeConfig good = live.current();

        write("");
        assertThat(live.refresh()).isSameAs(good);
        assertRefused(file, "", "the file is empty");

        write("# the conf was here\n\n");
        assertThat(live.refresh()).isSameAs(good);
        assertThat(live.current().roles().globalAdministrators()).isPresent();
        assertThat(live.current().directory().url()).isEqualTo("ldap://127.0.0.1:1389");

        write(RUNNING.replace("ownersCanManageJoinRequests: true", "ownersCanManageJoinRequests: false"));
        assertThat(live.refresh().settings().ownersCanManageJoinRequests()).isFalse();
        assertThat(live.lastError()).isEmpty();
    }

    /** Issue 10, finding 8: a file cut short before its store section would point the next start elsewhere. */
    @Test
    void anEditThatDropsTheDirectoryOrStoreSectionIsRefused() throws Exception {
        Path file = write(RUNNING);
        ConfigLoader loader = new ConfigLoader(Map.of());
        LiveConfig live = new LiveConfig(loader, loader.load(file));
        GroupbridgeConfig good = live.current();

        write(RUNNING.substring(RUNNING.indexOf("store:")));
        assertThat(live.refresh()).isSameAs(good);
        assertRefused(file, "directory", "the section is gone");

        write(RUNNING.substring(0, RUNNING.indexOf("store:")));
        assertThat(live.refresh()).isSameAs(good);
        assertRefused(file, "store", "the section is gone");
    }

    /**
     * Issue 10, finding 8: the daemon cannot switch connections, and new bases over the old connection would mix two
     * directories, so a changed connection refuses the whole edit; a changed base alone applies.
     */
    @Test
    void anEditThatChangesTheStoreOrTheDirectoryConnectionIsRefusedWhileOtherDirectoryKeysApply()
            throws Exception {
        Path file = write(RUNNING);
        ConfigLoader loader = new ConfigLoader(Map.of());
        LiveConfig live = new LiveConfig(loader, loader.load(file));
        GroupbridgeConfig good = live.current();

        write(RUNNING.replace("127.0.0.1:1389", "127.0.0.1:2389").replace("ou=groups,", "ou=teams,"));
        assertThat(live.refresh()).isSameAs(good);
        assertRefused(file, "directory", "the directory connection changed");

        write(RUNNING.replace("store-secret", "rotated-secret"));
        assertThat(live.refresh()).isSameAs(good);
        assertRefused(file, "store", "the store changed");
        assertThat(log.list).noneMatch(e -> e.getFormattedMessage().contains("rotated-secret"));

        write(RUNNING.replace("ou=groups,", "ou=teams,"));
        assertThat(live.refresh().directory().groupBase()).isEqualTo("ou=teams,dc=corp,dc=example");
        assertThat(live.lastError()).isEmpty();
    }

    /** Issue 10, finding 8: only a live edit is refused; an empty file at start still means the embedded defaults. */
    @Test
    void anEmptyFileAtStartIsTheEmbeddedDefaultsAndLaterEditsApply() throws Exception {
        Path file = write("");
        ConfigLoader loader = new ConfigLoader(Map.of());
        LiveConfig live = new LiveConfig(loader, loader.load(file));
        assertThat(live.current().directory().url()).isEqualTo("embedded");

        write("settings:\n  ownersCanManageJoinRequests: false\n");
        assertThat(live.refresh().settings().ownersCanManageJoinRequests()).isFalse();
        assertThat(live.lastError()).isEmpty();
    }

    private void assertRefused(Path file, String key, String problem) {
        assertThat(log.list).filteredOn(e -> e.getFormattedMessage().contains("conf not reloaded"))
                .last()
                .satisfies(e -> {
                    assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
                    assertThat(e.getFormattedMessage()).contains(file + ":1: " + (key.isEmpty() ? "" : key + ": ")
                            + problem, "restart of the daemon");
                });
    }
}
