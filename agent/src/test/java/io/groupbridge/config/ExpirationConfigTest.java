package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.groupbridge.model.GroupKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code governance.expiration} (spec E1-E4, C2): its defaults, the values read, and errors with line and key. */
class ExpirationConfigTest {

    @TempDir
    Path home;

    private final ConfigLoader loader = new ConfigLoader(Map.of());

    private GovernanceConfig.Expiration load(String yaml) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        return loader.load(Files.writeString(home.resolve("conf/groupbridge.yaml"), yaml)).governance().expiration();
    }

    private ConfigException failing(String yaml) throws Exception {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
        assertThat(e).as("loading should fail for:%n%s", yaml).isNotNull();
        return e;
    }

    @Test
    void withoutALifetimeNoGroupExpires() throws Exception { // spec E1
        GovernanceConfig.Expiration e = load("");

        assertThat(e.lifetime()).isEmpty();
        assertThat(e.covers(GroupKind.UNIFIED)).isFalse();
        assertThat(e.kinds()).containsExactly(GroupKind.UNIFIED);
        assertThat(e.remindBefore()).containsExactly(30, 15, 1);
        assertThat(e.restoreWindow()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void theSectionIsRead() throws Exception { // spec E1, E2, E4
        GovernanceConfig.Expiration e = load("""
                governance:
                  expiration:
                    lifetime: 365d
                    kinds: [unified, security]
                    remindBefore: [7, 60]
                    restoreWindow: 14d
                    checkEvery: 10m
                """);

        assertThat(e).isEqualTo(new GovernanceConfig.Expiration(Optional.of(Duration.ofDays(365)),
                Set.of(GroupKind.UNIFIED, GroupKind.SECURITY), List.of(60, 7), Duration.ofDays(14),
                Duration.ofMinutes(10)));
        assertThat(e.covers(GroupKind.DISTRIBUTION)).isFalse();
    }

    @Test
    void anUnknownKindAReminderThatIsNoDayAndOneBeyondTheLifetimeAreRefusedNamingTheKey() throws Exception {
        ConfigException kind = failing("""
                governance:
                  expiration:
                    kinds: [teams]
                """);
        assertThat(kind.key()).isEqualTo("governance.expiration.kinds[0]");
        assertThat(kind.line()).isEqualTo(3);
        assertThat(kind.getMessage()).contains("is 'teams'; expected security, unified or distribution");
        assertThat(failing("""
                governance:
                  expiration:
                    remindBefore: [soon]
                """).getMessage()).contains("governance.expiration.remindBefore[0]");
        assertThat(failing("""
                governance:
                  expiration:
                    lifetime: 20d
                    remindBefore: [30, 1]
                """).getMessage()).contains("governance.expiration.remindBefore").contains("within the lifetime");
    }
}
