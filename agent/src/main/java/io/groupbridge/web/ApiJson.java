package io.groupbridge.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.groupbridge.model.Eligibility;
import io.groupbridge.model.GroupKind;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.AuditRecord;
import io.groupbridge.selfservice.GroupExpirationService;
import io.groupbridge.selfservice.GroupLifetimes;
import io.groupbridge.selfservice.JoinRequest;
import io.groupbridge.selfservice.EffectiveMember;
import io.groupbridge.selfservice.MembershipEntry;
import io.groupbridge.selfservice.PendingWrite;
import io.groupbridge.selfservice.StoredGroup;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.store.GroupQueries;
import io.groupbridge.sync.GroupSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The REST API's JSON shapes. A group's fields follow Microsoft Graph's {@code group} resource where it has one
 * ({@code displayName}, {@code description}, {@code securityEnabled}, {@code mailEnabled}, {@code groupTypes},
 * {@code isAssignableToRole}), so people who script Graph find their way; the rest are groupbridge's own.
 */
final class ApiJson {

    private ApiJson() {
    }

    /**
     * @param kind        security, unified or distribution
     * @param joinPolicy  open, owner-approval or owners-only (spec P)
     * @param selfService whether self-service applies to it (spec G), and if not the rule and why
     * @param ownerCount  owners the directory holds; absent where not counted
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Group(String id, String displayName, String description, String dn, boolean securityEnabled,
            boolean mailEnabled, List<String> groupTypes, boolean isAssignableToRole, String kind, String joinPolicy,
            String channel, String state, SelfService selfService, Integer ownerCount, Integer memberCount) {

        static Group of(GroupQueries.Listed listed) {
            GroupSummary g = listed.summary();
            return new Group(g.id(), g.name(), listed.description(), g.dn(), "security".equals(g.kind()),
                    g.mailEnabled(), groupTypes(g.kind(), g.dynamic()), g.roleAssignable(), g.kind(), g.policy(),
                    g.channel(), g.state(), new SelfService(g.eligible(), g.ineligibleRule(), g.ineligibleReason()),
                    g.owners(), g.members());
        }

        static Group of(StoredGroup g) {
            Eligibility e = Eligibility.of(g.kind(), g.mailEnabled(), g.dynamic(), g.roleAssignable());
            return new Group(g.id(), g.name(), g.description(), g.dn().written(), g.kind() == GroupKind.SECURITY,
                    g.mailEnabled(), groupTypes(g.kind().wireName(), g.dynamic()), g.roleAssignable(),
                    g.kind().wireName(), g.policy().wireName(), g.channel().wireName(), g.state(),
                    new SelfService(e.eligible(), e.rule().orElse(null), e.reason().orElse(null)), null, null);
        }

        private static List<String> groupTypes(String kind, boolean dynamic) {
            List<String> types = new ArrayList<>();
            if ("unified".equals(kind)) {
                types.add("Unified");
            }
            if (dynamic) {
                types.add("DynamicMembership");
            }
            return types;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SelfService(boolean eligible, String rule, String reason) {
    }

    /** A page of a listing, as Graph names its items: {@code value}. */
    record Page<T>(List<T> value, int offset, int limit, int total) {
    }

    /** A listing that is not paged. */
    record Listing<T>(List<T> value) {
    }

    /** E1, E2: a group under the expiration policy; {@code owners} 0 makes it the administrators' to renew. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Lifetime(String groupId, String displayName, String dn, Instant expiresAt, Instant renewedAt,
            int owners) {
        static Lifetime of(GroupExpirationService.GroupLifetime l) {
            return new Lifetime(l.group().id(), l.group().name(), l.group().dn().written(), l.expiresAt(),
                    l.renewedAt().orElse(null), l.owners());
        }
    }

    /** E3, E4: an expired group not restored. */
    record Expired(String groupId, String displayName, String dn, Instant expiredAt, Instant restoreUntil) {
        static Expired of(GroupLifetimes.ExpiredGroup e) {
            return new Expired(e.group().id(), e.group().name(), e.group().dn().written(), e.expiredAt(),
                    e.restoreUntil());
        }
    }

    /** Every group under the policy, soonest expiry first, and the expired ones, newest first. */
    record Expiration(List<Lifetime> expiring, List<Expired> expired) {
    }

    /** One group: {@code lifetime} null when it does not expire, {@code expired} null unless restorable. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GroupExpiration(Lifetime lifetime, Expired expired) {
    }

    /**
     * A member or owner: {@code pending} while the change waits for write-back to the directory (spec R6).
     *
     * @param status {@code in directory}, or the write-back's state
     * @param endsAt when the membership ends (spec T1, T5); left out when it does not
     * @param via    the nested group an effective member comes through (spec B3); left out for a direct member
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(String dn, String status, boolean pending, Instant endsAt, Via via) {
        static Entry of(MembershipEntry e) {
            return new Entry(e.dn(), e.status(), !MembershipEntry.IN_DIRECTORY.equals(e.status()),
                    e.endsAt().orElse(null), null);
        }

        static Entry of(EffectiveMember m) {
            return new Entry(m.dn(), MembershipEntry.IN_DIRECTORY, false, null,
                    new Via(m.via().id(), m.via().name(), m.via().dn(), m.depth()));
        }

        static List<Entry> all(List<MembershipEntry> entries) {
            return entries.stream().map(Entry::of).toList();
        }
    }

    /**
     * B3: the group a membership comes through.
     *
     * @param depth how deep the group is nested: 1 when it is a direct member of the listed group
     */
    record Via(String id, String displayName, String dn, int depth) {
    }

    /** A group and, for those A2 lets see them, its members; otherwise why they are hidden. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    /**
     * @param members       the first page of the members
     * @param pendingRename the rename on its way to the directory (R6), or null
     * @param membersNext   where the next page of members is, or null when this is all of them
     */
    record GroupDetail(Group group, List<Entry> owners, List<Entry> members, Hidden membersHidden,
            PendingRename pendingRename, String membersNext) {
    }

    /** A new name the directory does not hold yet: {@code status} is pending or failed write-back. */
    record PendingRename(String displayName, String status, long outboxId) {
        static PendingRename of(PendingWrite w) {
            return new PendingRename(w.newName(), w.status(), w.id());
        }
    }

    record Hidden(String rule, String detail) {
    }

    /** One of the signed-in person's groups. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MyGroup(Group group, boolean member, String memberStatus, boolean owner, String ownerStatus,
            Instant memberEndsAt) {
        static MyGroup of(io.groupbridge.selfservice.MyGroup g) {
            return new MyGroup(Group.of(g.group()), g.member(), g.member() ? g.memberStatus() : null, g.owner(),
                    g.owner() ? g.ownerStatus() : null, g.memberEndsAt());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(long id, String groupId, String groupName, String groupDn, String requesterDn, String justification,
            String state, Instant createdAt, String decidedBy, Instant decidedAt, String reason, Instant extendTo) {
        static Request of(JoinRequest r) {
            return new Request(r.id(), r.groupId(), r.groupName(), r.groupDn(), r.requester().written(),
                    r.justification() == null || r.justification().isEmpty() ? null : r.justification(),
                    r.state().wireName(), r.createdAt(), r.decidedBy(), r.decidedAt(), r.reason(), r.extendTo());
        }
    }

    /**
     * What an allowed action did.
     *
     * @param changed   false when it was already so (a repeated decision, joining twice)
     * @param writeBack {@code pending} when the change waits for write-back to the directory (spec R6), else
     *                  {@code none}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Action(boolean changed, String rule, String message, Long requestId, String groupId, String writeBack,
            List<Long> outboxIds) {
        static Action of(ActionResult r) {
            return new Action(r.changed(), r.rule(), r.message(), r.requestId().orElse(null), r.groupId().orElse(null),
                    r.outboxIds().isEmpty() ? "none" : "pending", r.outboxIds());
        }
    }

    /** A list of people added all at once (B1): the whole add, then each person's add in the list's order. */
    record BulkAdded(boolean changed, String rule, String message, String groupId, String writeBack,
            List<Long> outboxIds, List<Action> people) {
        BulkAdded(Action all, List<Action> people) {
            this(all.changed(), all.rule(), all.message(), all.groupId(), all.writeBack(), all.outboxIds(), people);
        }
    }

    /** An audit log entry (spec A13). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AuditEntry(long id, Instant at, String actorDn, String action, String groupId, String groupDn,
            String targetDn, String outcome, String rule, String detail, String settingsVersion) {
        static AuditEntry of(AuditRecord r) {
            return new AuditEntry(r.id(), r.at(), r.actorDn(), r.action(), r.groupId(), r.groupDn(), r.targetDn(),
                    r.outcome(), r.rule(), r.detail(), r.settingsVersion());
        }
    }

    /** A page of the audit log, newest first; {@code more} when older entries follow. */
    record AuditPage(List<AuditEntry> value, int offset, int limit, boolean more) {
    }

    /** Who is signed in, and the token their state-changing calls must carry. */
    record Session(User user, String csrfToken, Instant expiresAt) {
    }

    record User(String dn, List<String> roles) {
        static User of(Actor a) {
            return new User(a.dn(), a.roles().stream().map(r -> r.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .sorted().toList());
        }
    }
}
