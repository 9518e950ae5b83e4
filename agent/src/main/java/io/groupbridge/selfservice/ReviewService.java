package io.groupbridge.selfservice;

import io.groupbridge.model.Dn;
import io.groupbridge.model.Eligibility;
import io.groupbridge.model.MailKind;
import io.groupbridge.model.MailReview;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.ActionSupport.Loaded;
import io.groupbridge.selfservice.MembershipService.RemovalLimit;
import io.groupbridge.selfservice.ReviewItem.Outcome;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.Decision;
import io.groupbridge.selfservice.rules.ReminderDays;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Access reviews (spec V1-V8): an administrator or a schedule starts one, the owners of each group (or the
 * review's named reviewer) keep or remove each member, reminded by mail before the deadline, and at the deadline
 * the review's default applies to the members nobody decided, its removals held to the failsafe.
 *
 * <p>A review's members are the ones each group had in the store when it started; people added later are not in
 * it. A removal, by a verdict or by the default, is an ordinary {@code remove-member} outbox row (W1-W3), committed
 * with the verdict and its audit entry. Thread-safe if the stores are.
 */
public final class ReviewService {

    private final ActionSupport core;
    private final ReviewStore reviews;
    private final RemovalLimit limit;

    ReviewService(ActionSupport core, ReviewStore reviews, RemovalLimit limit) {
        this.core = Objects.requireNonNull(core, "core");
        this.reviews = Objects.requireNonNull(reviews, "reviews");
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    /**
     * The reviews over these ports, deciding with {@code options}.
     *
     * @param outboxWritten run after each call that committed write-back rows; must not throw
     * @param limit         the failsafe a default-remove is held to (V3), as the conf sets it
     */
    public static ReviewService over(SelfServiceStore store, ReviewStore reviews, DirectoryNames names,
            SelfServiceOptions options, NotificationSink notifications, Runnable outboxWritten, Clock clock,
            RemovalLimit limit) {
        return new ReviewService(new ActionSupport(store, names, options, notifications, outboxWritten, clock,
                PersonAttributes.none()), reviews, limit);
    }

    /**
     * What to start.
     *
     * @param title    for listings, exports and the panel; a blank one becomes the scope in words
     * @param reviewer a person's login, mail or DN who decides instead of the owners (V2); empty for the owners
     */
    public record Start(String title, ReviewScope scope, Instant deadline, ReviewVerdict defaultVerdict,
            Optional<String> reviewer) {
        public Start {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(deadline, "deadline");
            Objects.requireNonNull(defaultVerdict, "defaultVerdict");
            Objects.requireNonNull(reviewer, "reviewer");
        }
    }

    /**
     * What a start did.
     *
     * @param reviewId empty when refused
     * @param groups   the names of the groups under review
     * @param members  how many members the review covers
     * @param skipped  groups the filter matched that cannot be reviewed, each with why
     */
    public record Started(ActionResult result, Optional<Long> reviewId, List<String> groups, int members,
            List<String> skipped) {
        public Started {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(reviewId, "reviewId");
            groups = List.copyOf(groups);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * What a close did (V3).
     *
     * @param kept      members the default kept in this close
     * @param removed   members the default removed in this close
     * @param outboxIds the rows that remove them
     * @param held      why each group the failsafe held back was held; the review is then {@code held}
     */
    public record Closed(ActionResult result, long reviewId, AccessReview.State state, int kept, int removed,
            List<Long> outboxIds, List<String> held) {
        public Closed {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(state, "state");
            outboxIds = List.copyOf(outboxIds);
            held = List.copyOf(held);
        }
    }

    /**
     * A review as the actor may see it (V6): every member for administrators and service principals, the members
     * of the groups they review for a reviewer.
     */
    public record Shown(Optional<Decision> refusal, Optional<AccessReview> review, List<ReviewItem> items) {
        public Shown {
            Objects.requireNonNull(refusal, "refusal");
            Objects.requireNonNull(review, "review");
            items = List.copyOf(items);
        }

        static Shown refused(Decision d) {
            return new Shown(Optional.of(d), Optional.empty(), List.of());
        }
    }

    /**
     * A page of a review as the actor may see it (V6), cut in the store so that a review of thousands of members
     * is read a page at a time.
     *
     * @param total how many members the actor may see in all
     */
    public record ShownPage(Optional<Decision> refusal, Optional<AccessReview> review, List<ReviewItem> items,
            int total) {
        public ShownPage {
            Objects.requireNonNull(refusal, "refusal");
            Objects.requireNonNull(review, "review");
            items = List.copyOf(items);
        }
    }

    /** V1: an administrator or service principal starts a review. */
    public Started start(Actor actor, Start start) {
        if (!actor.isPrivileged()) {
            Decision no = refusal("V1", "only administrators and service principals start access reviews");
            return reviews.inTransaction((tx, rt) -> {
                core.refuse(tx, actor, "review-start", null, null, null, no);
                return new Started(ActionResult.refused(no), Optional.empty(), List.of(), 0, List.of());
            });
        }
        return start(actor.dn(), start, null);
    }

    /**
     * V1: starts each schedule's review that is due: one whose last review started {@code every} ago or longer, or
     * that never started one. A schedule whose scope matches no group is reported and tried again next time.
     */
    public List<Started> startScheduled(List<ReviewSchedule> schedules) {
        List<Started> started = new ArrayList<>();
        Instant now = core.clock().instant();
        for (ReviewSchedule s : schedules) {
            Optional<Instant> last = reviews.inTransaction((tx, rt) -> rt.lastStart(s.name()));
            if (last.isPresent() && last.get().plus(s.every()).isAfter(now)) {
                continue;
            }
            try {
                started.add(start(ActionSupport.SYSTEM_ACTOR, new Start(s.name(), s.scope(), now.plus(s.duration()),
                        s.defaultVerdict(), s.reviewer()), s.name()));
            } catch (InvalidInputException e) {
                started.add(new Started(ActionResult.refused("V1", "schedule '" + s.name() + "' started no review: "
                        + e.getMessage()), Optional.empty(), List.of(), 0, List.of()));
            }
        }
        return started;
    }

    private Started start(String by, Start start, String schedule) {
        Instant now = core.clock().instant();
        if (!start.deadline().isAfter(now)) {
            throw new InvalidInputException(InputProblem.INVALID_REVIEW, "the deadline " + start.deadline()
                    + " has passed; give one after now");
        }
        String title = TextInput.text(start.title(), "a review's title");
        if (title.length() > 200) {
            throw new InvalidInputException(InputProblem.TEXT_TOO_LONG, "a review's title may have at most 200"
                    + " characters");
        }
        return reviews.inTransaction((tx, rt) -> {
            Person reviewer = start.reviewer().map(r -> core.person(tx, r)).orElse(null);
            List<Loaded> groups = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            String scope;
            if (start.scope().group().isPresent()) {
                Loaded g = core.load(tx, groupId(tx, start.scope().group().get()));
                Eligibility e = g.facts().eligibility();
                if (!e.eligible()) {
                    Decision no = refusal(e.rule().orElseThrow(), "'" + g.group().name() + "' cannot be reviewed: "
                            + e.reason().orElseThrow());
                    core.refuse(tx, actorOf(by), "review-start", g, null, no);
                    return new Started(ActionResult.refused(no), Optional.empty(), List.of(), 0, List.of());
                }
                if (tx.members(g.group().id()).isEmpty()) {
                    throw new InvalidInputException(InputProblem.INVALID_REVIEW, "'" + g.group().name()
                            + "' has no members to review");
                }
                groups.add(g);
                scope = "group " + g.group().name();
            } else {
                for (StoredGroup s : rt.activeGroups()) {
                    if (!start.scope().matches(s.name(), s.kind())) {
                        continue;
                    }
                    Loaded g = core.loadAny(tx, s.id());
                    Eligibility e = g.facts().eligibility();
                    if (!e.eligible()) {
                        skipped.add(s.name() + ": " + e.reason().orElseThrow() + " (spec " + e.rule().orElseThrow()
                                + ")");
                    } else if (tx.members(s.id()).isEmpty()) {
                        skipped.add(s.name() + ": no members");
                    } else {
                        groups.add(g);
                    }
                }
                if (groups.isEmpty()) {
                    throw new InvalidInputException(InputProblem.INVALID_REVIEW, "no group with members matches "
                            + start.scope().describe() + (skipped.isEmpty() ? "" : "; skipped: "
                            + String.join("; ", skipped)));
                }
                scope = start.scope().describe();
            }
            String name = title.isEmpty() ? "review of " + scope : title;
            long id = rt.insertReview(new ReviewStore.NewReview(name, scope, schedule, reviewer,
                    start.defaultVerdict(), by, now, start.deadline()));
            int members = 0;
            for (Loaded g : groups) {
                for (String dn : tx.members(g.group().id())) {
                    rt.insertItem(id, g.group(), dn, core.normalized(dn));
                    members++;
                }
                core.audit(tx, actorOf(by), "review-start", g, null, "allowed", "V1", "review " + id + " '" + name
                        + "' until " + start.deadline() + ", default " + start.defaultVerdict().wireName()
                        + (reviewer == null ? ", decided by the owners" : ", decided by " + reviewer.dn().written()));
            }
            String message = "review " + id + " of " + groups.size() + (groups.size() == 1 ? " group" : " groups")
                    + " (" + members + " members) started; undecided members are "
                    + (start.defaultVerdict() == ReviewVerdict.KEEP ? "kept" : "removed") + " at " + start.deadline();
            return new Started(ActionResult.done("V1", message, null, groups.size() == 1
                    ? groups.get(0).group().id() : null, List.of()), Optional.of(id),
                    groups.stream().map(g -> g.group().name()).toList(), members, skipped);
        });
    }

    /** V6: the reviews the actor may see, newest first, each with how many members are still undecided. */
    public Listing<ReviewStore.Summary> list(Actor actor) {
        return reviews.inTransaction((tx, rt) -> {
            if (actor.isPrivileged()) {
                return Listing.of(rt.summaries());
            }
            return Listing.of(rt.summariesReviewedBy(actor.dn()));
        });
    }

    /** V6: one review with the members the actor may see; refused naming A14 for anyone who reviews none of it. */
    public Shown show(Actor actor, long reviewId) {
        return reviews.inTransaction((tx, rt) -> shown(tx, rt, actor, reviewId, "view-review"));
    }

    /**
     * V4: the review as {@link #show} gives it, for an export; audited as {@code review-export} with the format and
     * how many members it holds.
     */
    public Shown export(Actor actor, long reviewId, String format) {
        return reviews.inTransaction((tx, rt) -> {
            Shown s = shown(tx, rt, actor, reviewId, "review-export");
            if (s.refusal().isEmpty()) {
                core.audit(tx, actor, "review-export", null, null, null, "allowed", "V4", "review " + reviewId
                        + " exported as " + format + ": " + s.items().size() + " members");
            }
            return s;
        });
    }

    /**
     * V6: {@code limit} members of the review from {@code offset}, in the order of {@link #show}, of those the actor
     * may see; refused naming A14 as {@link #show} is.
     */
    public ShownPage showPage(Actor actor, long reviewId, int offset, int limit) {
        return reviews.inTransaction((tx, rt) -> {
            AccessReview review = rt.review(reviewId).orElseThrow(() -> unknown(reviewId));
            Set<String> groups = null;
            if (!actor.isPrivileged()) {
                groups = reviewedGroups(tx, actor, review, rt.groupIds(reviewId));
                if (groups.isEmpty()) {
                    Decision no = refusedSight(tx, actor, reviewId, "view-review");
                    return new ShownPage(Optional.of(no), Optional.empty(), List.of(), 0);
                }
            }
            return new ShownPage(Optional.empty(), Optional.of(review), rt.items(reviewId, groups, offset, limit),
                    rt.countItems(reviewId, groups));
        });
    }

    private Shown shown(SelfServiceStore.Tx tx, ReviewStore.Tx rt, Actor actor, long reviewId, String action) {
        AccessReview review = rt.review(reviewId).orElseThrow(() -> unknown(reviewId));
        List<ReviewItem> items = rt.items(reviewId);
        if (actor.isPrivileged()) {
            return new Shown(Optional.empty(), Optional.of(review), items);
        }
        Set<String> mine = reviewedGroups(tx, actor, review, items.stream().map(ReviewItem::groupId).toList());
        if (mine.isEmpty()) {
            return Shown.refused(refusedSight(tx, actor, reviewId, action));
        }
        return new Shown(Optional.empty(), Optional.of(review),
                items.stream().filter(i -> mine.contains(i.groupId())).toList());
    }

    // A14: someone who reviews no group of the review does not see it; the refusal is audited.
    private Decision refusedSight(SelfServiceStore.Tx tx, Actor actor, long reviewId, String action) {
        Decision no = refusal("A14", "you review no group of review " + reviewId + ", so you cannot see it");
        core.refuse(tx, actor, action, null, null, null, no);
        return no;
    }

    // V2, V7: the groups of the review the actor decides for.
    private Set<String> reviewedGroups(SelfServiceStore.Tx tx, Actor actor, AccessReview review,
            List<String> groupIds) {
        Map<String, Boolean> byGroup = new LinkedHashMap<>();
        for (String groupId : groupIds) {
            byGroup.computeIfAbsent(groupId, id -> reviews(tx, actor, review, id).allowed());
        }
        return byGroup.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    // V2 and V7: whether the actor decides for this group of the review.
    private Decision reviews(SelfServiceStore.Tx tx, Actor actor, AccessReview review, String groupId) {
        if (review.reviewerDn().isPresent()) {
            return core.normalized(review.reviewerDn().get()).equals(actor.dn())
                    ? allowed("V2", "you are this review's named reviewer")
                    : refusal("V2", "this review's named reviewer decides, nobody else");
        }
        Optional<StoredGroup> stored = tx.group(tx.resolveGroupId(groupId));
        if (stored.isEmpty()) {
            return refusal("V2", "the group is no longer in the store");
        }
        Loaded g = core.loadAny(tx, stored.get().id());
        if (g.facts().owners().isEmpty()) {
            return actor.isPrivileged() ? allowed("V7", "nobody owns this group, so administrators review it")
                    : refusal("V7", "nobody owns this group, so administrators review it");
        }
        return g.facts().isOwner(actor.dn()) ? allowed("V2", "owners review the members of their group")
                : refusal("V2", "only the owners of this group decide on its members in this review");
    }

    /**
     * V2, V8: a reviewer keeps or removes one member, with a reason. The first verdict is final; repeating it
     * changes nothing. A removal leaves the directory through the outbox, audited as {@code review-remove} with the
     * review and the reason; a member who left meanwhile is recorded as gone.
     *
     * @param groupRef the group's id, name or DN; may be null when the review covers one group only
     * @param member   the member's login, mail or DN
     */
    public ActionResult decide(Actor actor, long reviewId, String groupRef, String member, ReviewVerdict verdict,
            String reason) {
        String why = TextInput.text(reason, "a reason");
        if (why.isEmpty()) {
            throw new InvalidInputException(InputProblem.REASON_REQUIRED, "a review decision needs a reason");
        }
        Instant now = core.clock().instant();
        ActionResult result = reviews.inTransaction((tx, rt) -> {
            AccessReview review = rt.review(reviewId).orElseThrow(() -> unknown(reviewId));
            ReviewItem item = item(tx, rt.items(reviewId), reviewId, groupRef, member);
            Decision may = reviews(tx, actor, review, item.groupId());
            String action = "review-" + verdict.wireName();
            if (!may.allowed()) {
                core.refuse(tx, actor, action, item.groupId(), item.groupDn(), item.memberDn(), may);
                return ActionResult.refused(may);
            }
            if (!review.open()) {
                Decision no = refusal("V3", "review " + reviewId + " is " + review.state().wireName()
                        + ": its deadline passed or an administrator closed it, so its outcomes stand");
                core.refuse(tx, actor, action, item.groupId(), item.groupDn(), item.memberDn(), no);
                return ActionResult.refused(no);
            }
            if (item.verdict().isPresent() || item.outcome().isPresent()) {
                if (item.verdict().equals(Optional.of(verdict))) {
                    return ActionResult.unchanged("V8", memberLabel(tx, item) + " was decided " + verdict.wireName()
                            + " already");
                }
                Decision no = refusal("V8", memberLabel(tx, item) + " was decided "
                        + item.verdict().map(ReviewVerdict::wireName).orElse("by the default") + " already by "
                        + item.decidedBy().orElse(ActionSupport.SYSTEM_ACTOR) + "; a verdict is final");
                core.refuse(tx, actor, action, item.groupId(), item.groupDn(), item.memberDn(), no);
                return ActionResult.refused(no);
            }
            String groupId = tx.resolveGroupId(item.groupId());
            Optional<StoredGroup> group = tx.group(groupId);
            Outcome outcome = Outcome.KEPT;
            Long outbox = null;
            if (verdict == ReviewVerdict.REMOVE) {
                outcome = Outcome.GONE;
                if (group.isPresent() && !group.get().deleted()) {
                    Loaded g = core.loadAny(tx, groupId);
                    if (g.isMember(tx, person(item))) {
                        outbox = removal(tx, g, item, now);
                        outcome = Outcome.REMOVED;
                    }
                }
            }
            if (!rt.decide(reviewId, item.groupId(), item.memberDnNorm(), verdict, why, actor.dn(), now, outcome,
                    outbox)) {
                throw new IllegalStateException("review " + reviewId + ": " + item.memberDn() + " was decided"
                        + " while this decision was taken");
            }
            core.audit(tx, actor, action, groupId, item.groupDn(), item.memberDn(), "allowed", may.rule(),
                    "review " + reviewId + ": " + why + (outcome == Outcome.GONE ? " (no longer a member)" : ""));
            String said = switch (outcome) {
                case KEPT -> "kept " + memberLabel(tx, item) + " in '" + item.groupName() + "'";
                case REMOVED -> "removed " + memberLabel(tx, item) + " from '" + item.groupName() + "'";
                case GONE -> memberLabel(tx, item) + " is no longer a member of '" + item.groupName() + "'";
            };
            return ActionResult.done(may.rule(), said + " (review " + reviewId + ")", null, groupId,
                    outbox == null ? List.of() : List.of(outbox));
        });
        if (!result.outboxIds().isEmpty()) {
            core.outboxWritten();
        }
        return result;
    }

    private ReviewItem item(SelfServiceStore.Tx tx, List<ReviewItem> items, long reviewId, String groupRef,
            String member) {
        String m = member == null ? "" : member.strip();
        if (m.isEmpty()) {
            throw new InvalidInputException(InputProblem.PERSON_REQUIRED, "a member's DN or login is required");
        }
        // A DN is taken as written, so that a member who left the store's people can still be decided.
        Optional<String> asDn = core.names().normalize(m)
                .filter(n -> items.stream().anyMatch(i -> i.memberDnNorm().equals(n)));
        String memberNorm = asDn.orElseGet(() -> core.person(tx, m).dn().normalized());
        List<ReviewItem> found = items.stream().filter(i -> i.memberDnNorm().equals(memberNorm)).toList();
        if (groupRef != null && !groupRef.isBlank()) {
            String wanted = groupId(tx, groupRef);
            found = found.stream().filter(i -> tx.resolveGroupId(i.groupId()).equals(wanted)).toList();
        }
        if (found.isEmpty()) {
            throw new InvalidInputException(InputProblem.NOT_IN_REVIEW, "'" + m + "' is not a member under review "
                    + reviewId + (groupRef == null || groupRef.isBlank() ? "" : " in that group"));
        }
        if (found.size() > 1) {
            throw new InvalidInputException(InputProblem.AMBIGUOUS_GROUP, "'" + m + "' is under review " + reviewId
                    + " in " + found.size() + " groups; name the group: "
                    + found.stream().map(ReviewItem::groupName).toList());
        }
        return found.get(0);
    }

    /**
     * V1, V3: an administrator or service principal closes a review now, before its deadline or after it: the
     * default applies to the undecided members, its removals held to the conf's failsafe. A held review is tried
     * again.
     */
    public Closed close(Actor actor, long reviewId) {
        return close(actor, reviewId, limit);
    }

    /** {@link #close(Actor, long)} held to {@code limit} rather than the conf's failsafe. */
    public Closed close(Actor actor, long reviewId, RemovalLimit limit) {
        if (!actor.isPrivileged()) {
            Decision no = refusal("V1", "only administrators and service principals close access reviews");
            return reviews.inTransaction((tx, rt) -> {
                rt.review(reviewId).orElseThrow(() -> unknown(reviewId));
                core.refuse(tx, actor, "review-close", null, null, null, no);
                return new Closed(ActionResult.refused(no), reviewId, AccessReview.State.OPEN, 0, 0, List.of(),
                        List.of());
            });
        }
        return finish(reviewId, actor.dn(), limit);
    }

    /**
     * V3: closes every review whose deadline came, and tries the held ones again, held to the conf's failsafe; for
     * the daemon's job.
     */
    public List<Closed> closeDue() {
        return closeDue(limit);
    }

    /** {@link #closeDue()} held to {@code limit} rather than the conf's failsafe. */
    public List<Closed> closeDue(RemovalLimit limit) {
        List<AccessReview> due = reviews.inTransaction((tx, rt) -> rt.dueBy(core.clock().instant()));
        List<Closed> closed = new ArrayList<>();
        for (AccessReview r : due) {
            closed.add(finish(r.id(), ActionSupport.SYSTEM_ACTOR, limit));
        }
        return closed;
    }

    private Closed finish(long reviewId, String by, RemovalLimit limit) {
        Instant now = core.clock().instant();
        Closed closed = reviews.inTransaction((tx, rt) -> {
            AccessReview review = rt.review(reviewId).orElseThrow(() -> unknown(reviewId));
            if (review.state() == AccessReview.State.CLOSED) {
                return new Closed(ActionResult.unchanged("V3", "review " + reviewId + " is closed already"),
                        reviewId, review.state(), 0, 0, List.of(), List.of());
            }
            Map<String, List<ReviewItem>> undecided = new LinkedHashMap<>();
            for (ReviewItem i : rt.items(reviewId)) {
                if (i.outcome().isEmpty()) {
                    undecided.computeIfAbsent(i.groupId(), k -> new ArrayList<>()).add(i);
                }
            }
            List<Long> outbox = new ArrayList<>();
            List<String> held = new ArrayList<>();
            int kept = 0;
            int removed = 0;
            for (List<ReviewItem> items : undecided.values()) {
                String groupId = tx.resolveGroupId(items.get(0).groupId());
                Optional<StoredGroup> stored = tx.group(groupId);
                if (stored.isEmpty() || stored.get().deleted()) {
                    items.forEach(i -> rt.applyDefault(reviewId, i.groupId(), i.memberDnNorm(), Outcome.GONE, null));
                    continue;
                }
                Loaded g = core.loadAny(tx, groupId);
                if (review.defaultVerdict() == ReviewVerdict.KEEP) {
                    for (ReviewItem i : items) {
                        rt.applyDefault(reviewId, i.groupId(), i.memberDnNorm(), Outcome.KEPT, null);
                        defaultAudit(tx, by, g, i, "review-default-keep", reviewId);
                        kept++;
                    }
                    continue;
                }
                List<ReviewItem> members = items.stream().filter(i -> g.isMember(tx, person(i))).toList();
                Optional<String> tooMany = members.isEmpty() ? Optional.empty()
                        : limit.refuses(g.group().dn().written(), tx.members(groupId).size(), members.size());
                if (tooMany.isPresent()) {
                    held.add(tooMany.get());
                    continue;
                }
                for (ReviewItem i : items) {
                    if (members.contains(i)) {
                        long row = removal(tx, g, i, now);
                        outbox.add(row);
                        rt.applyDefault(reviewId, i.groupId(), i.memberDnNorm(), Outcome.REMOVED, row);
                        defaultAudit(tx, by, g, i, "review-default-remove", reviewId);
                        removed++;
                    } else {
                        rt.applyDefault(reviewId, i.groupId(), i.memberDnNorm(), Outcome.GONE, null);
                    }
                }
            }
            AccessReview.State state = held.isEmpty() ? AccessReview.State.CLOSED : AccessReview.State.HELD;
            String heldReason = held.isEmpty() ? null : truncated(String.join("; ", held));
            rt.close(reviewId, state, by, now, heldReason);
            String message = "review " + reviewId + (held.isEmpty() ? " closed" : " held back by the failsafe"
                    + " (reconcile.maxRemovalShare): " + String.join("; ", held)) + "; the default ("
                    + review.defaultVerdict().wireName() + ") kept " + kept + " and removed " + removed;
            core.audit(tx, actorOf(by), held.isEmpty() ? "review-close" : "review-held", null, null, null,
                    held.isEmpty() ? "done" : "held", "V3", message);
            return new Closed(ActionResult.done("V3", message, null, null, outbox), reviewId, state, kept, removed,
                    outbox, held);
        });
        if (!closed.outboxIds().isEmpty()) {
            core.outboxWritten();
        }
        return closed;
    }

    /**
     * V5: mails each reviewer who still has members to decide in an open review a reminder at each of {@code
     * daysBefore} days before its deadline, once per review, reviewer and day, with a link to the review's page; the
     * reminders and the marks that say so commit in one transaction, so a restart sends none twice. A reviewer found
     * after several days passed gets the closest one only (as E2 does). The reviewers are the review's named one,
     * else each group's owners, else, for a group nobody owns, the administrators (V7). A reviewer without a mail
     * address is skipped and counted (M1). Nothing while mail is off.
     *
     * @param daysBefore the conf's {@code governance.reviews.remindBefore}
     * @return how many reminders were queued (skipped ones included)
     */
    public int remindReviewers(List<Integer> daysBefore) {
        ReminderDays days = new ReminderDays(daysBefore);
        if (!core.options().mail().enabled() || days.earliest() == 0) {
            return 0;
        }
        Instant now = core.clock().instant();
        return reviews.inTransaction((tx, rt) -> {
            int reminded = 0;
            for (AccessReview review : rt.openUntil(now, now.plus(Duration.ofDays(days.earliest())))) {
                for (Reviewer r : reviewersWithUndecided(tx, review, rt.items(review.id()))) {
                    String norm = r.person().dn().normalized();
                    Optional<Integer> due = days.due(review.deadline(), now, rt.closestReminder(review.id(), norm));
                    if (due.isEmpty()) {
                        continue;
                    }
                    rt.recordReminder(review.id(), norm, due.get(), now);
                    Dn to = r.person().dn();
                    boolean queued = tx.enqueueMail(new MailItem(MailKind.REVIEW_REMINDER, to, r.groupIds().get(0),
                            inWords(r.groupNames()), null, to, null, null, null, review.deadline(),
                            new MailReview(review.id(), review.title(), r.undecided())), now);
                    boolean oneGroup = r.groupIds().size() == 1;
                    core.audit(tx, actorOf(ActionSupport.SYSTEM_ACTOR), "review-reminder",
                            oneGroup ? r.groupIds().get(0) : null, oneGroup ? r.groupDns().get(0) : null,
                            to.written(), queued ? "done" : "skipped", "V5", "review " + review.id() + ": "
                            + r.undecided() + " member(s) to decide, " + due.get() + " day(s) before the deadline "
                            + review.deadline() + (queued ? "" : "; no mail address (M1)"));
                    reminded++;
                }
            }
            return reminded;
        });
    }

    /**
     * A reviewer who still has members to decide in one review.
     *
     * @param groupIds the groups with those members, in the review's order; {@code groupDns} and {@code groupNames}
     *                 beside them
     */
    private record Reviewer(Person person, List<String> groupIds, List<String> groupDns, List<String> groupNames,
            int undecided) {
    }

    // V2, V7: who decides each undecided member, gathered per person.
    private List<Reviewer> reviewersWithUndecided(SelfServiceStore.Tx tx, AccessReview review,
            List<ReviewItem> items) {
        Map<String, List<ReviewItem>> undecided = new LinkedHashMap<>();
        for (ReviewItem i : items) {
            if (i.outcome().isEmpty()) {
                undecided.computeIfAbsent(i.groupId(), k -> new ArrayList<>()).add(i);
            }
        }
        Map<String, Reviewer> byPerson = new LinkedHashMap<>();
        List<Person> administrators = null;
        for (List<ReviewItem> groupItems : undecided.values()) {
            Optional<StoredGroup> stored = tx.group(tx.resolveGroupId(groupItems.get(0).groupId()));
            if (stored.isEmpty() || stored.get().deleted()) {
                continue;
            }
            List<Person> deciders;
            if (review.reviewerDn().isPresent()) {
                String dn = review.reviewerDn().get();
                String norm = core.normalized(dn);
                deciders = List.of(tx.person(norm).orElse(new Person(new Dn(dn, norm), null, null)));
            } else {
                Set<String> owners = core.loadAny(tx, stored.get().id()).facts().owners();
                if (owners.isEmpty()) {
                    administrators = administrators == null ? core.administrators(tx) : administrators;
                    deciders = administrators;
                } else {
                    deciders = owners.stream().sorted()
                            .map(o -> tx.person(o).orElse(new Person(new Dn(o, o), null, null))).toList();
                }
            }
            StoredGroup g = stored.get();
            for (Person p : deciders) {
                Reviewer was = byPerson.get(p.dn().normalized());
                List<String> ids = new ArrayList<>(was == null ? List.of() : was.groupIds());
                List<String> dns = new ArrayList<>(was == null ? List.of() : was.groupDns());
                List<String> names = new ArrayList<>(was == null ? List.of() : was.groupNames());
                ids.add(g.id());
                dns.add(g.dn().written());
                names.add(g.name());
                byPerson.put(p.dn().normalized(), new Reviewer(p, ids, dns, names,
                        (was == null ? 0 : was.undecided()) + groupItems.size()));
            }
        }
        return List.copyOf(byPerson.values());
    }

    // "A", "A and B", "A, B and C", "A, B and 5 other groups": what the reminder's {{group}} says.
    private static String inWords(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        if (names.size() <= 3) {
            return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        }
        return names.get(0) + ", " + names.get(1) + " and " + (names.size() - 2) + " other groups";
    }

    private void defaultAudit(SelfServiceStore.Tx tx, String by, Loaded g, ReviewItem i, String action,
            long reviewId) {
        core.audit(tx, actorOf(by), action, g, i.memberDn(), "done", "V3", "review " + reviewId
                + ": nobody decided by the deadline");
    }

    // Like members remove (A5): the member leaves through the outbox, and with the membership goes its end (T8).
    private long removal(SelfServiceStore.Tx tx, Loaded g, ReviewItem i, Instant now) {
        long row = tx.enqueue(new OutboxItem(g.group().id(), g.group().dn().written(), OutboxOperation.REMOVE_MEMBER,
                i.memberDn(), null, null), now);
        tx.clearMembershipEnd(g.group().id(), i.memberDnNorm());
        return row;
    }

    private String groupId(SelfServiceStore.Tx tx, String ref) {
        String text = ref.strip();
        String id = tx.resolveGroupId(text);
        if (tx.group(id).isPresent()) {
            return id;
        }
        List<StoredGroup> found = tx.groupsNamedOrAt(text, core.names().normalize(text).orElse(null)).stream()
                .filter(g -> !g.deleted()).toList();
        if (found.isEmpty()) {
            throw new InvalidInputException(InputProblem.NO_SUCH_GROUP, "no group named '" + text + "'");
        }
        if (found.size() > 1) {
            throw new InvalidInputException(InputProblem.AMBIGUOUS_GROUP, "'" + text + "' names " + found.size()
                    + " groups; give the DN of the one you mean");
        }
        return found.get(0).id();
    }

    private static Person person(ReviewItem i) {
        return new Person(new Dn(i.memberDn(), i.memberDnNorm()), null, null);
    }

    // The login, as the members commands name people; the DN for someone the store no longer holds.
    private static String memberLabel(SelfServiceStore.Tx tx, ReviewItem i) {
        return tx.person(i.memberDnNorm()).map(Person::label).orElse(i.memberDn());
    }

    // The audit and refusal entries of groupbridge's own closes name it as the actor.
    private static Actor actorOf(String dn) {
        return Actor.servicePrincipal(dn);
    }

    private static String truncated(String s) {
        return s.length() <= 4000 ? s : s.substring(0, 3999) + "…";
    }

    private Decision refusal(String rule, String reason) {
        return Decision.refuse(rule, reason, core.settingsVersion());
    }

    private Decision allowed(String rule, String reason) {
        return Decision.allow(rule, reason, core.settingsVersion());
    }

    private static InvalidInputException unknown(long id) {
        return new InvalidInputException(InputProblem.NO_SUCH_REVIEW, "no access review " + id);
    }
}
