package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.model.GroupKind;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The naming policy (spec N1-N5) as the composition root wires it: the creator's attributes come from the embedded
 * demo directory at the moment of creation, and a refusal stores nothing but its audit entry.
 */
class NamingPolicyCreationTest {

    @TempDir
    Path home;

    private TestHome testHome;
    private GroupbridgeApp app;
    private SelfServiceSource wiring;

    @BeforeEach
    void start() throws Exception {
        testHome = TestHome.start(home, null, DemoConf.SELF_SERVICE + """
                governance:
                  naming:
                    prefix: "GRP-[departmentNumber]-"
                    suffix: ""
                    blockedWords: [CEO, payroll]
                """);
        app = testHome.openApp();
        app.reconciler().run(false, Reconciler.Progress.NONE);
        wiring = app.selfService();
    }

    @AfterEach
    void stop() {
        app.close();
        testHome.close();
    }

    private Actor person(String login) throws SignInException {
        return wiring.signIn().person(login, DemoConf.PASSWORD.toCharArray());
    }

    private List<Map<String, Object>> rows(String sql) {
        return app.store().jdbi().withHandle(h -> h.createQuery(sql).mapToMap().list());
    }

    @Test
    void aUsersGroupIsNamedWithThePrefixAndTheirDepartmentFromTheDirectory() throws Exception { // spec N1
        ActionResult r = wiring.actions().groups().createGroup(person("heidi"), GroupKind.UNIFIED, "Rust Guild", null,
                Optional.empty(), List.of());

        assertThat(r.allowed()).isTrue();
        assertThat(r.message()).contains("'GRP-Engineering-Rust Guild'");
        assertThat(rows("SELECT name, dn FROM directory_group WHERE state = 'creating'"))
                .singleElement().satisfies(g -> {
                    assertThat(g.get("name")).isEqualTo("GRP-Engineering-Rust Guild");
                    assertThat((String) g.get("dn")).startsWith("cn=GRP-Engineering-Rust Guild,");
                });
    }

    @Test
    void aBlockedWordIsRefusedNamingTheRuleAndNothingIsCreated() throws Exception { // spec N3, A15
        ActionResult r = wiring.actions().groups().createGroup(person("heidi"), GroupKind.UNIFIED, "Ceo Office", null,
                Optional.empty(), List.of());

        assertThat(r.allowed()).isFalse();
        assertThat(r.rule()).isEqualTo("N3");
        assertThat(r.message()).contains("'ceo'");
        assertThat(rows("SELECT id FROM directory_group WHERE state = 'creating'")).isEmpty();
        assertThat(rows("SELECT id FROM outbox")).isEmpty();
        assertThat(rows("SELECT decided_rule FROM audit_event WHERE action_name = 'create-group'"))
                .extracting(m -> m.values().iterator().next()).containsExactly("N3");
    }

    @Test
    void aRenameByAUserIsHeldToThePolicyAsACreationIs() throws Exception { // spec N6, N1, N3
        Actor heidi = person("heidi");
        ActionResult created = wiring.actions().groups().createGroup(heidi, GroupKind.UNIFIED, "Rust Guild", null,
                Optional.empty(), List.of());
        app.outboxRelay().run();
        String id = wiring.actions().groups().findGroup(heidi, "GRP-Engineering-Rust Guild").id();

        ActionResult blocked = wiring.actions().groups().editGroup(heidi, id, Optional.of("CEO Guild"),
                Optional.empty(), Optional.empty());
        ActionResult renamed = wiring.actions().groups().editGroup(heidi, id, Optional.of("Go Guild"),
                Optional.empty(), Optional.empty());

        assertThat(created.allowed()).isTrue();
        assertThat(blocked.allowed()).isFalse();
        assertThat(blocked.rule()).isEqualTo("N3");
        assertThat(renamed.allowed()).as(renamed.message()).isTrue();
        assertThat(rows("SELECT payload FROM outbox WHERE operation = 'rename-group'"))
                .extracting(m -> m.get("payload")).containsExactly("GRP-Engineering-Go Guild");
    }

    @Test
    void anAdministratorIsNotHeldToThePolicy() throws Exception { // spec N5
        ActionResult r = wiring.actions().groups().createGroup(person("bob"), GroupKind.UNIFIED, "Payroll Admins",
                null, Optional.empty(), List.of("heidi"));

        assertThat(r.allowed()).isTrue();
        assertThat(rows("SELECT name FROM directory_group WHERE state = 'creating'"))
                .extracting(m -> m.get("name")).containsExactly("Payroll Admins");
    }
}
