package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mapping.profile}: fills the mapping and filter defaults of a kind of server; keys in the conf win. */
class DirectoryProfileConfigTest {

    @TempDir
    Path home;

    private GroupbridgeConfig load(String conf) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Path file = home.resolve("conf/groupbridge.yaml");
        Files.writeString(file, conf);
        return new ConfigLoader(Map.of()).load(file);
    }

    @Test
    void openLdapIsTheDefault() throws Exception {
        GroupbridgeConfig c = load("");

        assertThat(c.mapping().profile()).isEqualTo(DirectoryProfile.OPENLDAP);
        assertThat(c.mapping().stableIdAttribute()).isEqualTo("entryUUID");
        assertThat(c.directory().groupFilter()).isEqualTo("(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))");
        assertThat(c.mapping().profile().changeSequenceAttribute()).isEmpty();
    }

    @Test
    void ds389IsKeyedByNsUniqueId() throws Exception {
        assertThat(load("mapping:\n  profile: 389ds\n").mapping().stableIdAttribute()).isEqualTo("nsUniqueId");
    }

    @Test
    void activeDirectoryFillsItsDefaultsAndExplicitKeysOverrideThem() throws Exception {
        GroupbridgeConfig c = load("directory:\n  groupFilter: (&(objectClass=group)(cn=gb-*))\n"
                + "mapping:\n  profile: Active-Directory\n  loginAttributes: [userPrincipalName]\n");

        MappingConfig m = c.mapping();
        assertThat(m.stableIdAttribute()).isEqualTo("objectGUID");
        assertThat(m.loginAttributes()).containsExactly("userPrincipalName");
        assertThat(m.memberAttributes()).containsExactly("member");
        assertThat(m.ownerAttribute()).isEqualTo("managedBy");
        assertThat(m.kindAttribute()).isEqualTo("groupType");
        assertThat(m.personObjectClass()).isEqualTo("user");
        assertThat(m.profile().coOwnerAttributes()).isEqualTo(List.of("msExchCoManagedByLink"));
        assertThat(m.profile().changeSequenceAttribute()).contains("uSNChanged");
        assertThat(c.directory().peopleFilter()).isEqualTo("(&(objectCategory=person)(objectClass=user))");
        assertThat(c.directory().groupFilter()).isEqualTo("(&(objectClass=group)(cn=gb-*))");
    }

    @Test
    void unknownProfileNamesTheLineAndTheChoices() {
        assertThatThrownBy(() -> load("mapping:\n  stableIdAttribute: entryUUID\n  profile: novell\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("groupbridge.yaml:3: mapping.profile: unknown profile 'novell'")
                .hasMessageContaining("one of openldap, 389ds, active-directory");
    }
}
