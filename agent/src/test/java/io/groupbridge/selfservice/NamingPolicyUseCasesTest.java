package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.model.GroupKind;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.selfservice.rules.NamingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The naming policy (spec N1-N6) as creation and rename apply it, on the in-memory fakes, with a directory of
 * attributes that records what it was asked: when the creator's attributes are read, and what a refusal leaves
 * behind (its audit entry only). {@code NamingPolicyCreationTest} keeps the same on the embedded directory.
 */
class NamingPolicyUseCasesTest {

    private final UseCaseWorld w = new UseCaseWorld();
    private final List<String> asked = new ArrayList<>();
    // bob is in Engineering; carol's entry has no department.
    private final PersonAttributes directory = (dn, names) -> {
        asked.add(dn + " " + names);
        return dn.equals(w.bob.dn().written()) ? Map.of("department", "Eng") : Map.of();
    };

    private SelfService services(NamingPolicy policy) {
        return w.services(w.options(policy, MembershipTerms.none(), MailNotices.none()), directory);
    }

    private static NamingPolicy grpDepartment() {
        return new NamingPolicy("GRP-[Department]-", "", Set.of("CEO"));
    }

    private ActionResult create(SelfService s, Person who, String name) {
        return s.groups().createGroup(w.actor(who), GroupKind.UNIFIED, name, null, Optional.empty(), List.of());
    }

    @Test
    void aUsersGroupGetsThePrefixWithTheirAttributeReadFromTheDirectoryThen() { // spec N1
        ActionResult r = create(services(grpDepartment()), w.bob, "Rust Guild");

        assertThat(r.allowed()).as(r.message()).isTrue();
        assertThat(r.message()).startsWith("created group 'GRP-Eng-Rust Guild' (cn=GRP-Eng-Rust Guild,");
        assertThat(asked).containsExactly(w.bob.dn().written() + " [department]");
        assertThat(w.outbox(OutboxOperation.CREATE_GROUP)).singleElement()
                .satisfies(row -> assertThat(row.item().groupDn()).startsWith("cn=GRP-Eng-Rust Guild,"));
    }

    @Test
    void aCreatorWithoutTheAttributeIsRefusedAndOnlyTheRefusalIsKept() { // spec N2, A15
        ActionResult r = create(services(grpDepartment()), w.carol, "Rust Guild");

        assertThat(r.allowed()).isFalse();
        assertThat(r.rule()).isEqualTo("N2");
        assertThat(r.message()).contains("your department");
        assertThat(w.store.outbox()).isEmpty();
        assertThat(w.audits("create-group")).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("refused");
            assertThat(a.rule()).isEqualTo("N2");
            assertThat(a.actorDn()).isEqualTo(w.actor(w.carol).dn());
        });
    }

    @Test
    void aBlockedWordIsRefusedBeforeTheDirectoryIsAsked() { // spec N3
        ActionResult r = create(services(grpDepartment()), w.bob, "Ceo Office");

        assertThat(r.rule()).isEqualTo("N3");
        assertThat(r.allowed()).isFalse();
        assertThat(w.store.outbox()).isEmpty();
        assertThat(w.lastAudit().rule()).isEqualTo("N3");
    }

    @Test
    void aNameTooLongWithThePrefixIsRefusedNamingTheWholeName() { // spec N4
        String typed = "x".repeat(SelfServiceOptions.DEFAULT_MAX_NAME_LENGTH - "GRP-Eng-".length() + 1);

        ActionResult r = create(services(grpDepartment()), w.bob, typed);
        ActionResult fits = create(services(grpDepartment()), w.bob, typed.substring(1));

        assertThat(r.rule()).isEqualTo("N4");
        assertThat(r.message()).contains("'GRP-Eng-" + typed + "'");
        assertThat(fits.allowed()).as(fits.message()).isTrue();
    }

    @Test
    void administratorsAreNotHeldToThePolicyAndTheirAttributesAreNotRead() { // spec N5
        ActionResult r = create(services(grpDepartment()), w.ada, "CEO Office");

        assertThat(r.allowed()).as(r.message()).isTrue();
        assertThat(r.message()).startsWith("created group 'CEO Office'");
        assertThat(asked).isEmpty();
    }

    @Test
    void aPolicyWithoutAttributesNeverAsksTheDirectory() { // spec N1
        ActionResult r = create(services(new NamingPolicy("GRP-", "-team", Set.of())), w.carol, "Chess");

        assertThat(r.message()).startsWith("created group 'GRP-Chess-team'");
        assertThat(asked).isEmpty();
    }

    @Test
    void aRenameByAnOwnerIsHeldToThePolicyAsACreationIs() { // spec N6, N1, N3
        SelfService s = services(grpDepartment());
        String id = create(s, w.bob, "Rust Guild").groupId().orElseThrow();
        w.store.writeBackAll();

        ActionResult blocked = s.groups().editGroup(w.actor(w.bob), id, Optional.of("CEO Guild"), Optional.empty(),
                Optional.empty());
        ActionResult renamed = s.groups().editGroup(w.actor(w.bob), id, Optional.of("Go Guild"), Optional.empty(),
                Optional.empty());

        assertThat(blocked.allowed()).isFalse();
        assertThat(blocked.rule()).isEqualTo("N3");
        assertThat(w.audits("edit-group")).first().satisfies(a -> assertThat(a.outcome()).isEqualTo("refused"));
        assertThat(renamed.allowed()).as(renamed.message()).isTrue();
        assertThat(w.outbox(OutboxOperation.RENAME_GROUP)).singleElement()
                .satisfies(row -> assertThat(row.item().payload()).isEqualTo("GRP-Eng-Go Guild"));
    }

    @Test
    void aRenameToTheNameTheGroupHasChangesNothingEvenWhenThePolicyWouldRefuseIt() { // spec N6, A8
        SelfService open = services(NamingPolicy.none());
        String id = create(open, w.bob, "CEO Club").groupId().orElseThrow();
        w.store.writeBackAll();

        ActionResult same = services(new NamingPolicy("", "", Set.of("CEO"))).groups().editGroup(w.actor(w.bob), id,
                Optional.of("CEO Club"), Optional.empty(), Optional.empty());

        assertThat(same.allowed()).isTrue();
        assertThat(same.changed()).isFalse();
        assertThat(w.outbox(OutboxOperation.RENAME_GROUP)).isEmpty();
    }
}
