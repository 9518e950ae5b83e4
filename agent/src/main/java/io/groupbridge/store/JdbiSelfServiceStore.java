package io.groupbridge.store;

import io.groupbridge.model.Channel;
import io.groupbridge.model.Dn;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.AuditRecord;
import io.groupbridge.selfservice.EffectiveMember;
import io.groupbridge.selfservice.GroupLifetimes;
import io.groupbridge.selfservice.JoinRequest;
import io.groupbridge.selfservice.MailItem;
import io.groupbridge.selfservice.MembershipEnd;
import io.groupbridge.selfservice.OutboxItem;
import io.groupbridge.selfservice.PendingWrite;
import io.groupbridge.selfservice.ReviewStore;
import io.groupbridge.selfservice.Person;
import io.groupbridge.selfservice.SelfServiceStore;
import io.groupbridge.selfservice.StoredGroup;
import io.groupbridge.selfservice.rules.RequestState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The action service's store adapter. One Jdbi transaction per {@link #inTransaction} call; every statement of an
 * action runs on its handle, so the change, its outbox rows and its audit entry commit together.
 */
public final class JdbiSelfServiceStore implements SelfServiceStore {

    static final String GROUP_COLUMNS = "g.id, g.dn, g.dn_norm, g.name, g.description, g.kind, g.mail,"
            + " g.membership_rule, g.role_assignable, g.channel, g.policy, g.state";

    private static final String REQUEST_SELECT = "SELECT r.id, r.group_id, g.dn, g.name, r.requester_dn,"
            + " r.requester_dn_norm, r.justification, r.state, r.created_at, r.decided_by, r.decided_at, r.reason,"
            + " r.extend_to FROM join_request r JOIN directory_group g ON g.id = r.group_id";

    // Outbox rows the store's copy of the directory does not show yet: the relay applies a row to that copy in the
    // transaction that marks it done, and parked ('failed') rows will not be applied, so neither counts.
    // Rows the directory has not confirmed: pending ones, and parked (failed) ones that listings must still show.
    private static final String NOT_DONE = "o.state <> 'done'";
    // A provisional (creating) row whose entry a reconcile has already stored under the directory's id: until the
    // write-back's commit retires it, a lookup by name or DN must find the group once, not twice.
    static final String NOT_SUPERSEDED = "NOT (g.state = 'creating' AND EXISTS (SELECT 1 FROM directory_group d"
            + " WHERE d.dn_norm = g.dn_norm AND d.state = 'active'))";

    private final Jdbi jdbi;
    private final MembershipRevision revision;

    JdbiSelfServiceStore(Jdbi jdbi, MembershipRevision revision) {
        this.jdbi = jdbi;
        this.revision = revision;
    }

    @Override
    public long membershipRevision() {
        return revision.current();
    }

    @Override
    public boolean membershipsUnchangedSince(long revision, String dnNorm, Set<String> groupDnNorms) {
        return this.revision.unchangedSince(revision, dnNorm, groupDnNorms);
    }

    /**
     * Runs {@code work} in one transaction, twice at most: a write-back that gives a new group its directory id
     * can commit between this transaction's read of the group and its insert of a row pointing at it, and the
     * insert then finds the provisional row gone (or, on PostgreSQL, fails on the foreign key). The second try
     * reads the group under its new id. The work only touches
     * the store, so running it again is safe.
     */
    @Override
    public <R> R inTransaction(Function<Tx, R> work) {
        return Conflicts.retryOnce(jdbi, h -> work.apply(new JdbiTx(h)));
    }

    /** The reviews' port over the same store: its calls get this store's view of their transaction too. */
    public ReviewStore reviewStore() {
        return new JdbiReviewStore(jdbi, JdbiTx::new);
    }

    /** Groups in state active, by name, as {@link Tx#group} reads them. */
    static List<StoredGroup> activeGroups(Handle h) {
        return h.createQuery("SELECT " + GROUP_COLUMNS + " FROM directory_group g WHERE g.state = 'active'"
                + " ORDER BY g.name_key, g.id").map((rs, ctx) -> JdbiTx.group(rs)).list();
    }

    @Override
    public int recordFailedSignIn(String loginKey, Instant at) {
        String key = failureKey(loginKey);
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("UPDATE auth_failure SET failures = failures + 1, last_failure_at = :at"
                    + " WHERE login_key = :k").bind("k", key).bind("at", at).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO auth_failure (login_key, failures, last_failure_at) VALUES (:k, 1, :at)")
                        .bind("k", key).bind("at", at).execute();
            }
            return h.createQuery("SELECT failures FROM auth_failure WHERE login_key = :k").bind("k", key)
                    .mapTo(Integer.class).one();
        });
    }

    @Override
    public int failedSignIns(String loginKey) {
        return jdbi.withHandle(h -> h.createQuery("SELECT failures FROM auth_failure WHERE login_key = :k")
                .bind("k", failureKey(loginKey)).mapTo(Integer.class).findOne().orElse(0));
    }

    @Override
    public Optional<Instant> lastFailedSignIn(String loginKey) {
        return jdbi.withHandle(h -> h.createQuery("SELECT last_failure_at FROM auth_failure WHERE login_key = :k")
                .bind("k", failureKey(loginKey)).mapTo(java.time.OffsetDateTime.class).findOne()
                .map(java.time.OffsetDateTime::toInstant));
    }

    @Override
    public void clearFailedSignIns(String loginKey) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM auth_failure WHERE login_key = :k")
                .bind("k", failureKey(loginKey)).execute());
    }

    // The column holds 512 characters; every method cuts the key alike, so an over-long login is counted and locked.
    private static String failureKey(String loginKey) {
        return loginKey.length() > 512 ? loginKey.substring(0, 512) : loginKey;
    }

    // The unique pending_key holds one pending request per group and requester (V1); long DNs are hashed to fit.
    static String pendingKey(String groupId, String requesterDnNorm) {
        String key = groupId + "|" + requesterDnNorm;
        return key.length() <= 2200 ? key : groupId + "|#" + Integer.toHexString(requesterDnNorm.hashCode());
    }

    static final class JdbiTx implements Tx {
        private final Handle h;

        JdbiTx(Handle h) {
            this.h = h;
        }

        @Override
        public String resolveGroupId(String id) {
            if (id == null) {
                return null;
            }
            return h.createQuery("SELECT group_id FROM group_alias WHERE old_id = :id").bind("id", id)
                    .mapTo(String.class).findOne().orElse(id);
        }

        @Override
        public Optional<StoredGroup> group(String id) {
            return h.createQuery("SELECT " + GROUP_COLUMNS + " FROM directory_group g WHERE g.id = :id")
                    .bind("id", id).map((rs, ctx) -> group(rs)).findOne();
        }

        @Override
        public List<StoredGroup> groupsNamedOrAt(String name, String dnNorm) {
            return h.createQuery("SELECT " + GROUP_COLUMNS + " FROM directory_group g"
                            + " WHERE (g.name_key = LOWER(:name) OR g.dn_norm = :dn) AND " + NOT_SUPERSEDED)
                    .bind("name", name).bind("dn", dnNorm).map((rs, ctx) -> group(rs)).list();
        }

        @Override
        public List<StoredGroup> groupsWithDnLikeNames() {
            return h.createQuery("SELECT " + GROUP_COLUMNS + " FROM directory_group g WHERE g.state <> 'deleted'"
                            + " AND g.name LIKE '%=%'")
                    .map((rs, ctx) -> group(rs)).list();
        }

        @Override
        public Set<String> owners(String groupId) {
            return new HashSet<>(h.createQuery("SELECT owner_dn_norm FROM group_owner WHERE group_id = :g")
                    .bind("g", groupId).mapTo(String.class).list());
        }

        @Override
        public List<Person> ownerPeople(String groupId) {
            return h.createQuery("SELECT o.owner_dn, o.owner_dn_norm, p.login, p.display_name FROM group_owner o"
                            + " LEFT JOIN directory_person p ON p.dn_norm = o.owner_dn_norm"
                            + " WHERE o.group_id = :g ORDER BY o.owner_dn_norm")
                    .bind("g", groupId)
                    .map((rs, ctx) -> new Person(new Dn(rs.getString(1), rs.getString(2)), rs.getString(3),
                            rs.getString(4)))
                    .list();
        }

        @Override
        public boolean isMember(String groupId, String memberDnNorm) {
            return h.createQuery("SELECT COUNT(*) FROM group_member WHERE group_id = :g AND member_dn_norm = :m")
                    .bind("g", groupId).bind("m", memberDnNorm).mapTo(Integer.class).one() > 0;
        }

        @Override
        public List<String> members(String groupId) {
            return h.createQuery("SELECT member_dn FROM group_member WHERE group_id = :g ORDER BY member_dn_norm")
                    .bind("g", groupId).mapTo(String.class).list();
        }

        @Override
        public List<String> members(String groupId, int offset, int limit) {
            return h.createQuery("SELECT member_dn FROM group_member WHERE group_id = :g ORDER BY member_dn_norm"
                            + " OFFSET " + Math.max(0, offset) + " ROWS FETCH NEXT " + Math.max(1, limit) + " ROWS ONLY")
                    .bind("g", groupId).mapTo(String.class).list();
        }

        @Override
        public EffectivePage effectiveMembers(String groupId, int offset, int limit) {
            EffectiveMemberships.Page page = EffectiveMemberships.members(h, groupId, offset, limit);
            return new EffectivePage(page.members().stream().map(m -> new EffectiveMember(m.dn(),
                    new EffectiveMember.Via(m.viaId(), m.viaName(), m.viaDn()), m.depth())).toList(), page.total());
        }

        @Override
        public List<PendingWrite> pendingWrites(String groupId) {
            List<PendingWrite> result = new ArrayList<>();
            h.createQuery("SELECT o.id, o.operation, o.value_dn, o.state, o.created_at, o.payload FROM outbox o"
                            + " WHERE o.group_id = :g AND " + NOT_DONE + " ORDER BY o.id")
                    .bind("g", groupId)
                    .map((rs, ctx) -> {
                        OutboxOperation.fromWireName(rs.getString(2)).ifPresent(op -> {
                            try {
                                result.add(new PendingWrite(rs.getLong(1), op, rs.getString(3), rs.getString(4),
                                        instant(rs, 5), op == OutboxOperation.RENAME_GROUP ? rs.getString(6) : null));
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        });
                        return null;
                    })
                    .forEach(ignored -> { });
            return result;
        }

        @Override
        public Optional<Person> person(String dnNorm) {
            return h.createQuery("SELECT dn, dn_norm, login, display_name FROM directory_person WHERE dn_norm = :dn")
                    .bind("dn", dnNorm).map((rs, ctx) -> person(rs)).findFirst();
        }

        @Override
        public List<Person> peopleMatching(String text, String dnNorm) {
            // Three indexed look-ups, not one OR, which a database may answer by scanning the table.
            return h.createQuery("SELECT dn, dn_norm, login, display_name FROM directory_person WHERE dn_norm = :dn"
                            + " UNION SELECT dn, dn_norm, login, display_name FROM directory_person"
                            + " WHERE login_key = LOWER(:t)"
                            + " UNION SELECT dn, dn_norm, login, display_name FROM directory_person"
                            + " WHERE mail_key = LOWER(:t) ORDER BY dn_norm")
                    .bind("dn", dnNorm).bind("t", text).map((rs, ctx) -> person(rs)).list();
        }

        @Override
        public PersonPage searchPeople(String text, int offset, int limit) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            String condition = t.isEmpty() ? "" : " WHERE login_key LIKE :prefix ESCAPE '!' OR mail_key LIKE :prefix"
                    + " ESCAPE '!' OR LOWER(display_name) LIKE :contains ESCAPE '!'";
            String literal = t.replace("!", "!!").replace("%", "!%").replace("_", "!_");
            Query count = h.createQuery("SELECT COUNT(*) FROM directory_person" + condition);
            Query page = h.createQuery("SELECT dn, dn_norm, login, display_name FROM directory_person" + condition
                    + " ORDER BY login_key, dn_norm OFFSET " + Math.max(0, offset) + " ROWS FETCH NEXT "
                    + Math.max(1, limit) + " ROWS ONLY");
            if (!t.isEmpty()) {
                for (Query q : List.of(count, page)) {
                    q.bind("prefix", literal + "%").bind("contains", "%" + literal + "%");
                }
            }
            return new PersonPage(page.map((rs, ctx) -> person(rs)).list(), count.mapTo(Integer.class).one());
        }

        @Override
        public Set<String> groupsListing(Set<String> memberDnNorms) {
            if (memberDnNorms.isEmpty()) {
                return Set.of();
            }
            return new HashSet<>(h.createQuery("SELECT DISTINCT g.dn_norm FROM group_member m"
                            + " JOIN directory_group g ON g.id = m.group_id"
                            + " WHERE g.state = 'active' AND m.member_dn_norm IN (<dns>)")
                    .bindList("dns", List.copyOf(memberDnNorms)).mapTo(String.class).list());
        }

        @Override
        public List<StoredGroup> groupsInvolving(String personDnNorm, String personDn) {
            // From the person's rows to their groups, each step an index look-up: a test of every group for the
            // person cost a pass over all groups per page (issue 13, point 7).
            return h.createQuery("SELECT " + GROUP_COLUMNS + " FROM directory_group g WHERE g.state <> 'deleted'"
                            + " AND g.id IN (SELECT m.group_id FROM group_member m WHERE m.member_dn_norm = :norm"
                            + " UNION SELECT o.group_id FROM group_owner o WHERE o.owner_dn_norm = :norm"
                            + " UNION SELECT o.group_id FROM outbox o WHERE o.value_dn = :dn AND " + NOT_DONE + ")"
                            + " ORDER BY g.name, g.dn")
                    .bind("norm", personDnNorm).bind("dn", personDn).map((rs, ctx) -> group(rs)).list();
        }

        @Override
        public boolean isBlocked(String groupId, String personDnNorm) {
            return h.createQuery("SELECT COUNT(*) FROM group_block WHERE group_id = :g AND person_dn_norm = :p")
                    .bind("g", groupId).bind("p", personDnNorm).mapTo(Integer.class).one() > 0;
        }

        /**
         * Holds a creating group's provisional row until this transaction ends, before it writes a row pointing at
         * the group. The write-back that gives the group its directory id moves such rows to that id and deletes the
         * provisional row ({@link JdbiOutbox#created}); it takes the same row first, so it waits for this
         * transaction and then moves its rows too, or it went first and this transaction finds the row gone and runs
         * again under the new id. HSQLDB's MVCC checks a foreign key against committed rows only: without the hold,
         * a join request made while the write-back committed pointed at a deleted group and was never seen again.
         */
        private void holdGroup(String groupId) {
            Optional<String> state = h.createQuery("SELECT state FROM directory_group WHERE id = :g")
                    .bind("g", groupId).mapTo(String.class).findOne();
            if (state.isEmpty()) {
                throw new Conflicts.GroupMoved(groupId);
            }
            if (state.get().equals("creating") && !DirectoryGroups.holdCreating(h, groupId)) {
                throw new Conflicts.GroupMoved(groupId);
            }
        }

        @Override
        public void block(String groupId, Person person, String blockedBy, Instant at) {
            holdGroup(groupId);
            h.createUpdate("INSERT INTO group_block (group_id, person_dn_norm, person_dn, blocked_by, blocked_at)"
                            + " VALUES (:g, :norm, :dn, :by, :at)")
                    .bind("g", groupId).bind("norm", person.dn().normalized()).bind("dn", person.dn().written())
                    .bind("by", blockedBy).bind("at", at).execute();
        }

        @Override
        public void unblock(String groupId, String personDnNorm) {
            h.createUpdate("DELETE FROM group_block WHERE group_id = :g AND person_dn_norm = :p")
                    .bind("g", groupId).bind("p", personDnNorm).execute();
        }

        @Override
        public boolean nameQueued(String name, String exceptGroupId) {
            return h.createQuery("SELECT COUNT(*) FROM outbox o WHERE o.operation = 'rename-group' AND " + NOT_DONE
                            + " AND o.group_id <> :g AND LOWER(o.payload) = LOWER(:name)")
                    .bind("g", exceptGroupId).bind("name", name).mapTo(Integer.class).one() > 0;
        }

        @Override
        public List<String> groupsOnceAt(String dnNorm) {
            return h.createQuery("SELECT group_id FROM group_dn_alias WHERE old_dn_norm = :dn ORDER BY created_at")
                    .bind("dn", dnNorm).mapTo(String.class).list();
        }

        @Override
        public void setMembershipEnd(String groupId, Person member, Instant endsAt, String setBy, Instant at) {
            holdGroup(groupId);
            clearMembershipEnd(groupId, member.dn().normalized());
            h.createUpdate("INSERT INTO membership_term (group_id, member_dn_norm, member_dn, ends_at, set_by, set_at)"
                            + " VALUES (:g, :norm, :dn, :ends, :by, :at)")
                    .bind("g", groupId).bind("norm", member.dn().normalized()).bind("dn", member.dn().written())
                    .bind("ends", endsAt).bind("by", setBy).bind("at", at).execute();
        }

        @Override
        public void clearMembershipEnd(String groupId, String memberDnNorm) {
            h.createUpdate("DELETE FROM membership_term WHERE group_id = :g AND member_dn_norm = :norm")
                    .bind("g", groupId).bind("norm", memberDnNorm).execute();
        }

        @Override
        public Map<String, Instant> membershipEnds(String groupId) {
            Map<String, Instant> ends = new HashMap<>();
            h.createQuery("SELECT member_dn_norm, ends_at FROM membership_term WHERE group_id = :g")
                    .bind("g", groupId)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), instant(rs, 2)))
                    .forEach(e -> ends.put(e.getKey(), e.getValue()));
            return ends;
        }

        @Override
        public List<MembershipEnd> membershipsEndedBy(Instant now) {
            return h.createQuery("SELECT group_id, member_dn, member_dn_norm, ends_at FROM membership_term"
                            + " WHERE ends_at <= :now ORDER BY ends_at, group_id, member_dn_norm")
                    .bind("now", now)
                    .map((rs, ctx) -> new MembershipEnd(rs.getString(1), rs.getString(2), rs.getString(3),
                            instant(rs, 4)))
                    .list();
        }

        @Override
        public GroupLifetimes lifetimes() {
            return new JdbiGroupLifetimes(h);
        }

        @Override
        public void insertCreatingGroup(StoredGroup g, String description, List<Person> owners, List<Person> members,
                String createdBy, Instant at) {
            DirectoryGroups.insertCreating(h, g.id(), g.dn().written(), g.dn().normalized(), g.name(), description,
                    g.kind().wireName(), g.channel().wireName(), g.policy().wireName(), g.state(), createdBy, at);
            for (Person p : owners) {
                h.createUpdate("INSERT INTO group_owner (group_id, owner_dn_norm, owner_dn) VALUES (:g, :norm, :dn)")
                        .bind("g", g.id()).bind("norm", p.dn().normalized()).bind("dn", p.dn().written()).execute();
            }
            for (Person p : members) {
                h.createUpdate("INSERT INTO group_member (group_id, member_dn_norm, member_dn) VALUES (:g, :norm, :dn)")
                        .bind("g", g.id()).bind("norm", p.dn().normalized()).bind("dn", p.dn().written()).execute();
            }
        }

        @Override
        public void updateGroup(String groupId, String name, String description, JoinPolicy policy, Instant at) {
            holdGroup(groupId);
            DirectoryGroups.updateEditable(h, groupId, name, description, policy.wireName(), at);
        }

        @Override
        public long insertRequest(String groupId, Person requester, String justification, Instant at) {
            holdGroup(groupId);
            return h.createUpdate("INSERT INTO join_request (group_id, requester_dn_norm, requester_dn, justification,"
                            + " state, pending_key, created_at) VALUES (:g, :norm, :dn, :j, 'pending', :key, :at)")
                    .bind("g", groupId).bind("norm", requester.dn().normalized()).bind("dn", requester.dn().written())
                    .bind("j", justification).bind("key", pendingKey(groupId, requester.dn().normalized())).bind("at",
                            at)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        }

        @Override
        public long insertExtensionRequest(String groupId, Person requester, String justification, Instant extendTo,
                Instant at) {
            long id = insertRequest(groupId, requester, justification, at);
            h.createUpdate("UPDATE join_request SET extend_to = :to WHERE id = :id").bind("to", extendTo)
                    .bind("id", id).execute();
            return id;
        }

        @Override
        public Optional<JoinRequest> request(long id) {
            return h.createQuery(REQUEST_SELECT + " WHERE r.id = :id").bind("id", id)
                    .map((rs, ctx) -> request(rs)).findOne();
        }

        @Override
        public Optional<JoinRequest> pendingRequest(String groupId, String requesterDnNorm) {
            return h.createQuery(REQUEST_SELECT + " WHERE r.group_id = :g AND r.requester_dn_norm = :p"
                            + " AND r.state = 'pending'")
                    .bind("g", groupId).bind("p", requesterDnNorm).map((rs, ctx) -> request(rs)).findFirst();
        }

        @Override
        public List<JoinRequest> pendingRequests(String groupId) {
            return h.createQuery(REQUEST_SELECT + " WHERE r.group_id = :g AND r.state = 'pending' ORDER BY r.id")
                    .bind("g", groupId).map((rs, ctx) -> request(rs)).list();
        }

        @Override
        public List<JoinRequest> pendingRequestsCreatedBefore(Instant cutoff) {
            return h.createQuery(REQUEST_SELECT + " WHERE r.state = 'pending' AND r.created_at <= :cutoff ORDER BY r.id")
                    .bind("cutoff", cutoff).map((rs, ctx) -> request(rs)).list();
        }

        @Override
        public boolean closeRequest(long id, RequestState state, String decidedBy, Instant at, String reason,
                String settingsVersion) {
            return h.createUpdate("UPDATE join_request SET state = :state, pending_key = NULL, decided_by = :by,"
                            + " decided_at = :at, reason = :reason, settings_version = :v"
                            + " WHERE id = :id AND state = 'pending'")
                    .bind("id", id).bind("state", state.wireName()).bind("by", decidedBy).bind("at", at)
                    .bind("reason", truncate(reason, 4000)).bind("v", settingsVersion).execute() == 1;
        }

        @Override
        public List<JoinRequest> requests(RequestFilter f) {
            List<String> conditions = new ArrayList<>();
            if (!f.groupIds().isEmpty()) {
                conditions.add("r.group_id IN (<groups>)");
            }
            if (f.requesterDnNorm() != null) {
                conditions.add("r.requester_dn_norm = :requester");
            }
            String match = conditions.isEmpty() ? "1 = 1"
                    : "(" + String.join(f.anyOf() ? " OR " : " AND ", conditions) + ")";
            if (f.anyOf() && conditions.isEmpty()) {
                match = "1 = 0";
            }
            Query q = h.createQuery(REQUEST_SELECT + " WHERE " + match
                    + (f.pendingOnly() ? " AND r.state = 'pending'" : "") + " ORDER BY r.id DESC");
            if (!f.groupIds().isEmpty()) {
                q.bindList("groups", List.copyOf(f.groupIds()));
            }
            if (f.requesterDnNorm() != null) {
                q.bind("requester", f.requesterDnNorm());
            }
            return q.map((rs, ctx) -> request(rs)).list();
        }

        @Override
        public long enqueue(OutboxItem item, Instant at) {
            holdGroup(item.groupId());
            return h.createUpdate("INSERT INTO outbox (group_id, group_dn, operation, value_dn, payload, request_id,"
                            + " state, attempts, next_attempt_at, created_at) VALUES (:g, :gdn, :op, :value, :payload,"
                            + " :request, 'pending', 0, :at, :at)")
                    .bind("g", item.groupId()).bind("gdn", item.groupDn()).bind("op", item.operation().wireName())
                    .bind("value", item.valueDn()).bind("payload", item.payload()).bind("request", item.requestId())
                    .bind("at", at)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        }

        @Override
        public boolean enqueueMail(MailItem m, Instant at) {
            Optional<PersonLabel> to = label(m.recipient());
            String mail = to.map(PersonLabel::mail).filter(a -> !a.isBlank()).map(String::strip).orElse(null);
            h.createUpdate("INSERT INTO mail_queue (kind, recipient_dn, recipient_name, recipient_mail, group_id,"
                            + " group_name, request_id, subject_dn, subject_name, actor_name, justification, reason,"
                            + " ends_at, state, attempts, next_attempt_at, created_at, review_id, review_title,"
                            + " undecided) VALUES (:kind, :to, :toName, :mail, :g, :gname, :request, :subject,"
                            + " :subjectName, :actor, :why, :reason, :ends, :state, 0, :at, :at, :review,"
                            + " :reviewTitle, :undecided)")
                    .bind("kind", m.kind().wireName()).bind("to", m.recipient().written())
                    .bind("toName", to.map(PersonLabel::name).orElse(m.recipient().written()))
                    .bind("mail", truncate(mail, 512)).bind("g", m.groupId()).bind("gname", truncate(m.groupName(), 512))
                    .bind("request", m.requestId()).bind("subject", m.subject().written())
                    .bind("subjectName", truncate(label(m.subject()).map(PersonLabel::name)
                            .orElse(m.subject().written()), 512))
                    .bind("actor", m.actor() == null ? null : truncate(label(m.actor()).map(PersonLabel::name)
                            .orElse(m.actor().written()), 2048))
                    .bind("why", truncate(m.justification(), 4000)).bind("reason", truncate(m.reason(), 4000))
                    .bind("ends", m.endsAt()).bind("state", mail == null ? "skipped" : "pending").bind("at", at)
                    .bind("review", m.review() == null ? null : m.review().id())
                    .bind("reviewTitle", m.review() == null ? null : truncate(m.review().title(), 256))
                    .bind("undecided", m.review() == null ? null : m.review().undecided())
                    .execute();
            return mail != null;
        }

        // The display name, else the login, else the DN: what a mail calls a person.
        private record PersonLabel(String name, String mail) {
        }

        private Optional<PersonLabel> label(Dn dn) {
            return h.createQuery("SELECT display_name, login, dn, mail FROM directory_person WHERE dn_norm = :n")
                    .bind("n", dn.normalized()).setMaxRows(1)
                    .map((rs, ctx) -> new PersonLabel(firstNonBlank(rs.getString(1), rs.getString(2), rs.getString(3)),
                            rs.getString(4)))
                    .findFirst();
        }

        private static String firstNonBlank(String... values) {
            for (String v : values) {
                if (v != null && !v.isBlank()) {
                    return v;
                }
            }
            return "";
        }

        @Override
        public List<MembershipEnd> membershipEndsToRemind(Instant now, Instant by) {
            return h.createQuery("SELECT group_id, member_dn, member_dn_norm, ends_at FROM membership_term"
                            + " WHERE reminded_at IS NULL AND ends_at > :now AND ends_at <= :by"
                            + " ORDER BY ends_at, group_id, member_dn_norm")
                    .bind("now", now).bind("by", by)
                    .map((rs, ctx) -> new MembershipEnd(rs.getString(1), rs.getString(2), rs.getString(3),
                            instant(rs, 4)))
                    .list();
        }

        @Override
        public void markEndReminded(String groupId, String memberDnNorm, Instant at) {
            h.createUpdate("UPDATE membership_term SET reminded_at = :at WHERE group_id = :g AND member_dn_norm = :n")
                    .bind("at", at).bind("g", groupId).bind("n", memberDnNorm).execute();
        }

        @Override
        public long audit(AuditRecord r) {
            if (r.groupId() != null) {
                holdGroup(r.groupId());
            }
            return AuditEvents.insert(h, new AuditEvents.Event(r.at(), r.actorDn(), r.action(), r.groupId(),
                    r.groupDn(), r.targetDn(), r.outcome(), r.rule(), truncate(r.detail(), 4000), r.settingsVersion()));
        }

        @Override
        public List<AuditRecord> auditEntries(AuditFilter f) {
            StringBuilder sql = new StringBuilder("SELECT id, occurred_at, actor_dn, action_name, group_id, group_dn,"
                    + " target_dn, outcome, decided_rule, detail, settings_version FROM audit_event WHERE 1 = 1");
            if (f.groupId() != null) {
                sql.append(" AND group_id = :g");
            }
            if (f.actorDn() != null) {
                sql.append(" AND actor_dn = :actor");
            }
            if (f.since() != null) {
                sql.append(" AND occurred_at >= :since");
            }
            sql.append(" ORDER BY id DESC");
            Query q = h.createQuery(sql.toString()).setMaxRows(Math.max(1, f.limit()));
            if (f.groupId() != null) {
                q.bind("g", f.groupId());
            }
            if (f.actorDn() != null) {
                q.bind("actor", f.actorDn());
            }
            if (f.since() != null) {
                q.bind("since", f.since());
            }
            return q.map((rs, ctx) -> new AuditRecord(rs.getLong(1), instant(rs, 2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                    rs.getString(10), rs.getString(11))).list();
        }

        static StoredGroup group(ResultSet rs) throws SQLException {
            return new StoredGroup(rs.getString(1), new Dn(rs.getString(2), rs.getString(3)), rs.getString(4),
                    rs.getString(5), GroupKind.fromWireName(rs.getString(6)),
                    rs.getString(7) != null && !rs.getString(7).isBlank(),
                    rs.getString(8) != null && !rs.getString(8).isBlank(), rs.getBoolean(9),
                    Channel.fromWireName(rs.getString(10)), JoinPolicy.fromWireName(rs.getString(11)),
                    rs.getString(12).toLowerCase(Locale.ROOT));
        }

        private static Person person(ResultSet rs) throws SQLException {
            return new Person(new Dn(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4));
        }

        private static JoinRequest request(ResultSet rs) throws SQLException {
            return new JoinRequest(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    new Dn(rs.getString(5), rs.getString(6)), rs.getString(7) == null ? "" : rs.getString(7),
                    RequestState.fromWireName(rs.getString(8)), instant(rs, 9), rs.getString(10), instant(rs, 11),
                    rs.getString(12), instant(rs, 13));
        }

        static Instant instant(ResultSet rs, int column) throws SQLException {
            Timestamp t = rs.getTimestamp(column);
            return t == null ? null : t.toInstant();
        }

        private static String truncate(String s, int max) {
            return s == null || s.length() <= max ? s : s.substring(0, max);
        }
    }
}
