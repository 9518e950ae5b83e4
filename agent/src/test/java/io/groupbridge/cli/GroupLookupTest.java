package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Entry;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.model.GroupKind;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.InputProblem;
import io.groupbridge.selfservice.InvalidInputException;
import io.groupbridge.selfservice.SelfService;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one lookup of a group by name, DN or id ({@code SelfService.findGroup}) that every command (groups
 * show, request, join, ...) goes through, and that the web panel and the API are to call as well.
 */
class GroupLookupTest {

    private static final String VPN = "cn=VPN Users,ou=groups,dc=example,dc=com";

    @TempDir
    Path home;

    private final CliHarness cli = CliHarness.withDemoPassword();

    /** Issue 10, finding 11: a decomposed (NFD) spelling of a name finds the group stored in NFC. */
    @Test
    void aDecomposedNameFindsTheGroupStoredComposed() throws Exception {
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE); GroupbridgeApp app = t.openApp()) {
            SelfServiceSource wiring = app.selfService();
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Actor heidi = wiring.signIn().person("heidi", DemoConf.PASSWORD.toCharArray());
            ActionResult created = wiring.actions().groups().createGroup(heidi, GroupKind.SECURITY,
                    "Caf\u00e9 Z\u00fcrich",
                    null, Optional.empty(), List.of());
            String decomposed = Normalizer.normalize("Caf\u00e9 Z\u00fcrich", Normalizer.Form.NFD);
            assertThat(decomposed).isNotEqualTo("Caf\u00e9 Z\u00fcrich");

            assertThat(wiring.actions().groups().findGroup(heidi, decomposed).id()).isEqualTo(created.groupId()
                    .orElseThrow());
            assertThat(wiring.actions().groups().findGroup(heidi, "  " + decomposed.toUpperCase() + " ").id())
                    .isEqualTo(created.groupId().orElseThrow());
        }
    }

    @Test
    void aGroupIsFoundByItsIdAndAnyCaseOrSpacingOfItsDn() throws Exception {
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE); GroupbridgeApp app = t.openApp()) {
            SelfServiceSource wiring = app.selfService();
            app.reconciler().run(false, Reconciler.Progress.NONE);
            SelfService actions = wiring.actions();
            Actor grace = wiring.signIn().person("grace", DemoConf.PASSWORD.toCharArray());
            String id = actions.groups().findGroup(grace, "vpn users").id();

            assertThat(actions.groups().findGroup(grace, id).dn().written()).isEqualTo(VPN);
            assertThat(actions.groups().findGroup(grace, "CN=vpn users, ou=Groups, dc=example, dc=com").id())
                    .isEqualTo(id);
            assertThatThrownBy(() -> actions.groups().findGroup(grace, "No Such Group"))
                    .isInstanceOf(InvalidInputException.class).hasMessage("no group named 'No Such Group'")
                    .extracting(e -> ((InvalidInputException) e).problem()).isEqualTo(InputProblem.NO_SUCH_GROUP);
            assertThatThrownBy(() -> actions.groups().findGroup(grace, "  "))
                    .extracting(e -> ((InvalidInputException) e).problem()).isEqualTo(InputProblem.GROUP_REQUIRED);
        }
    }

    /**
     * Issue 11, point 2: the command line's lookup included deleted groups, so once a group was deleted from the
     * directory and made again at the same DN, its name and its DN both named two groups, and the way out the
     * message offered ("give the DN") listed the same DN twice. A live group now wins over a deleted one.
     */
    @Test
    void aDeletedGroupDoesNotMakeTheGroupMadeAgainAtItsDnAmbiguous() throws Exception {
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE)) {
            String conf = t.confFile().toString();
            assertThat(cli.run("--conf", conf, "reconcile")).isZero();
            InMemoryDirectoryServer ldap = t.directory().server();
            Entry vpn = ldap.getEntry(VPN);
            ldap.delete(VPN);
            assertThat(cli.run("--conf", conf, "reconcile")).as(cli.err()).isZero();
            // Made again: the server gives the new entry an entryUUID of its own.
            ldap.add(new Entry(vpn.getDN(), vpn.getAttributes().stream()
                    .filter(a -> List.of("objectClass", "cn", "member", "owner", "description")
                            .contains(a.getBaseName()))
                    .toList()));
            assertThat(cli.run("--conf", conf, "reconcile")).as(cli.err()).isZero();

            assertThat(cli.run("--conf", conf, "groups", "show", "VPN Users", "--user", "grace")).as(cli.err())
                    .isZero();
            assertThat(cli.out()).contains("state:        active");
            assertThat(cli.run("--conf", conf, "groups", "show", VPN, "--user", "grace")).as(cli.err()).isZero();
        }
    }

    /** A group gone from the directory, and made again nowhere, is still shown; an action on it says it is gone. */
    @Test
    void aDeletedGroupIsStillShownAndAnActionOnItSaysItWasDeleted() throws Exception {
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE)) {
            String conf = t.confFile().toString();
            assertThat(cli.run("--conf", conf, "reconcile")).isZero();
            t.directory().server().delete(VPN);
            assertThat(cli.run("--conf", conf, "reconcile")).as(cli.err()).isZero();

            assertThat(cli.run("--conf", conf, "groups", "show", "VPN Users", "--user", "grace")).as(cli.err())
                    .isZero();
            assertThat(cli.out()).contains("state:        deleted");
            assertThat(cli.run("--conf", conf, "join", "VPN Users", "--user", "heidi")).isEqualTo(2);
            assertThat(cli.err()).contains("group 'VPN Users' was deleted from the directory");
        }
    }

    /** The command line's words and exit codes for a name that matches nothing, or several groups. */
    @Test
    void anUnknownNameAndAnAmbiguousNameExitWithTwoAndSayWhatToDo() throws Exception {
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE)) {
            String conf = t.confFile().toString();
            assertThat(cli.run("--conf", conf, "reconcile")).isZero();
            InMemoryDirectoryServer ldap = t.directory().server();
            ldap.add("dn: ou=archive,ou=groups,dc=example,dc=com", "objectClass: organizationalUnit", "ou: archive");
            ldap.add("dn: cn=VPN Users,ou=archive,ou=groups,dc=example,dc=com", "objectClass: groupOfNames",
                    "cn: VPN Users", "member: uid=heidi,ou=people,dc=example,dc=com");
            assertThat(cli.run("--conf", conf, "reconcile")).as(cli.err()).isZero();

            assertThat(cli.run("--conf", conf, "groups", "show", "No Such Group", "--user", "grace")).isEqualTo(2);
            assertThat(cli.err()).isEqualToIgnoringNewLines(
                    "error: no group named 'No Such Group' (groups list shows them all)");

            assertThat(cli.run("--conf", conf, "join", "vpn users", "--user", "heidi", "--json")).isEqualTo(2);
            assertThat(cli.out()).contains("\"code\" : \"ambiguous-group\"",
                    "'vpn users' names 2 groups; give the DN of the one you mean:",
                    "cn=VPN Users,ou=archive,ou=groups,dc=example,dc=com", VPN);
        }
    }
}
