package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The settings version recorded with each decision (spec S8). */
class SettingsConfigTest {

    private static SettingsConfig settings(Optional<String> unifiedCreators, List<String> selected, String premium) {
        return new SettingsConfig(true, "none", true, false, unifiedCreators, "selected", selected, premium);
    }

    @Test
    void versionIsStableForEqualValues() {
        SettingsConfig a = settings(Optional.empty(), List.of("uid=a,dc=example,dc=com"), "all-users");
        SettingsConfig b = settings(Optional.empty(), List.of("uid=a,dc=example,dc=com"), "all-users");

        assertThat(a.version()).isEqualTo(b.version()).hasSize(12);
    }

    @Test
    void versionIgnoresDnSpellingAndSelectionOrder() {
        SettingsConfig a = settings(Optional.of("cn=Creators,ou=groups,dc=example,dc=com"),
                List.of("uid=a,dc=example,dc=com", "uid=b,dc=example,dc=com"), "cn=Premium,dc=example,dc=com");
        SettingsConfig b = settings(Optional.of("CN=creators, OU=Groups, DC=example, DC=com"),
                List.of("uid=b,dc=example,dc=com", "UID=a,dc=example,dc=com"), "cn=premium,dc=example,dc=com");

        assertThat(a.version()).isEqualTo(b.version());
    }

    @Test
    void versionChangesWithAnySetting() {
        SettingsConfig base = SettingsConfig.defaults();

        assertThat(List.of(
                new SettingsConfig(true, "none", true, true, Optional.empty(), "all", List.of(), "all-users"),
                new SettingsConfig(false, "all", true, true, Optional.empty(), "all", List.of(), "all-users"),
                new SettingsConfig(false, "none", false, true, Optional.empty(), "all", List.of(), "all-users"),
                new SettingsConfig(false, "none", true, false, Optional.empty(), "all", List.of(), "all-users"),
                new SettingsConfig(false, "none", true, true, Optional.of("cn=x,dc=y"), "all", List.of(), "all-users"),
                new SettingsConfig(false, "none", true, true, Optional.empty(), "none", List.of(), "all-users"),
                new SettingsConfig(false, "none", true, true, Optional.empty(), "all", List.of("cn=x,dc=y"), "all-users"),
                new SettingsConfig(false, "none", true, true, Optional.empty(), "all", List.of(), "cn=x,dc=y")))
                .extracting(SettingsConfig::version)
                .doesNotContain(base.version())
                .doesNotHaveDuplicates();
    }

    @Test
    void constructorRejectsValuesTheLoaderWouldReject() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SettingsConfig(false, "some", true, true,
                Optional.empty(), "all", List.of(), "all-users"));
        assertThatIllegalArgumentException().isThrownBy(() -> new SettingsConfig(false, "none", true, true,
                Optional.empty(), "all", List.of(), "Premium Licensed"));
    }
}
