package io.groupbridge.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.SettingsView;
import io.groupbridge.StatusReport;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.BulkAddResult;
import io.groupbridge.selfservice.MemberToAdd;
import io.groupbridge.selfservice.EffectiveMembers;
import io.groupbridge.selfservice.GroupExpirationService;
import io.groupbridge.selfservice.AuditRecord;
import io.groupbridge.selfservice.JoinRequest;
import io.groupbridge.selfservice.SelfService;
import io.groupbridge.selfservice.Listing;
import io.groupbridge.selfservice.MyGroup;
import io.groupbridge.selfservice.MembershipEntry;
import io.groupbridge.selfservice.MembershipService;
import io.groupbridge.selfservice.rules.Action;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.Decision;
import io.groupbridge.selfservice.rules.GroupFacts;
import io.groupbridge.selfservice.rules.Rules;
import io.groupbridge.store.GroupQueries;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The REST API under {@code /api/v1} (issue 12, point 1), described by {@code web/openapi.yaml}. Every call goes
 * through the same {@link SelfService} as the command line ({@code cli/SelfServiceCommands}), so the spec's
 * A table holds for both: a refusal is a 403 problem naming its rule, bad input a 400 or 404 with its code.
 */
final class ApiRoutes {

    static final String BASE = "/api/v1";
    static final String SESSION = BASE + "/session";
    static final int MAX_PAGE = 200;
    static final int DEFAULT_PAGE = 50;
    static final int MAX_SEARCH = 256;

    /** Audit entries skipped by {@code offset} are read and dropped, so deep pages are refused. */
    static final int MAX_AUDIT_OFFSET = 10_000;

    private final WebServer server;
    private final SelfServiceSource selfService;
    private final GroupQueries queries;
    private final Supplier<SettingsView> settings;
    private final Supplier<StatusReport> status;

    ApiRoutes(WebServer server, SelfServiceSource selfService, GroupQueries queries, Supplier<SettingsView> settings,
            Supplier<StatusReport> status) {
        this.server = server;
        this.selfService = selfService;
        this.queries = queries;
        this.settings = settings;
        this.status = status;
    }

    void register(RoutesConfig r) {
        r.get("/api/openapi.yaml", this::openApi);
        r.post(SESSION, this::signIn);
        r.get(SESSION, this::session);
        r.delete(SESSION, this::signOut);
        r.get(BASE + "/groups", this::searchGroups);
        r.post(BASE + "/groups", this::createGroup);
        r.get(BASE + "/groups/{id}", this::group);
        r.patch(BASE + "/groups/{id}", this::editGroup);
        r.delete(BASE + "/groups/{id}", ctx -> {
            body(ctx, Set.of());
            act(ctx, (a, s) -> s.groups().deleteGroup(a, groupId(ctx)));
        });
        r.post(BASE + "/groups/{id}/blocked", ctx -> act(ctx, (a, s) -> s.groups().block(a, groupId(ctx),
                body(ctx, Set.of("person")).required("person"))));
        r.delete(BASE + "/groups/{id}/blocked/{person}", ctx -> act(ctx, (a, s) -> s.groups().unblock(a,
                groupId(ctx), ctx.pathParam("person"))));
        r.get(BASE + "/audit", this::audit);
        r.get(BASE + "/settings", ctx -> server.writeJson(ctx, settings.get()));
        r.get(BASE + "/status", this::status);
        r.get(BASE + "/me/groups", this::myGroups);
        r.post(BASE + "/groups/{id}/join", ctx -> act(ctx, (a, s) -> s.memberships().join(a, groupId(ctx),
                body(ctx, Set.of("justification")).text("justification"))));
        r.post(BASE + "/groups/{id}/leave", ctx -> {
            body(ctx, Set.of());
            act(ctx, (a, s) -> s.memberships().leave(a, groupId(ctx)));
        });
        r.post(BASE + "/groups/{id}/extend", ctx -> {
            Body b = body(ctx, Set.of("until", "justification"));
            b.required("until");
            LocalDate until = until(b).orElseThrow();
            act(ctx, (a, s) -> s.requests().askToExtend(a, groupId(ctx), until, b.text("justification")));
        });
        r.get(BASE + "/groups/{id}/requests", this::groupRequests);
        r.get(BASE + "/requests", this::requests);
        r.post(BASE + "/requests/{requestId}/approve", ctx -> {
            Body b = body(ctx, Set.of("reason", "until"));
            Optional<LocalDate> until = until(b);
            act(ctx, (a, s) -> s.requests().decide(a, requestId(ctx), true, b.text("reason"), until));
        });
        r.post(BASE + "/requests/{requestId}/deny", ctx -> act(ctx, (a, s) -> s.requests().decide(a, requestId(ctx),
                false,
                body(ctx, Set.of("reason")).text("reason"))));
        r.post(BASE + "/requests/{requestId}/cancel", ctx -> {
            body(ctx, Set.of());
            act(ctx, (a, s) -> s.requests().cancelRequest(a, requestId(ctx)));
        });
        r.get(BASE + "/groups/{id}/members", this::members);
        r.post(BASE + "/groups/{id}/members", ctx -> {
            Body b = body(ctx, Set.of("person", "until"));
            Optional<LocalDate> until = until(b);
            act(ctx, (a, s) -> s.memberships().addMember(a, groupId(ctx), b.required("person"), until));
        });
        r.post(BASE + "/groups/{id}/members/bulk", this::addMembers);
        r.delete(BASE + "/groups/{id}/members/{person}", ctx -> act(ctx, (a, s) -> s.memberships().removeMember(a,
                groupId(ctx),
                ctx.pathParam("person"))));
        r.post(BASE + "/groups/{id}/renew", ctx -> {
            body(ctx, Set.of());
            act(ctx, (a, s) -> s.expiration().renew(a, groupId(ctx)));
        });
        r.post(BASE + "/groups/{id}/restore", ctx -> {
            body(ctx, Set.of());
            act(ctx, (a, s) -> s.expiration().restore(a, groupId(ctx)));
        });
        r.get(BASE + "/groups/{id}/expiration", this::groupExpiration);
        r.get(BASE + "/expiration", ctx -> {
            GroupExpirationService e = selfService.actions().expiration();
            server.writeJson(ctx, new ApiJson.Expiration(e.lifetimes().stream().map(ApiJson.Lifetime::of).toList(),
                    e.expiredGroups().stream().map(ApiJson.Expired::of).toList()));
        });
        r.get(BASE + "/groups/{id}/owners", this::owners);
        r.post(BASE + "/groups/{id}/owners", ctx -> act(ctx, (a, s) -> s.memberships().addOwner(a, groupId(ctx),
                body(ctx, Set.of("person")).required("person"))));
        r.delete(BASE + "/groups/{id}/owners/{person}", ctx -> act(ctx, (a, s) -> s.memberships().removeOwner(a,
                groupId(ctx),
                ctx.pathParam("person"))));
    }

    // ------------------------------------------------------------ session

    private void openApi(Context ctx) throws IOException {
        try (InputStream in = ApiRoutes.class.getResourceAsStream("/web/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("web/openapi.yaml is missing from the class path");
            }
            ctx.contentType("application/yaml").result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void signIn(Context ctx) {
        Body b = body(ctx, Set.of("login", "password"));
        String login = b.required("login");
        String password = b.required("password");
        WebSessions.Session s = server.signIn(ctx, login, password.toCharArray());
        Actor actor = selfService.actions().views().actorFor(s.actorDn(),
                io.groupbridge.selfservice.rules.ActorKind.PERSON);
        ctx.status(201);
        server.writeJson(ctx, new ApiJson.Session(ApiJson.User.of(actor), s.csrfToken(), s.expiresAt()));
    }

    private void session(Context ctx) {
        WebSessions.Session s = server.sessionIfAny(ctx).orElseThrow(() -> Problem.of(400, "no-session",
                "No session", "this call came with an Authorization header, which signs in for the call alone;"
                + " there is no session to show").raise());
        server.writeJson(ctx, new ApiJson.Session(ApiJson.User.of(server.actor(ctx)), s.csrfToken(), s.expiresAt()));
    }

    private void signOut(Context ctx) {
        server.signOut(ctx);
        ctx.status(204);
    }

    // ------------------------------------------------------------ groups

    /**
     * A1: anyone signed in sees the groups, paged and searched in the store; {@code kind} and {@code joinPolicy}
     * narrow them, {@code joinable=true} keeps those the person could join or ask to join now.
     */
    private void searchGroups(Context ctx) {
        String search = ctx.queryParam("search");
        if (search != null && search.length() > MAX_SEARCH) {
            throw badParameter("search", "is " + search.length() + " characters long; at most " + MAX_SEARCH);
        }
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
        Set<String> kinds = wireNames(ctx, "kind", Arrays.stream(GroupKind.values()).map(GroupKind::wireName));
        Set<String> policies = wireNames(ctx, "joinPolicy", Arrays.stream(JoinPolicy.values())
                .map(JoinPolicy::wireName));
        Optional<GroupQueries.JoinableBy> joinable = booleanParam(ctx, "joinable")
                ? Optional.of(joinableBy(server.actor(ctx))) : Optional.empty();
        GroupQueries.Page page = queries.searchGroups(new GroupQueries.Search(search, Set.of(), kinds, policies,
                joinable), offset, limit);
        server.writeJson(ctx, new ApiJson.Page<>(page.items().stream().map(ApiJson.Group::of).toList(), offset, limit,
                page.total()));
    }

    /*
     * The policies whose groups the rules let this person join or ask to join (A3, P1-P3, S1, L1), asked of the rules
     * for a group they neither own nor belong to; the store adds what depends on the group (G, membership, A12).
     */
    private GroupQueries.JoinableBy joinableBy(Actor actor) {
        if (actor.isServicePrincipal()) {
            throw badParameter("joinable", "is for people: a service principal joins no groups");
        }
        Rules rules = new Rules(selfService.actions().views().settings());
        Set<String> policies = new HashSet<>();
        for (JoinPolicy policy : JoinPolicy.values()) {
            GroupFacts someGroup = new GroupFacts("cn=any", "any", GroupKind.SECURITY, false, false, false, policy,
                    Set.of());
            if (rules.decide(actor, new Action.Join(someGroup, false, false, false, "a justification")).allowed()) {
                policies.add(policy.wireName());
            }
        }
        return new GroupQueries.JoinableBy(actor.dn(), policies);
    }

    private static Set<String> wireNames(Context ctx, String name, Stream<String> known) {
        List<String> allowed = known.toList();
        Set<String> given = new HashSet<>();
        for (String value : ctx.queryParams(name)) {
            for (String v : value.split(",")) {
                if (!allowed.contains(v.strip())) {
                    throw badParameter(name, "is '" + v.strip() + "'; give " + String.join(", ", allowed)
                            + " (several separated by commas)");
                }
                given.add(v.strip());
            }
        }
        return given;
    }

    private static boolean booleanParam(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text != null && !text.equals("true") && !text.equals("false")) {
            throw badParameter(name, "is '" + text + "'; give true or false");
        }
        return "true".equals(text);
    }

    /**
     * A7: creates a group. The kind follows Graph's flags: {@code groupTypes: ["Unified"]} is a unified group,
     * {@code securityEnabled} without mail a security group, {@code mailEnabled} alone a distribution list.
     */
    private void createGroup(Context ctx) {
        Body b = body(ctx, Map.of("displayName", Field.TEXT, "description", Field.TEXT, "securityEnabled",
                Field.FLAG, "mailEnabled", Field.FLAG, "groupTypes", Field.TEXTS, "joinPolicy", Field.TEXT,
                "owners", Field.TEXTS, "mailNickname", Field.TEXT));
        String name = b.required("displayName");
        GroupKind kind = kindOf(b);
        Optional<JoinPolicy> policy = policy(b);
        ActionResult result = selfService.actions().groups().createGroup(server.actor(ctx), kind, name, b.text("description"),
                policy, b.texts("owners"));
        if (!result.allowed()) {
            throw Problem.refused(result.rule(), result.message()).raise();
        }
        ctx.status(201);
        result.groupId().ifPresent(id -> ctx.header("Location", BASE + "/groups/" + id));
        server.writeJson(ctx, ApiJson.Action.of(result));
    }

    private static GroupKind kindOf(Body b) {
        List<String> types = b.texts("groupTypes");
        for (String t : types) {
            if (!t.equals("Unified")) {
                throw invalidField("groupTypes", "holds '" + t + "'; groupbridge creates assigned groups, so the"
                        + " only type it takes is Unified");
            }
        }
        Optional<Boolean> security = b.flag("securityEnabled");
        Optional<Boolean> mail = b.flag("mailEnabled");
        if (types.contains("Unified")) {
            if (mail.isPresent() && !mail.get()) {
                throw invalidField("mailEnabled", "is false, but a Unified group is always mail-enabled");
            }
            return GroupKind.UNIFIED;
        }
        boolean isSecurity = security.orElse(!mail.orElse(false));
        if (isSecurity && mail.orElse(false)) {
            throw invalidField("mailEnabled", "is true with securityEnabled: groupbridge does not create"
                    + " mail-enabled security groups");
        }
        if (!isSecurity && !mail.orElse(false)) {
            throw invalidField("securityEnabled", "is false and the group is not mail-enabled either; give"
                    + " securityEnabled: true, groupTypes: [\"Unified\"], or mailEnabled: true");
        }
        return isSecurity ? GroupKind.SECURITY : GroupKind.DISTRIBUTION;
    }

    private static Optional<JoinPolicy> policy(Body b) {
        String text = b.text("joinPolicy");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JoinPolicy.fromWireName(text));
        } catch (IllegalArgumentException e) {
            throw invalidField("joinPolicy", "is '" + text + "'; give open, owner-approval or owners-only");
        }
    }

    /** A8: the join policy at once; the name and the description through the outbox, pending until written (R6). */
    private void editGroup(Context ctx) {
        Body b = body(ctx, Map.of("displayName", Field.TEXT, "description", Field.TEXT, "joinPolicy", Field.TEXT));
        act(ctx, (a, s) -> s.groups().editGroup(a, groupId(ctx), b.present("displayName"), b.present("description"),
                policy(b)));
    }

    /** A group with its owners (A1) and, for those A2 lets see them, its members. */
    private void group(Context ctx) {
        String id = groupId(ctx);
        GroupQueries.Listed listed = queries.groupWithDescription(id).orElseThrow(() -> noSuchGroup(id));
        SelfService actions = selfService.actions();
        List<ApiJson.Entry> owners = ApiJson.Entry.all(actions.memberships().owners(id));
        // The first page only, as the panel's group page: a group of tens of thousands took seconds to list whole.
        Listing<MembershipEntry> members = actions.memberships().members(server.actor(ctx), id, 0, DEFAULT_PAGE);
        String next = members.refusal().isEmpty() && listed.summary().members() > DEFAULT_PAGE
                ? membersPage(id, DEFAULT_PAGE, DEFAULT_PAGE) : null;
        server.writeJson(ctx, new ApiJson.GroupDetail(ApiJson.Group.of(listed), owners,
                members.refusal().isPresent() ? null : ApiJson.Entry.all(members.items()),
                members.refusal().map(d -> new ApiJson.Hidden(d.rule(), d.message())).orElse(null),
                actions.views().pendingRename(id).map(ApiJson.PendingRename::of).orElse(null), next));
    }

    private static String membersPage(String id, int offset, int limit) {
        return BASE + "/groups/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20")
                + "/members?offset=" + offset + "&limit=" + limit;
    }

    /** E1, E3: when the group expires, or when it expired and until when it may be restored. */
    private void groupExpiration(Context ctx) {
        String id = existingGroup(ctx);
        GroupExpirationService e = selfService.actions().expiration();
        server.writeJson(ctx, new ApiJson.GroupExpiration(e.lifetime(id).map(ApiJson.Lifetime::of).orElse(null),
                e.expiredGroups().stream().filter(x -> x.group().id().equals(id)).findFirst()
                        .map(ApiJson.Expired::of).orElse(null)));
    }

    private void myGroups(Context ctx) {
        String owned = ctx.queryParam("owned");
        if (owned != null && !owned.equals("true") && !owned.equals("false")) {
            throw badParameter("owned", "is '" + owned + "'; give true or false");
        }
        boolean onlyOwned = "true".equals(owned);
        server.writeJson(ctx, new ApiJson.Listing<>(selfService.actions().views().myGroups(server.actor(ctx)).stream()
                .filter(g -> !onlyOwned || g.owner()).map(ApiJson.MyGroup::of).toList()));
    }

    /**
     * A page of the members, in the order of the store; members still being added come on the first page. With
     * {@code effective=true} the effective members (B3) follow the direct ones, as one list paged across both.
     */
    private void members(Context ctx) {
        String id = groupId(ctx);
        int direct = queries.group(id).orElseThrow(() -> noSuchGroup(id)).members();
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
        boolean effective = booleanParam(ctx, "effective");
        MembershipService memberships = selfService.actions().memberships();
        List<ApiJson.Entry> page = new ArrayList<>();
        if (!effective || offset == 0 || offset < direct) {
            page.addAll(ApiJson.Entry.all(allowed(memberships.members(server.actor(ctx), id, offset, limit))));
        }
        if (!effective) {
            server.writeJson(ctx, new ApiJson.Page<>(page, offset, limit, direct));
            return;
        }
        // The direct members this page holds by the store's count, not by the rows listed: members still being
        // added are extra rows of the first page.
        int directRows = Math.max(0, Math.min(limit, direct - offset));
        EffectiveMembers nested = memberships.effectiveMembers(server.actor(ctx), id, Math.max(0, offset - direct),
                Math.max(1, limit - directRows));
        if (nested.refusal().isPresent()) {
            throw Problem.refused(nested.refusal().get()).raise();
        }
        if (directRows < limit) {
            nested.items().forEach(m -> page.add(ApiJson.Entry.of(m)));
        }
        server.writeJson(ctx, new ApiJson.Page<>(page, offset, limit, direct + nested.total()));
    }

    /*
     * B1: everyone the list names, through the same all-or-nothing service as members add --file; a refusal is one
     * 403 naming B1 that lists each person refused with the rule or problem.
     */
    private void addMembers(Context ctx) {
        Body b = body(ctx, Map.of("people", Field.PEOPLE));
        List<MemberToAdd> people = b.people("people");
        BulkAddResult result = selfService.actions().memberships().addMembers(server.actor(ctx), groupId(ctx),
                people);
        ActionResult all = result.summary();
        if (!all.allowed()) {
            // A15: the detail names its rule, as every refusal's does; the service's sentence leaves that to callers
            String detail = all.message().contains("(spec ") ? all.message() : all.message() + " (spec " + all.rule()
                    + ")";
            throw Problem.refused(all.rule(), detail).with(result.refused().stream()
                    .map(r -> new Problem.Refused(r.line(), r.person(), r.rule(), r.message())).toList()).raise();
        }
        server.writeJson(ctx, new ApiJson.BulkAdded(ApiJson.Action.of(all),
                result.rows().stream().map(ApiJson.Action::of).toList()));
    }

    private void owners(Context ctx) {
        server.writeJson(ctx, new ApiJson.Listing<>(ApiJson.Entry.all(selfService.actions().memberships()
                .owners(existingGroup(ctx)))));
    }

    // ------------------------------------------------------------ audit, status

    /**
     * A13: the audit log within the person's scope, newest first: everything for administrators and service
     * principals, a group's entries for its owners ({@code group}), otherwise their own actions.
     */
    private void audit(Context ctx) {
        String group = ctx.queryParam("group");
        String groupId = group == null ? null : existingGroup(group);
        Instant since = instantParam(ctx, "since");
        int offset = intParam(ctx, "offset", 0, 0, MAX_AUDIT_OFFSET);
        int limit = intParam(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
        List<AuditRecord> read = allowed(selfService.actions().views().audit(server.actor(ctx), groupId, since,
                offset + limit + 1));
        List<ApiJson.AuditEntry> page = read.stream().skip(offset).limit(limit).map(ApiJson.AuditEntry::of).toList();
        server.writeJson(ctx, new ApiJson.AuditPage(page, offset, limit, read.size() > offset + limit));
    }

    /*
     * What `groupbridge status --json` says, for those who may see the outbox (administrators and service
     * principals, W3), since it counts the outbox and its job details name groups and entries; others are refused
     * by the outbox's rule, audited as the command line's `outbox list` refusals are.
     */
    private void status(Context ctx) {
        Decision decision = selfService.actions().views().outboxAccess(server.actor(ctx), false);
        if (!decision.allowed()) {
            throw Problem.refused(decision).raise();
        }
        server.writeJson(ctx, status.get());
    }

    private static Instant instantParam(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw badParameter(name, "is '" + text + "', not an ISO-8601 instant such as 2024-06-01T08:00:00Z");
        }
    }

    // ------------------------------------------------------------ requests

    /** A4, A14: a group's requests, for its owners and administrators only. */
    private void groupRequests(Context ctx) {
        boolean pendingOnly = pendingOnly(ctx);
        List<JoinRequest> items = allowed(selfService.actions().requests().requests(server.actor(ctx),
                existingGroup(ctx),
                pendingOnly));
        server.writeJson(ctx, new ApiJson.Listing<>(items.stream().map(ApiJson.Request::of).toList()));
    }

    /**
     * The requests the person may see (A14): {@code view=mine} their own, {@code view=waiting} the pending ones of
     * groups they own (all groups, for administrators) that are not theirs, {@code view=all} both.
     */
    private void requests(Context ctx) {
        String view = Optional.ofNullable(ctx.queryParam("view")).orElse("all");
        if (!List.of("all", "mine", "waiting").contains(view)) {
            throw badParameter("view", "is '" + view + "'; give mine, waiting or all");
        }
        boolean pendingOnly = view.equals("waiting") || pendingOnly(ctx);
        Actor actor = server.actor(ctx);
        List<JoinRequest> items = allowed(selfService.actions().requests().requests(actor, null, pendingOnly)).stream()
                .filter(r -> switch (view) {
                    case "mine" -> r.requester().normalized().equals(actor.dn());
                    case "waiting" -> !r.requester().normalized().equals(actor.dn());
                    default -> true;
                }).toList();
        server.writeJson(ctx, new ApiJson.Listing<>(items.stream().map(ApiJson.Request::of).toList()));
    }

    private static boolean pendingOnly(Context ctx) {
        String state = Optional.ofNullable(ctx.queryParam("state")).orElse("pending");
        if (!state.equals("pending") && !state.equals("any")) {
            throw badParameter("state", "is '" + state + "'; give pending or any");
        }
        return state.equals("pending");
    }

    // ------------------------------------------------------------ actions

    @FunctionalInterface
    private interface Work {
        ActionResult run(Actor actor, SelfService actions);
    }

    private void act(Context ctx, Work work) {
        ActionResult result = work.run(server.actor(ctx), selfService.actions());
        if (!result.allowed()) {
            throw Problem.refused(result.rule(), result.message()).raise();
        }
        server.writeJson(ctx, ApiJson.Action.of(result));
    }

    private static <T> List<T> allowed(Listing<T> listing) {
        if (listing.refusal().isPresent()) {
            Decision d = listing.refusal().get();
            throw Problem.refused(d).raise();
        }
        return listing.items();
    }

    private String existingGroup(Context ctx) {
        return existingGroup(groupId(ctx));
    }

    private String existingGroup(String id) {
        if (queries.group(id).isEmpty()) {
            throw noSuchGroup(id);
        }
        return id;
    }

    private static String groupId(Context ctx) {
        return ctx.pathParam("id");
    }

    private static Problem.Exception noSuchGroup(String id) {
        return Problem.of(404, "no-such-group", "Not found", "no group has the id '" + id + "'; GET " + BASE
                + "/groups lists them").raise();
    }

    private static long requestId(Context ctx) {
        String text = ctx.pathParam("requestId");
        if (!text.matches("[0-9]{1,18}")) {
            throw Problem.of(404, "no-such-request", "Not found", "'" + text + "' is not a request id: request ids"
                    + " are numbers").raise();
        }
        return Long.parseLong(text);
    }

    private static int intParam(Context ctx, String name, int defaultValue, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(text);
            if (v < min || v > max) {
                throw badParameter(name, "is " + v + "; give a number from " + min + " to " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw badParameter(name, "is '" + text + "', not a whole number");
        }
    }

    static Problem.Exception invalidField(String name, String problem) {
        return Problem.of(400, "invalid-field", "Invalid field", "the field '" + name + "' " + problem).raise();
    }

    static Problem.Exception badParameter(String name, String problem) {
        return Problem.of(400, "invalid-parameter", "Invalid parameter", "the query parameter " + name + " "
                + problem).raise();
    }

    // ------------------------------------------------------------ bodies

    /** The {@code until} field: the last day of a membership, UTC (spec T1). */
    private static Optional<LocalDate> until(Body b) {
        Optional<String> text = b.present("until");
        try {
            return text.map(String::strip).map(LocalDate::parse);
        } catch (DateTimeParseException e) {
            throw invalidField("until", "is '" + text.get() + "'; give a date such as 2024-06-30, the last day of"
                    + " the membership (UTC)");
        }
    }

    /** What a body's field may hold. */
    private enum Field {
        TEXT("a string"), FLAG("true or false"), TEXTS("an array of strings"),
        PEOPLE("an array of objects, each with a string person and optionally an until");

        private final String description;

        Field(String description) {
            this.description = description;
        }

        boolean accepts(JsonNode v) {
            return switch (this) {
                case TEXT -> v.isTextual();
                case FLAG -> v.isBoolean();
                case TEXTS -> v.isArray() && StreamSupport.stream(v.spliterator(), false).allMatch(JsonNode::isTextual);
                case PEOPLE -> v.isArray() && StreamSupport.stream(v.spliterator(), false).allMatch(Field::isPerson);
            };
        }

        private static boolean isPerson(JsonNode p) {
            if (!p.isObject() || !p.path("person").isTextual()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = p.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> f = fields.next();
                boolean known = f.getKey().equals("person") || f.getKey().equals("until")
                        && (f.getValue().isTextual() || f.getValue().isNull());
                if (!known) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A JSON object body whose keys are among {@code allowed}, each a string; no body reads as {@code {}}. */
    Body body(Context ctx, Set<String> allowed) {
        return body(ctx, allowed.stream().collect(Collectors.toMap(n -> n, n -> Field.TEXT)));
    }

    /** A JSON object body whose keys are among {@code fields}, each holding what its field takes, or null. */
    private Body body(Context ctx, Map<String, Field> fields) {
        String text = ctx.body();
        if (text.isBlank()) {
            return new Body(null);
        }
        JsonNode node;
        try {
            node = server.json().readTree(text);
        } catch (JsonProcessingException e) {
            throw Problem.of(400, "invalid-json", "Invalid JSON", "the body is not JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")").raise();
        }
        if (node == null || !node.isObject()) {
            throw Problem.of(400, "invalid-json", "Invalid JSON", "the body must be a JSON object").raise();
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            Field field = fields.get(name);
            if (field == null) {
                throw Problem.of(400, "unknown-field", "Unknown field", "the body has a field '" + name
                        + "' this call does not take" + (fields.isEmpty() ? "; it takes no body"
                        : "; it takes " + fields.keySet().stream().sorted().toList())).raise();
            }
            JsonNode v = node.get(name);
            if (!v.isNull() && !field.accepts(v)) {
                throw invalidField(name, "must be " + field.description);
            }
        }
        return new Body(node);
    }

    record Body(JsonNode node) {
        private JsonNode value(String name) {
            JsonNode v = node == null ? null : node.get(name);
            return v == null || v.isNull() ? null : v;
        }

        String text(String name) {
            JsonNode v = value(name);
            return v == null ? "" : v.asText();
        }

        /** The field's text when the body has it, even empty; empty when it does not. */
        Optional<String> present(String name) {
            return Optional.ofNullable(value(name)).map(JsonNode::asText);
        }

        Optional<Boolean> flag(String name) {
            return Optional.ofNullable(value(name)).map(JsonNode::asBoolean);
        }

        List<String> texts(String name) {
            JsonNode v = value(name);
            return v == null ? List.of() : StreamSupport.stream(v.spliterator(), false).map(JsonNode::asText).toList();
        }

        /** A {@link Field#PEOPLE} field: each person with the last day of the membership, if given (T1). */
        List<MemberToAdd> people(String name) {
            JsonNode v = value(name);
            if (v == null || v.isEmpty()) {
                throw Problem.of(400, "field-required", "Field required", "the body needs a field '" + name
                        + "' with at least one person").raise();
            }
            List<MemberToAdd> people = new java.util.ArrayList<>();
            for (JsonNode p : v) {
                String until = p.path("until").isTextual() ? p.get("until").asText().strip() : "";
                try {
                    people.add(new MemberToAdd(p.get("person").asText(), until.isEmpty() ? Optional.empty()
                            : Optional.of(LocalDate.parse(until))));
                } catch (DateTimeParseException e) {
                    throw invalidField(name, "has until '" + until + "' for person " + (people.size() + 1)
                            + "; give a date such as 2024-06-30, the last day of the membership (UTC)");
                }
            }
            return people;
        }

        String required(String name) {
            String v = text(name);
            if (v.isBlank()) {
                throw Problem.of(400, "field-required", "Field required", "the body needs a field '" + name + "'")
                        .raise();
            }
            return v;
        }
    }
}
