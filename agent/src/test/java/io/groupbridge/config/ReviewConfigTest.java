package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code governance.reviews} conf section (spec V1, V3, V5, C2): schedules, reminder days, defaults and errors
 * with the key.
 */
class ReviewConfigTest {

    @TempDir
    Path home;

    private final ConfigLoader loader = new ConfigLoader(Map.of());

    private Path write(String yaml) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        return Files.writeString(home.resolve("conf/groupbridge.yaml"), yaml);
    }

    private ConfigException failing(String yaml) throws Exception {
        Path file = write(yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));
        assertThat(e).as("loading should fail for:%n%s", yaml).isNotNull();
        return e;
    }

    @Test
    void withoutTheSectionNoReviewIsScheduledAndTheJobRunsHourly() throws Exception { // spec V1
        GovernanceConfig.Reviews r = loader.load(write("")).governance().reviews();

        assertThat(r.schedules()).isEmpty();
        assertThat(r.checkEvery()).isEqualTo(Duration.ofHours(1));
        assertThat(r.remindBefore()).as("spec V5: a week before and the day before").containsExactly(7, 1);
    }

    @Test
    void reminderDaysAreReadLargestFirstAndAnEmptyListRemindsNobody() throws Exception { // spec V5
        GovernanceConfig.Reviews r = loader.load(write("""
                governance:
                  reviews:
                    remindBefore: [2, 10, 2]
                """)).governance().reviews();
        GovernanceConfig.Reviews none = loader.load(write("""
                governance:
                  reviews:
                    remindBefore: []
                """)).governance().reviews();

        assertThat(r.remindBefore()).containsExactly(10, 2);
        assertThat(none.remindBefore()).isEmpty();
    }

    @Test
    void aReminderDayThatIsNotAWholeNumberOfDaysIsReportedWithItsLine() throws Exception { // spec V5, C2
        ConfigException e = failing("""
                governance:
                  reviews:
                    checkEvery: 1h
                    remindBefore: [7, 12h]
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).startsWith("governance.reviews.remindBefore");
        assertThat(e.getMessage()).contains("12h").contains("groupbridge.yaml");
    }

    @Test
    void schedulesAreReadWithTheirScopeAndDefault() throws Exception { // spec V1, V3
        GovernanceConfig.Reviews r = loader.load(write("""
                governance:
                  reviews:
                    checkEvery: 15m
                    schedules:
                      - name: phoenix
                        group: cn=Project Phoenix,ou=groups,dc=example,dc=com
                        every: 90d
                        duration: 14d
                        default: remove
                      - name: unified
                        namePattern: "Project *"
                        kind: Unified
                        every: 30d
                        duration: 30d
                        reviewer: uid=carol,ou=people,dc=example,dc=com
                """)).governance().reviews();

        assertThat(r.checkEvery()).isEqualTo(Duration.ofMinutes(15));
        assertThat(r.schedules()).containsExactly(
                new GovernanceConfig.ReviewSchedule("phoenix",
                        Optional.of("cn=Project Phoenix,ou=groups,dc=example,dc=com"), Optional.empty(),
                        Optional.empty(), Duration.ofDays(90), Duration.ofDays(14), true, Optional.empty()),
                new GovernanceConfig.ReviewSchedule("unified", Optional.empty(), Optional.of("Project *"),
                        Optional.of("unified"), Duration.ofDays(30), Duration.ofDays(30), false,
                        Optional.of("uid=carol,ou=people,dc=example,dc=com")));
    }

    @Test
    void aScheduleWithAGroupAndAFilterIsReported() throws Exception { // spec V1, C2
        ConfigException e = failing("""
                governance:
                  reviews:
                    schedules:
                      - name: both
                        group: cn=Project Phoenix,ou=groups,dc=example,dc=com
                        kind: unified
                        every: 90d
                        duration: 14d
                """);

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.key()).isEqualTo("governance.reviews.schedules[0].group");
    }

    @Test
    void aReviewLongerThanItsScheduleIsReported() throws Exception { // spec V1, C2
        ConfigException e = failing("""
                governance:
                  reviews:
                    schedules:
                      - name: overlap
                        kind: unified
                        every: 7d
                        duration: 14d
                """);

        assertThat(e.key()).isEqualTo("governance.reviews.schedules[0].duration");
        assertThat(e.getMessage()).contains("longer than every:");
    }

    @Test
    void aDefaultOtherThanKeepOrRemoveAndATwiceUsedNameAreReported() throws Exception { // spec V3, C2
        ConfigException badDefault = failing("""
                governance:
                  reviews:
                    schedules:
                      - name: a
                        kind: unified
                        every: 7d
                        duration: 7d
                        default: delete
                """);
        ConfigException twice = failing("""
                governance:
                  reviews:
                    schedules:
                      - name: a
                        kind: unified
                        every: 7d
                        duration: 7d
                      - name: a
                        kind: security
                        every: 7d
                        duration: 7d
                """);

        assertThat(badDefault.key()).isEqualTo("governance.reviews.schedules[0].default");
        assertThat(twice.key()).isEqualTo("governance.reviews.schedules[1].name");
    }
}
