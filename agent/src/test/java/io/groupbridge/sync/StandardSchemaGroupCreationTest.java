package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.Schema;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.model.GroupKind;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.InvalidInputException;
import io.groupbridge.selfservice.SelfService;
import io.groupbridge.selfservice.rules.Actor;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, finding 4, end to end: a directory with only the standard schema (no groupbridge schema, schema checking
 * on), a mapping of plain {@code groupOfNames} and {@code owner} with no gb* attributes; groups created through
 * groupbridge are written back and read as they were created.
 */
class StandardSchemaGroupCreationTest {

    private static final String BASE = "dc=example,dc=com";
    private static final String GROUPS = "ou=groups," + BASE;
    private static final String ANN = "uid=ann,ou=people," + BASE;
    private static final String BEN = "uid=ben,ou=people," + BASE;
    private static final String MANAGER = "cn=Directory Manager";
    private static final String PASSWORD = "standard-schema-secret";

    @TempDir
    Path home;

    private InMemoryDirectoryServer ldap;
    private GroupbridgeApp app;
    private SelfServiceSource wiring;

    @BeforeEach
    void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setSchema(Schema.getDefaultStandardSchema());
        config.addAdditionalBindCredentials(MANAGER, PASSWORD);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(),
                0, null));
        ldap = new InMemoryDirectoryServer(config);
        ldap.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
        ldap.add("dn: ou=people," + BASE, "objectClass: organizationalUnit", "ou: people");
        ldap.add("dn: " + GROUPS, "objectClass: organizationalUnit", "ou: groups");
        for (String uid : List.of("ann", "ben")) {
            ldap.add("dn: uid=" + uid + ",ou=people," + BASE, "objectClass: inetOrgPerson", "uid: " + uid,
                    "cn: " + uid, "sn: " + uid, "mail: " + uid + "@example.com", "userPassword: " + PASSWORD);
        }
        ldap.add("dn: cn=Admins," + GROUPS, "objectClass: groupOfNames", "cn: Admins", "member: " + ANN,
                "owner: " + ANN);
        ldap.startListening();

        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/groupbridge.yaml"), "directory:\n"
                + "  url: ldap://127.0.0.1:" + ldap.getListenPort() + "\n"
                + "  bindDn: " + MANAGER + "\n"
                + "  bindPassword: " + PASSWORD + "\n"
                + "mapping:\n"
                + "  groupObjectClasses: [groupOfNames]\n"
                + "  kindAttribute: none\n"
                + "  channelAttribute: none\n"
                + "  membershipRuleAttribute: none\n"
                + "  roleAssignableAttribute: none\n"
                + "roles:\n"
                + "  globalAdministrators: cn=Admins," + GROUPS + "\n");
        app = GroupbridgeApp.open(new ConfigLoader(Map.of()).load(home.resolve("conf/groupbridge.yaml")),
                Clock.systemUTC());
        app.reconciler().run(false, Reconciler.Progress.NONE);
        wiring = app.selfService();
    }

    @AfterEach
    void stop() {
        app.close();
        ldap.shutDown(true);
    }

    private Actor person(String login) throws Exception {
        return wiring.signIn().person(login, PASSWORD.toCharArray());
    }

    private String stored(String sql) {
        return app.store().jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    @Test
    void createdGroupsReachADirectoryWithoutGroupbridgesSchema() throws Exception {
        SelfService actions = wiring.actions();
        ActionResult byAdmin = actions.groups().createGroup(person("ann"), GroupKind.SECURITY, "Lab Doors",
                "door access",
                Optional.empty(), List.of("ben"));
        ActionResult byUser = actions.groups().createGroup(person("ben"), GroupKind.SECURITY, "Reading Circle", null,
                Optional.empty(), List.of());
        assertThat(byAdmin.allowed()).as(byAdmin.message()).isTrue();
        assertThat(byUser.allowed()).as(byUser.message()).isTrue();

        WriteBackReport report = app.outboxRelay().run();

        assertThat(report.groupsCreated()).isEqualTo(2);
        assertThat(report.parked() + report.retrying()).isZero();
        for (String name : List.of("Lab Doors", "Reading Circle")) {
            Entry entry = ldap.getEntry("cn=" + name + "," + GROUPS, "*", "+");
            assertThat(entry).as(name).isNotNull();
            assertThat(entry.getObjectClassValues()).containsExactlyInAnyOrder("top", "groupOfNames");
            assertThat(entry.getAttributes()).extracting(Attribute::getBaseName)
                    .noneMatch(a -> a.toLowerCase(java.util.Locale.ROOT).startsWith("gb"));
            assertThat(entry.getAttributeValues("owner")).containsExactly(BEN);
            assertThat(entry.getAttributeValues("member")).containsExactly(BEN);
            assertThat(stored("SELECT state || ':' || id FROM directory_group WHERE name = '" + name + "'"))
                    .isEqualTo("active:" + entry.getAttributeValue("entryUUID"));
        }
        assertThat(stored("SELECT policy FROM directory_group WHERE name = 'Lab Doors'")).isEqualTo("owners-only");
        assertThat(stored("SELECT policy FROM directory_group WHERE name = 'Reading Circle'")).isEqualTo("open");
        assertThat(app.reconciler().run(false, Reconciler.Progress.NONE).noChanges()).isTrue();
    }

    @Test
    void aUnifiedGroupIsRefusedWhenTheMappingHasNoKindAttribute() throws Exception {
        Actor ben = person("ben");

        assertThatThrownBy(() -> wiring.actions().groups().createGroup(ben, GroupKind.UNIFIED, "Tea", null,
                Optional.empty(),
                List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("mapping.kindAttribute");
        assertThat(stored("SELECT COUNT(*) FROM outbox")).isEqualTo("0");
    }
}
