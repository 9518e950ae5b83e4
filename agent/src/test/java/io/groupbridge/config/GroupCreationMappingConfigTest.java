package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mapping.groupObjectClasses} and {@code none} for the gb* attributes: what a group created through groupbridge
 * becomes in the directory, checked when the conf is read (issue 10, finding 4).
 */
class GroupCreationMappingConfigTest {

    @TempDir
    Path home;

    private GroupbridgeConfig load(String mapping) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Path file = home.resolve("conf/groupbridge.yaml");
        Files.writeString(file, "mapping:\n" + mapping);
        return new ConfigLoader(Map.of()).load(file);
    }

    @Test
    void createdGroupsGetGroupbridgesSchemaByDefaultAndAdsGroupClassWithItsProfile() throws Exception {
        MappingConfig openLdap = load("  profile: openldap\n").mapping();
        MappingConfig ad = load("  profile: active-directory\n").mapping();

        assertThat(openLdap.groupObjectClasses()).containsExactly("groupOfNames", "gbGroup");
        assertThat(openLdap.mappedKindAttribute()).contains("gbGroupKind");
        assertThat(openLdap.mappedChannelAttribute()).contains("gbCreationChannel");
        assertThat(ad.groupObjectClasses()).containsExactly("group");
        assertThat(ad.mappedChannelAttribute()).as("AD has no creation channel attribute").isEmpty();
    }

    /** Issue 10, finding 4: a directory without groupbridge's schema, plain groupOfNames and owner. */
    @Test
    void noneMapsAnAttributeTheDirectoryDoesNotHave() throws Exception {
        MappingConfig m = load("  groupObjectClasses: [groupOfNames]\n  kindAttribute: none\n"
                + "  channelAttribute: None\n  membershipRuleAttribute: none\n  roleAssignableAttribute: none\n")
                .mapping();

        assertThat(m.groupObjectClasses()).containsExactly("groupOfNames");
        assertThat(m.mappedKindAttribute()).isEmpty();
        assertThat(m.mappedChannelAttribute()).isEmpty();
        assertThat(m.membershipRuleAttribute()).isEqualTo(MappingConfig.NONE);
        assertThat(m.roleAssignableAttribute()).isEqualTo(MappingConfig.NONE);
    }

    /** Issue 10, finding 4: gb* attributes without the gbGroup class would park every create-group write-back. */
    @Test
    void groupbridgeAttributesWithoutTheGbGroupClassAreRefusedAtTheirLine() {
        assertThatThrownBy(() -> load("  groupObjectClasses: [groupOfNames]\n  kindAttribute: none\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("groupbridge.yaml:2: mapping.groupObjectClasses")
                .hasMessageContaining("channelAttribute gbCreationChannel belongs to groupbridge's schema")
                .hasMessageContaining("channelAttribute: none");
        assertThatThrownBy(() -> load("  groupObjectClasses: [groupOfNames]\n  channelAttribute: none\n"
                + "  kindAttribute: gbGroupKind\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("groupbridge.yaml:4: mapping.kindAttribute");
    }

    @Test
    void objectClassesWithoutAStructuralGroupClassAreRefused() {
        assertThatThrownBy(() -> load("  groupObjectClasses: [gbGroup]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mapping.groupObjectClasses")
                .hasMessageContaining("groupOfNames, groupOfUniqueNames or group");
        assertThatThrownBy(() -> load("  groupObjectClasses: []\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mapping.groupObjectClasses");
    }
}
