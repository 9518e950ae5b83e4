package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code governance} conf section (spec T2-T4, N1-N3, C2): its defaults, and errors with file, line and key. */
class GovernanceConfigTest {

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
        assertThat(e.file()).isEqualTo(file);
        return e;
    }

    @Test
    void withoutTheSectionNothingIsAskedOfNamesOrMemberships() throws Exception {
        GovernanceConfig g = loader.load(write("")).governance();

        assertThat(g).isEqualTo(GovernanceConfig.defaults());
        assertThat(g.membership().checkEvery()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theSectionIsReadWithItsGroups() throws Exception { // spec T2, T3, N1, N3
        GovernanceConfig g = loader.load(write("""
                governance:
                  naming:
                    prefix: "GRP-[Department]-"
                    suffix: " ([c])"
                    blockedWords: [CEO, payroll]
                  membership:
                    maxDuration: 365d
                    checkEvery: 15m
                    groups:
                      - group: cn=Contractors,ou=groups,dc=example,dc=com
                        maxDuration: 90d
                        requireEndDate: true
                """)).governance();

        assertThat(g.naming()).isEqualTo(new GovernanceConfig.Naming("GRP-[Department]-", " ([c])",
                List.of("CEO", "payroll")));
        assertThat(g.membership().maxDuration()).contains(Duration.ofDays(365));
        assertThat(g.membership().requireEndDate()).isFalse();
        assertThat(g.membership().checkEvery()).isEqualTo(Duration.ofMinutes(15));
        assertThat(g.membership().groups()).containsExactly(new GovernanceConfig.GroupTerm(
                "cn=Contractors,ou=groups,dc=example,dc=com", Optional.of(Duration.ofDays(90)), Optional.of(true)));
    }

    @Test
    void aBracketNotAroundAnAttributeNameIsReportedWithItsLine() throws Exception { // spec N1, C2
        ConfigException e = failing("""
                governance:
                  naming:
                    prefix: "GRP-[Department-"
                """);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("governance.naming.prefix");
        assertThat(e.getMessage()).contains("bracket").contains("[Attribute]");
    }

    @Test
    void aBlockedWordOfTwoWordsIsReportedWithItsLine() throws Exception { // spec N3, C2
        ConfigException e = failing("""
                governance:
                  naming:
                    blockedWords:
                      - CEO
                      - pay roll
                """);

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.key()).isEqualTo("governance.naming.blockedWords[1]");
    }

    @Test
    void aGroupTermWithNothingToSayIsReported() throws Exception { // spec T2, C2
        ConfigException e = failing("""
                governance:
                  membership:
                    groups:
                      - group: cn=Contractors,ou=groups,dc=example,dc=com
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).isEqualTo("governance.membership.groups[0].maxDuration");
    }

    @Test
    void aGroupNamedTwiceInAnySpellingIsReported() throws Exception { // spec T2, C2
        ConfigException e = failing("""
                governance:
                  membership:
                    groups:
                      - group: cn=Contractors,ou=groups,dc=example,dc=com
                        maxDuration: 30d
                      - group: CN=contractors, OU=Groups,DC=example,DC=com
                        requireEndDate: true
                """);

        assertThat(e.line()).isEqualTo(6);
        assertThat(e.key()).isEqualTo("governance.membership.groups[1].group");
    }

    @Test
    void aMaxDurationThatIsNoDurationIsReported() throws Exception { // spec T2, C2
        ConfigException e = failing("""
                governance:
                  membership:
                    maxDuration: a year
                """);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("governance.membership.maxDuration");
    }
}
