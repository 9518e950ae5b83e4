package io.groupbridge.selfservice;

import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.selfservice.rules.AdminRole;
import io.groupbridge.selfservice.rules.GroupExpiry;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.selfservice.rules.NamingPolicy;
import io.groupbridge.selfservice.rules.TenantSettings;
import io.groupbridge.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small tenant on the in-memory fakes of the self-service ports, for use-case tests that vary the governance conf
 * (naming policy, membership terms, mail, group expiry): alice owns the open Team Wiki and Lab Access and the
 * owner-approval Payroll, ada is a groups administrator, bob and carol are users in no group. S1 is on, so owners
 * decide requests.
 */
final class UseCaseWorld {

    static final String ADMINS = "cn=groups administrators," + FakeDirectoryNames.GROUP_BASE;

    final FakeDirectoryNames names = new FakeDirectoryNames();
    final InMemorySelfServiceStore store = new InMemorySelfServiceStore(names);
    final RecordingNotifications told = new RecordingNotifications();
    final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T08:00:00Z"));
    final Person alice = store.addPerson("uid=alice,ou=people,dc=example,dc=com", "alice");
    final Person bob = store.addPerson("uid=bob,ou=people,dc=example,dc=com", "bob");
    final Person carol = store.addPerson("uid=carol,ou=people,dc=example,dc=com", "carol");
    final Person ada = store.addPerson("uid=ada,ou=people,dc=example,dc=com", "ada");
    final StoredGroup admins = store.addGroup("Groups Administrators", GroupKind.SECURITY, JoinPolicy.OWNERS_ONLY,
            List.of(), List.of(ada));
    final StoredGroup wiki = store.addGroup("Team Wiki", GroupKind.UNIFIED, JoinPolicy.OPEN, List.of(alice),
            List.of(alice));
    final StoredGroup payroll = store.addGroup("Payroll", GroupKind.UNIFIED, JoinPolicy.OWNER_APPROVAL,
            List.of(alice), List.of(alice));
    final StoredGroup lab = store.addGroup("Lab Access", GroupKind.SECURITY, JoinPolicy.OPEN, List.of(alice),
            List.of(alice));

    /** The governance conf a test sets; everything else as {@code SelfServiceUseCasesTest}'s. */
    SelfServiceOptions options(NamingPolicy naming, MembershipTerms terms, MailNotices mail) {
        return options(naming, terms, mail, GroupExpiry.none());
    }

    SelfServiceOptions options(NamingPolicy naming, MembershipTerms terms, MailNotices mail, GroupExpiry expiry) {
        return new SelfServiceOptions(TenantSettings.defaults().withOwnersCanManageJoinRequests(true),
                Map.of(AdminRole.GROUPS_ADMINISTRATOR, names.normalized(ADMINS)), Duration.ofDays(30),
                new GroupTemplate(List.of("groupOfNames"), "member", Set.of(GroupKind.SECURITY, GroupKind.UNIFIED)),
                SelfServiceOptions.DEFAULT_MAX_NAME_LENGTH, naming, terms, mail, expiry);
    }

    SelfService services(SelfServiceOptions options) {
        return services(options, PersonAttributes.none());
    }

    SelfService services(SelfServiceOptions options, PersonAttributes attributes) {
        return SelfService.over(store, names, options, told, () -> { }, clock, attributes);
    }

    Actor actor(Person p) {
        return services(options(NamingPolicy.none(), MembershipTerms.none(), MailNotices.none())).views()
                .actorFor(p.dn().written(), ActorKind.PERSON);
    }

    List<InMemorySelfServiceStore.OutboxRow> outbox(OutboxOperation op) {
        return store.outbox().stream().filter(r -> r.item().operation() == op).toList();
    }

    AuditRecord lastAudit() {
        List<AuditRecord> log = store.auditLog();
        return log.get(log.size() - 1);
    }

    /** The audit entries of one action, oldest first. */
    List<AuditRecord> audits(String action) {
        return store.auditLog().stream().filter(a -> a.action().equals(action)).toList();
    }
}
