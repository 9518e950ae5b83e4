package io.groupbridge.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.AccessReview;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.BulkAddResult;
import io.groupbridge.selfservice.EffectiveMembers;
import io.groupbridge.selfservice.MemberToAdd;
import io.groupbridge.selfservice.InputProblem;
import io.groupbridge.selfservice.InvalidInputException;
import io.groupbridge.selfservice.JoinRequest;
import io.groupbridge.selfservice.PeopleSearch;
import io.groupbridge.selfservice.ReviewItem;
import io.groupbridge.selfservice.ReviewService;
import io.groupbridge.selfservice.ReviewVerdict;
import io.groupbridge.selfservice.Person;
import io.groupbridge.selfservice.GroupExpirationService;
import io.groupbridge.selfservice.GroupOffers;
import io.groupbridge.selfservice.Listing;
import io.groupbridge.selfservice.MembershipEntry;
import io.groupbridge.selfservice.MembershipService;
import io.groupbridge.selfservice.MyGroup;
import io.groupbridge.selfservice.SelfService;
import io.groupbridge.selfservice.rules.Action;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.Decision;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.selfservice.rules.Panel;
import io.groupbridge.selfservice.rules.Rules;
import io.groupbridge.selfservice.rules.TenantSettings;
import io.groupbridge.store.GroupQueries;
import io.groupbridge.sync.GroupSummary;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The My Groups panel's pages (issue 12, point 3): server-rendered HTML from precompiled jte templates, forms with
 * POST-redirect-GET that work without JavaScript, and htmx (served from its webjar) deciding a request in place.
 * Every page is a thin layer over {@link SelfService}, the same calls the API and the command line make: the
 * pages compute no rule, they show what the actions allow and, for a refusal, the rule's sentence. The server's guard
 * stands in front of every page (a session, and the CSRF token in the {@code csrf} field of every form).
 */
public final class PanelPages implements WebServer.Pages {

    static final int PAGE_SIZE = 20;
    /** People on a page of the people picker. */
    static final int PICKER_SIZE = 10;
    /** Co-owners one create form may name. */
    static final int MAX_CO_OWNERS = 20;
    /** The administrators' page of expiring and expired groups (E1-E4). */
    static final String EXPIRY = "/admin/expiry";
    private static final String HTMX = "/META-INF/resources/webjars/htmx.org/2.0.8/dist/htmx.min.js";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final SelfServiceSource selfService;
    private final GroupQueries queries;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final int pageSize;
    private WebServer server;

    public PanelPages(SelfServiceSource selfService, GroupQueries queries) {
        this(selfService, queries, PAGE_SIZE);
    }

    /** @param pageSize groups on a page of the search (tests page a small directory with a small one) */
    PanelPages(SelfServiceSource selfService, GroupQueries queries, int pageSize) {
        this.selfService = selfService;
        this.queries = queries;
        this.pageSize = pageSize;
    }

    @Override
    public void register(RoutesConfig r, WebServer web) {
        this.server = web;
        web.publicRoute(HandlerType.GET, "/signin");
        r.get("/signin", this::signInPage);
        r.get("/assets/panel.css", ctx -> resource(ctx, "/web/assets/panel.css", "text/css"));
        r.get("/assets/favicon.svg", ctx -> resource(ctx, "/web/assets/favicon.svg", "image/svg+xml"));
        r.get("/webjars/htmx.min.js", ctx -> resource(ctx, HTMX, "text/javascript"));
        r.get("/", ctx -> ctx.redirect("/groups", io.javalin.http.HttpStatus.SEE_OTHER));
        r.get("/groups", this::groupsPage);
        r.get("/groups/new", this::createPage);
        r.post("/groups/new", this::create);
        r.post("/groups/new/people", this::coOwnerChoices);
        r.get("/admin/groups", this::adminPage);
        r.get("/groups/{id}", this::groupPage);
        r.get("/groups/{id}/people", this::pickerFragment);
        r.post("/groups/{id}/members", ctx -> act(ctx, back(ctx, group(ctx)),
                (a, s) -> s.memberships().addMember(a, ctx.pathParam("id"), field(ctx, "person"), until(ctx))));
        r.post("/groups/{id}/members/bulk", this::addListed);
        r.post("/groups/{id}/extend", ctx -> act(ctx, "/groups/" + ctx.pathParam("id"),
                (a, s) -> s.requests().askToExtend(a, ctx.pathParam("id"), until(ctx).orElseThrow(() ->
                        new InvalidInputException(InputProblem.DATE_INVALID, "give the last day you ask the"
                                + " membership to last")), field(ctx, "justification"))));
        r.post("/groups/{id}/members/remove", ctx -> act(ctx, back(ctx, group(ctx)),
                (a, s) -> s.memberships().removeMember(a, ctx.pathParam("id"), field(ctx, "person"))));
        r.post("/groups/{id}/owners", ctx -> act(ctx, back(ctx, group(ctx)),
                (a, s) -> s.memberships().addOwner(a, ctx.pathParam("id"), field(ctx, "person"))));
        r.post("/groups/{id}/owners/remove", ctx -> act(ctx, back(ctx, group(ctx)),
                (a, s) -> s.memberships().removeOwner(a, ctx.pathParam("id"), field(ctx, "person"))));
        r.post("/groups/{id}/policy", this::editPolicy);
        r.post("/groups/{id}/description", this::editDescription);
        r.post("/groups/{id}/name", ctx -> act(ctx, "/groups/" + ctx.pathParam("id"), (a, s) -> s.groups()
                .editGroup(a, ctx.pathParam("id"), Optional.of(field(ctx, "name")), Optional.empty(),
                        Optional.empty())));
        r.post("/groups/{id}/block", ctx -> act(ctx, back(ctx, group(ctx)),
                (a, s) -> s.groups().block(a, ctx.pathParam("id"), field(ctx, "person"))));
        r.post("/groups/{id}/unblock", ctx -> act(ctx, back(ctx, group(ctx)),
                (a, s) -> s.groups().unblock(a, ctx.pathParam("id"), field(ctx, "person"))));
        r.post("/groups/{id}/join", ctx -> act(ctx, "/groups/" + ctx.pathParam("id"),
                (a, s) -> s.memberships().join(a, ctx.pathParam("id"), field(ctx, "justification"))));
        r.post("/groups/{id}/leave", ctx -> act(ctx, "/groups/" + ctx.pathParam("id"),
                (a, s) -> s.memberships().leave(a, ctx.pathParam("id"))));
        r.post("/groups/{id}/renew", ctx -> act(ctx, back(ctx, group(ctx)),
                (a, s) -> s.expiration().renew(a, ctx.pathParam("id"))));
        r.post("/groups/{id}/restore", ctx -> act(ctx, back(ctx, EXPIRY),
                (a, s) -> s.expiration().restore(a, ctx.pathParam("id"))));
        r.get(EXPIRY, this::expiryPage);
        r.post("/requests/{requestId}/approve", ctx -> decide(ctx, true));
        r.post("/requests/{requestId}/deny", ctx -> decide(ctx, false));
        r.post("/requests/{requestId}/cancel", ctx -> act(ctx, back(ctx, "/requests"),
                (a, s) -> s.requests().cancelRequest(a, requestId(ctx))));
        r.get("/requests", this::requestsPage);
        r.get("/mine", this::minePage);
        r.get("/reviews", this::reviewsPage);
        r.get("/reviews/{reviewId}", this::reviewPage);
        r.post("/reviews/{reviewId}/decide", this::reviewDecision);
    }

    // ------------------------------------------------------------ pages

    private void signInPage(Context ctx) {
        String failed = Optional.ofNullable(ctx.queryParam("failed")).orElse("");
        String message = switch (failed) {
            case "sign-in-failed" -> "Sign-in failed: the login or the password is wrong.";
            case "session-expired" -> "Your session has expired; sign in again.";
            case "not-signed-in" -> "Your session has ended; sign in again.";
            case "directory-unavailable" -> "The directory cannot be reached to check your password; try again in a"
                    + " moment.";
            default -> null;
        };
        PanelView.Chrome chrome = new PanelView.Chrome("Sign in", null, false, null, "signin",
                message == null ? null : new PanelView.Notice(true, message));
        render(ctx, "signin.jte", Map.of("chrome", chrome));
    }

    /** A1 with S2: the groups the person may see in the panel, searched and paged in the store. */
    private void groupsPage(Context ctx) {
        Actor actor = server.actor(ctx);
        TenantSettings settings = selfService.actions().views().settings();
        String search = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        if (search.length() > ApiRoutes.MAX_SEARCH) {
            search = search.substring(0, ApiRoutes.MAX_SEARCH);
        }
        int page = Math.max(1, intParam(ctx, "page", 1));
        Decision features = Panel.groupFeatures(settings, actor);
        PanelView.Groups view;
        if (!features.allowed()) {
            view = new PanelView.Groups(search, List.of(), 0, 1, 1, sentence(features.message()), null, null, null,
                    null, null);
        } else {
            Set<GroupKind> hidden = Panel.hiddenKinds(settings, actor);
            Set<String> hiddenKinds = hidden.stream().map(GroupKind::wireName).collect(Collectors.toSet());
            // What people type is mostly the start of a name, which the index on name_key finds; "contains" reads
            // every group (issue 12, point 6: the search's cost at 10 000 groups), so it runs when asked for, or
            // when no name starts with the text.
            boolean contains = "contains".equals(ctx.queryParam("match")) && !search.isEmpty();
            GroupQueries.Rows found = contains || search.isEmpty() ? null : queries.searchRows(
                    new GroupQueries.Search(search, hiddenKinds, Set.of(), Set.of(), Optional.empty(), true),
                    (page - 1) * pageSize, pageSize);
            boolean fellBack = found != null && found.total() == 0;
            if (found == null || fellBack) {
                contains = !search.isEmpty();
                found = queries.searchRows(new GroupQueries.Search(search, hiddenKinds, Set.of(), Set.of(),
                        Optional.empty()), (page - 1) * pageSize, pageSize);
            }
            int pages = Math.max(1, (found.total() + pageSize - 1) / pageSize);
            String q = search.isEmpty() ? "" : "q=" + enc(search) + "&" + (contains ? "match=contains&" : "");
            String hiddenNote = hidden.isEmpty() ? null : sentence(Panel.showGroup(settings, actor, probe(hidden))
                    .message());
            String quoted = "\u201c" + search + "\u201d";
            String matchNote = search.isEmpty() ? null : fellBack ? "No group\u2019s name starts with " + quoted
                    + "; these are the groups whose name or DN contains it." : contains
                    ? "Groups whose name or DN contains " + quoted + "." : "Groups whose name starts with " + quoted
                    + ".";
            view = new PanelView.Groups(search, found.items().stream().map(PanelPages::row).toList(), found.total(),
                    page, pages, null, hiddenNote, page > 1 ? "/groups?" + q + "page=" + (page - 1) : null,
                    page < pages ? "/groups?" + q + "page=" + (page + 1) : null, matchNote,
                    contains ? null : search.isEmpty() ? null : "/groups?q=" + enc(search) + "&match=contains");
        }
        render(ctx, "groups.jte", Map.of("chrome", chrome(ctx, "Groups", "groups"), "page", view));
    }

    private void groupPage(Context ctx) {
        Actor actor = server.actor(ctx);
        SelfService actions = selfService.actions();
        String id = ctx.pathParam("id");
        Optional<GroupQueries.Listed> listed = queries.groupWithDescription(id).filter(l -> !"deleted".equals(l.summary().state()));
        if (listed.isEmpty()) {
            ctx.status(404);
            render(ctx, "error.jte", Map.of("chrome", chrome(ctx, "No such group", "groups"),
                    "message", "No group has the id " + id + ".", "signIn", false));
            return;
        }
        GroupSummary g = listed.get().summary();
        PanelView.GroupRow row = row(listed.get());
        TenantSettings settings = actions.views().settings();
        Decision shown = shownInPanel(settings, actor, g);
        if (!shown.allowed()) {
            render(ctx, "group.jte", Map.of("chrome", chrome(ctx, g.name(), "groups"), "page",
                    new PanelView.Group(row, g.dn(), List.of(), null, null, null, null, null, null,
                            sentence(shown.message()), null, null, null, null)));
            return;
        }
        Optional<MyGroup> mine = actions.views().myGroup(actor, id);
        boolean manages = actor.isPrivileged() || mine.filter(MyGroup::owner).isPresent();
        Optional<GroupOffers> offers = manages ? Optional.of(actions.views().offers(actor, id)) : Optional.empty();
        List<MembershipEntry> ownerEntries = actions.memberships().owners(id);
        Set<String> ownerDns = ownerEntries.stream().map(e -> e.dn().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        List<PanelView.Person> owners = ownerEntries.stream().map(e -> person(e,
                offers.map(o -> o.removableOwners().contains(e.dn())).orElse(false), false)).toList();
        // A group of tens of thousands is listed a page at a time, cut in the store (issue 12: the whole list took
        // seconds to read and render).
        int memberPage = Math.max(1, intParam(ctx, "members", 1));
        int memberPages = Math.max(1, (g.members() + pageSize - 1) / pageSize);
        memberPage = Math.min(memberPage, memberPages);
        Listing<MembershipEntry> members = actions.memberships().membersShown(actor, id, (memberPage - 1) * pageSize,
                pageSize);
        PanelView.MemberPages paging = memberPages == 1 ? null : new PanelView.MemberPages(
                (memberPage - 1) * pageSize + 1, Math.min(g.members(), memberPage * pageSize), g.members(),
                memberPage > 1 ? "/groups/" + enc(id) + "?members=" + (memberPage - 1) + "#members" : null,
                memberPage < memberPages ? "/groups/" + enc(id) + "?members=" + (memberPage + 1) + "#members" : null);
        boolean removesMembers = offers.map(o -> o.removeMember().allowed()).orElse(false);
        boolean promotes = offers.map(o -> o.makeOwner().allowed()).orElse(false);
        String memberStatus = mine.filter(MyGroup::member).map(MyGroup::memberStatus)
                .orElse(null);
        String ownerStatus = mine.filter(MyGroup::owner).map(MyGroup::ownerStatus)
                .orElse(null);
        PanelView.Request myRequest = actions.requests().myPendingRequest(actor, id).map(PanelPages::request)
                .orElse(null);
        List<PanelView.Request> pendingForMe = null;
        if (actor.isPrivileged() || ownerStatus != null) {
            Listing<JoinRequest> listing = actions.requests().requests(actor, id, true);
            if (listing.refusal().isEmpty()) {
                pendingForMe = listing.items().stream().map(PanelPages::request).toList();
            }
        }
        PanelView.Group view = new PanelView.Group(row, g.dn(), owners,
                members.refusal().isPresent() ? null : members.items().stream().map(e -> person(e, removesMembers
                        && !e.status().startsWith("removal"), promotes && !ownerDns.contains(e.dn()
                        .toLowerCase(Locale.ROOT)) && !e.status().startsWith("removal"))).toList(),
                members.refusal().map(d -> sentence(d.message())).orElse(null), memberStatus, ownerStatus, myRequest,
                pendingForMe, null, offers.map(o -> manage(ctx, id, g, o)).orElse(null),
                members.refusal().isPresent() ? null : paging,
                actions.views().pendingRename(id).map(w -> "Being renamed to '" + w.newName() + "': " + w.status()
                        + " (outbox " + w.id() + ")" + (w.failed() ? "; an administrator can see why in the outbox and"
                        + " send it again" : "; the old name shows until the directory has the new one") + ".")
                        .orElse(null), mine.filter(MyGroup::member).map(MyGroup::memberEndsAt)
                        .map(PanelPages::lastDay).orElse(null));
        Map<String, Object> params = new HashMap<>(Map.of("chrome", chrome(ctx, g.name(), "groups"), "page", view));
        if (members.refusal().isEmpty()) {
            nested(ctx, actor, id).ifPresent(n -> params.put("nested", n));
        }
        actions.expiration().lifetime(id).ifPresent(l -> params.put("expiry", new PanelView.Expiry(
                l.expiresAt().toString(), l.expiresAt().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString(),
                l.owners() == 0, manages)));
        render(ctx, "group.jte", params);
    }

    /** B3: the page of the group's effective members the request asks for; empty when it has none. */
    private Optional<PanelView.Nested> nested(Context ctx, Actor actor, String id) {
        MembershipService memberships = selfService.actions().memberships();
        int page = Math.max(1, intParam(ctx, "nested", 1));
        EffectiveMembers found = memberships.effectiveMembers(actor, id, (page - 1) * pageSize, pageSize);
        int pages = Math.max(1, (found.total() + pageSize - 1) / pageSize);
        if (page > pages) {
            page = pages;
            found = memberships.effectiveMembers(actor, id, (page - 1) * pageSize, pageSize);
        }
        if (found.refusal().isPresent() || found.total() == 0) {
            return Optional.empty();
        }
        String here = "/groups/" + enc(id) + "?nested=";
        PanelView.MemberPages paging = pages == 1 ? null : new PanelView.MemberPages((page - 1) * pageSize + 1,
                Math.min(found.total(), page * pageSize), found.total(),
                page > 1 ? here + (page - 1) + "#nested" : null, page < pages ? here + (page + 1) + "#nested" : null);
        return Optional.of(new PanelView.Nested(found.items().stream().map(m -> new PanelView.NestedMember(
                shortName(m.dn()), m.dn(), m.via().name(), "/groups/" + enc(m.via().id()))).toList(), paging));
    }

    private void requestsPage(Context ctx) {
        Actor actor = server.actor(ctx);
        List<JoinRequest> all = allowed(selfService.actions().requests().requests(actor, null, false));
        List<PanelView.Request> mine = all.stream().filter(r -> r.requester().normalized().equals(actor.dn()))
                .map(PanelPages::request).toList();
        List<PanelView.Request> waiting = all.stream().filter(r -> !r.requester().normalized().equals(actor.dn())
                && r.state().isOpen()).map(PanelPages::request).toList();
        render(ctx, "requests.jte", Map.of("chrome", chrome(ctx, "Requests", "requests"), "page",
                new PanelView.Requests(mine, waiting)));
    }

    private void minePage(Context ctx) {
        List<MyGroup> mine = selfService.actions().views().myGroups(server.actor(ctx));
        List<PanelView.MyGroup> memberOf = mine.stream().filter(MyGroup::member)
                .map(m -> myGroup(m, m.memberStatus(), lastDay(m.memberEndsAt()))).toList();
        List<PanelView.MyGroup> ownerOf = mine.stream().filter(MyGroup::owner)
                .map(m -> myGroup(m, m.ownerStatus(), null)).toList();
        render(ctx, "mine.jte", Map.of("chrome", chrome(ctx, "My groups", "mine"), "page",
                new PanelView.Mine(memberOf, ownerOf)));
    }

    /** V6: the access reviews the person takes part in; administrators see every one. */
    private void reviewsPage(Context ctx) {
        List<ReviewView.Row> rows = selfService.reviews().list(server.actor(ctx)).items().stream()
                .map(r -> new ReviewView.Row(r.review().id(), r.review().title(), r.review().scope(),
                        r.review().state().wireName(), WHEN.format(r.review().deadline()), r.members(),
                        r.undecided())).toList();
        render(ctx, "reviews.jte", Map.of("chrome", chrome(ctx, "Access reviews", "reviews"), "page",
                new ReviewView.Reviews(rows)));
    }

    /** V2, V6: one review's members the person reviews, each with a keep-or-remove form while it is open. */
    private void reviewPage(Context ctx) {
        long id = reviewId(ctx);
        int page = Math.max(1, intParam(ctx, "page", 1));
        ReviewService.ShownPage shown;
        try {
            // A review of thousands of members is read and rendered a page at a time, cut in the store.
            shown = selfService.reviews().showPage(server.actor(ctx), id, (page - 1) * pageSize, pageSize);
        } catch (InvalidInputException e) {
            ctx.status(404);
            render(ctx, "error.jte", Map.of("chrome", chrome(ctx, "No such review", "reviews"),
                    "message", sentence(e.getMessage()), "signIn", false));
            return;
        }
        if (shown.refusal().isPresent()) {
            ctx.status(403);
            render(ctx, "error.jte", Map.of("chrome", chrome(ctx, "Access review " + id, "reviews"),
                    "message", sentence(shown.refusal().get().message()), "signIn", false));
            return;
        }
        AccessReview r = shown.review().orElseThrow();
        Map<String, List<ReviewView.Member>> byGroup = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        int n = (page - 1) * pageSize;
        for (ReviewItem i : shown.items()) {
            names.putIfAbsent(i.groupId(), i.groupName());
            byGroup.computeIfAbsent(i.groupId(), g -> new java.util.ArrayList<>()).add(new ReviewView.Member(
                    Integer.toString(++n), shortName(i.memberDn()), i.memberDn(), reviewOutcome(i)));
        }
        List<ReviewView.Group> groups = byGroup.entrySet().stream().map(e -> new ReviewView.Group(e.getKey(),
                names.get(e.getKey()), e.getValue())).toList();
        render(ctx, "review.jte", Map.of("chrome", chrome(ctx, r.title(), "reviews"), "page", new ReviewView.Review(
                r.id(), r.title(), r.scope(), r.state().wireName(), WHEN.format(r.deadline()),
                r.defaultVerdict() == ReviewVerdict.KEEP ? "kept" : "removed",
                r.reviewerDn().map(PanelPages::shortName).orElse("the owners of each group"),
                r.heldReason().orElse(null), r.open(), groups, reviewPages(id, page, shown.total()))));
    }

    /* Which members the review page shows, of how many, with links to its neighbours. */
    private ReviewView.Pages reviewPages(long id, int page, int total) {
        int pages = Math.max(1, (total + pageSize - 1) / pageSize);
        String at = "/reviews/" + id + "?page=";
        return new ReviewView.Pages(Math.min((page - 1) * pageSize + 1, total), Math.min(total, page * pageSize),
                total, page, pages, page > 1 ? at + Math.min(page - 1, pages) : null,
                page < pages ? at + (page + 1) : null);
    }

    private static String reviewOutcome(ReviewItem i) {
        if (i.outcome().isEmpty()) {
            return null;
        }
        String what = switch (i.outcome().get()) {
            case KEPT -> "Kept";
            case REMOVED -> "Removed";
            case GONE -> "No longer a member";
        };
        return what + i.decidedBy().map(by -> " by " + shortName(by)).orElse(" by the review's default")
                + i.reason().map(why -> ": \u201c" + why + "\u201d").orElse("");
    }

    // V2: one keep-or-remove, POST-redirect-GET back to the review.
    private void reviewDecision(Context ctx) {
        long id = reviewId(ctx);
        String back = "/reviews/" + id;
        String choice = field(ctx, "decision");
        if (!choice.equals("keep") && !choice.equals("remove")) {
            flashAndGo(ctx, new PanelView.Notice(true, "Choose keep or remove."), back);
            return;
        }
        ReviewVerdict verdict = choice.equals("keep") ? ReviewVerdict.KEEP : ReviewVerdict.REMOVE;
        String page = field(ctx, "page");
        if (page.matches("[2-9]|[1-9][0-9]{1,5}")) {
            back += "?page=" + page;
        }
        act(ctx, back, (a, s) -> selfService.reviews().decide(a, id, field(ctx, "group"), field(ctx, "member"),
                verdict, field(ctx, "reason")));
    }

    private static long reviewId(Context ctx) {
        String text = ctx.pathParam("reviewId");
        if (!text.matches("[0-9]{1,18}")) {
            throw Problem.of(404, "no-such-review", "Not found", "'" + text + "' is not a review id").raise();
        }
        return Long.parseLong(text);
    }

    /** A7: the kinds and policies offered are those the rules let this person create (S3, S4, S5, L2). */
    private void createPage(Context ctx) {
        render(ctx, "create.jte", Map.of("chrome", chrome(ctx, "Create group", "create"), "page",
                createView(server.actor(ctx), new Draft("", "", "", "", List.of(), ""))));
    }

    /** What the create form held when it was posted (to search for co-owners, or refused). */
    private record Draft(String kind, String name, String description, String policy, List<String> owners,
            String find) {
        static Draft of(Context ctx) {
            return new Draft(field(ctx, "kind"), field(ctx, "name"), field(ctx, "description"), field(ctx, "policy"),
                    ctx.formParams("owner").stream().map(String::strip).filter(o -> !o.isEmpty()).distinct()
                            .limit(MAX_CO_OWNERS).toList(), field(ctx, "find").strip());
        }
    }

    private PanelView.Create createView(Actor actor, Draft draft) {
        Rules rules = new Rules(selfService.actions().views().settings());
        Map<GroupKind, Decision> byKind = new LinkedHashMap<>();
        Set<JoinPolicy> policies = EnumSet.noneOf(JoinPolicy.class);
        for (GroupKind kind : GroupKind.values()) {
            for (JoinPolicy policy : JoinPolicy.values()) {
                Decision d = rules.decide(actor, new Action.CreateGroup(kind, policy));
                if (d.allowed()) {
                    policies.add(policy);
                    byKind.put(kind, d);
                } else {
                    byKind.putIfAbsent(kind, d);
                }
            }
        }
        List<PanelView.Option> kinds = byKind.entrySet().stream().filter(e -> e.getValue().allowed())
                .map(e -> new PanelView.Option(e.getKey().wireName(), kindLabel(e.getKey()))).toList();
        String closed = kinds.isEmpty() ? byKind.values().stream().filter(d -> !d.allowed())
                .filter(d -> !d.rule().startsWith("G")).map(Decision::message).findFirst()
                .map(PanelPages::sentence).orElse("You cannot create groups.") : null;
        List<PanelView.Choice> owners = coOwners(actor, draft);
        String note = draft.find().isEmpty() ? null : owners.stream().anyMatch(c -> !c.chosen())
                ? null : "Nobody else matches \u201c" + draft.find() + "\u201d.";
        return new PanelView.Create(kinds, policies.stream().map(p -> new PanelView.Option(p.wireName(),
                policyLabel(p.wireName()))).toList(), closed, draft.kind(), draft.name(), draft.description(),
                draft.policy(), owners, draft.find(), note);
    }

    /* The co-owners ticked so far, then the people the search found (the person creating is an owner anyway). */
    private List<PanelView.Choice> coOwners(Actor actor, Draft draft) {
        List<PanelView.Choice> choices = new java.util.ArrayList<>();
        for (String dn : draft.owners()) {
            choices.add(new PanelView.Choice(dn, shortName(dn), true));
        }
        if (!draft.find().isEmpty()) {
            for (Person p : selfService.people().search(draft.find(), 1, PICKER_SIZE).people()) {
                if (!p.dn().normalized().equals(actor.dn()) && !draft.owners().contains(p.dn().written())) {
                    choices.add(new PanelView.Choice(p.dn().written(), found(p).label(), false));
                }
            }
        }
        return choices;
    }

    private void create(Context ctx) {
        Actor actor = server.actor(ctx);
        Draft draft = Draft.of(ctx);
        if ("find".equals(ctx.formParam("step"))) {
            // The search for co-owners without JavaScript: the form comes back as filled in, with the people found.
            render(ctx, "create.jte", Map.of("chrome", chrome(ctx, "Create group", "create"), "page",
                    createView(actor, draft)));
            return;
        }
        GroupKind kind;
        JoinPolicy policy;
        try {
            kind = GroupKind.fromWireName(draft.kind());
            policy = JoinPolicy.fromWireName(draft.policy());
        } catch (IllegalArgumentException e) {
            flashAndGo(ctx, new PanelView.Notice(true, "Choose a kind and a join policy from the lists."), "/groups/new");
            return;
        }
        try {
            ActionResult result = selfService.actions().groups().createGroup(actor, kind, draft.name(), draft.description(),
                    Optional.of(policy), draft.owners());
            if (result.allowed()) {
                // To My groups, not the new group's page: its id is provisional until the directory holds the entry
                flashAndGo(ctx, new PanelView.Notice(false, sentence(result.message())), "/mine");
                return;
            }
            refusedCreate(ctx, actor, draft, sentence(result.message()));
        } catch (InvalidInputException e) {
            refusedCreate(ctx, actor, draft, sentence(e.getMessage()));
        }
    }

    /* A refused create shows the form again as it was filled in, with the reason, so nothing typed is lost. */
    private void refusedCreate(Context ctx, Actor actor, Draft draft, String reason) {
        PanelView.Chrome chrome = chrome(ctx, "Create group", "create");
        render(ctx, "create.jte", Map.of("chrome", new PanelView.Chrome(chrome.title(), chrome.user(), chrome.admin(),
                chrome.csrf(), chrome.nav(), new PanelView.Notice(true, reason)), "page", createView(actor,
                new Draft(draft.kind(), draft.name(), draft.description(), draft.policy(), draft.owners(), ""))));
    }

    /* htmx: the co-owner choices for the search typed so far, the ticked ones kept. */
    private void coOwnerChoices(Context ctx) {
        Actor actor = server.actor(ctx);
        render(ctx, "coowners.jte", Map.of("page", createView(actor, Draft.of(ctx))));
    }

    // ------------------------------------------------------------ managing a group

    /* What the group's page offers an owner or administrator, each part only where its action would be allowed. */
    private PanelView.Manage manage(Context ctx, String id, GroupSummary g, GroupOffers offers) {
        List<PanelView.Option> policies = offers.policies().stream().map(p -> new PanelView.Option(p.wireName(),
                policyLabel(p.wireName()))).toList();
        return new PanelView.Manage(offers.addMember().allowed() ? null : sentence(offers.addMember().message()),
                offers.addMember().allowed(), offers.makeAnyoneOwner().allowed(), policies, g.policy(),
                offers.editPolicy().allowed() ? null : sentence(offers.editPolicy().message()),
                offers.block().allowed(), picker(ctx, id, offers));
    }

    /* The people picker: a search in the store, paged, from the page's query (find, ppage). */
    private PanelView.Picker picker(Context ctx, String id, GroupOffers offers) {
        String csrf = server.session(ctx).csrfToken();
        String find = ctx.queryParam("find");
        boolean add = offers.addMember().allowed();
        boolean owner = offers.makeAnyoneOwner().allowed();
        boolean block = offers.block().allowed();
        if (find == null || find.isBlank()) {
            return new PanelView.Picker(id, null, List.of(), 0, 1, 1, null, null, add, owner, block, csrf);
        }
        PeopleSearch.Found found = selfService.people().search(find, Math.max(1, intParam(ctx, "ppage", 1)),
                PICKER_SIZE);
        String at = "/groups/" + id + "?find=" + enc(found.text()) + "&ppage=";
        return new PanelView.Picker(id, found.text(), found.people().stream().map(PanelPages::found).toList(),
                found.total(), found.page(), found.pages(), found.page() > 1 ? at + (found.page() - 1) : null,
                found.page() < found.pages() ? at + (found.page() + 1) : null, add, owner, block, csrf);
    }

    /* htmx: the picker's results alone, for the search typed so far. */
    private void pickerFragment(Context ctx) {
        Actor actor = server.actor(ctx);
        String id = ctx.pathParam("id");
        GroupOffers offers = selfService.actions().views().offers(actor, id);
        render(ctx, "picker.jte", Map.of("picker", picker(ctx, id, offers)));
    }

    /*
     * B1: everyone a pasted list names, one a line, each a DN, login or mail optionally followed by the last day of
     * the membership; all or nothing, a refusal naming each line refused with its rule.
     */
    private void addListed(Context ctx) {
        String id = ctx.pathParam("id");
        List<MemberToAdd> people = new java.util.ArrayList<>();
        List<Integer> lines = new java.util.ArrayList<>();
        String[] pasted = field(ctx, "people").split("\r?\n|\r", -1);
        PanelView.Notice notice;
        int line = 0;
        try {
            for (line = 1; line <= pasted.length; line++) {
                Matcher m = LISTED.matcher(pasted[line - 1].strip());
                if (!m.matches() || m.group(1).isEmpty()) {
                    continue;
                }
                people.add(new MemberToAdd(m.group(1), m.group(2) == null ? Optional.empty()
                        : Optional.of(LocalDate.parse(m.group(2)))));
                lines.add(line);
            }
            BulkAddResult result = selfService.actions().memberships().addMembers(server.actor(ctx), id, people);
            String message = result.summary().message();
            if (!result.refused().isEmpty()) {
                message += " (spec B1): " + result.refused().stream().map(r -> "line " + lines.get(r.line() - 1)
                        + ", " + r.person() + ": " + r.message() + (r.message().contains("(spec ") ? "" : " ("
                        + r.rule() + ")")).collect(Collectors.joining("; "));
            } else if (!result.summary().outboxIds().isEmpty()) {
                message += "; they show as pending until the directory holds them";
            }
            notice = new PanelView.Notice(!result.summary().allowed(), sentence(message));
        } catch (DateTimeParseException e) {
            notice = new PanelView.Notice(true, sentence("line " + line + " has a day that does not exist; give"
                    + " one such as 2026-06-30"));
        } catch (InvalidInputException e) {
            notice = new PanelView.Notice(true, sentence(e.getMessage()));
        }
        flashAndGo(ctx, notice, "/groups/" + id);
    }

    // A pasted line: the person, then optionally a comma, semicolon or space and the membership's last day.
    private static final Pattern LISTED = Pattern.compile("(.*?)(?:\\s*[,;\\s]\\s*(\\d{4}-\\d\\d-\\d\\d))?");

    /* A8: the description goes to the directory through the outbox; a blank one removes it. */
    private void editDescription(Context ctx) {
        String id = ctx.pathParam("id");
        String description = field(ctx, "description");
        act(ctx, "/groups/" + id, (a, s) -> s.groups().editGroup(a, id, Optional.empty(), Optional.of(description),
                Optional.empty()));
    }

    /* A8 with P5: the join policy. */
    private void editPolicy(Context ctx) {
        String id = ctx.pathParam("id");
        JoinPolicy policy;
        try {
            policy = JoinPolicy.fromWireName(field(ctx, "policy"));
        } catch (IllegalArgumentException e) {
            flashAndGo(ctx, new PanelView.Notice(true, "Choose a join policy from the list."), "/groups/" + id);
            return;
        }
        act(ctx, "/groups/" + id, (a, s) -> s.groups().editGroup(a, id, Optional.empty(), Optional.empty(),
                Optional.of(policy)));
    }

    /** Every group, paged in the store, for administrators: where they block people (A12). */
    private void adminPage(Context ctx) {
        Actor actor = server.actor(ctx);
        String search = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        if (search.length() > ApiRoutes.MAX_SEARCH) {
            search = search.substring(0, ApiRoutes.MAX_SEARCH);
        }
        PanelView.Admin view;
        if (!actor.isPrivileged()) {
            view = new PanelView.Admin(search, List.of(), 0, 1, 1, "Only administrators see every group here and"
                    + " block people from groups or lift their blocks (spec A12).", null, null);
        } else {
            int page = Math.max(1, intParam(ctx, "page", 1));
            GroupQueries.Page found = queries.searchGroups(search, Set.of(), (page - 1) * pageSize, pageSize);
            int pages = Math.max(1, (found.total() + pageSize - 1) / pageSize);
            String q = search.isEmpty() ? "" : "q=" + enc(search) + "&";
            SelfService actions = selfService.actions();
            view = new PanelView.Admin(search, found.items().stream().map(l -> {
                Decision block = actions.views().offers(actor, l.summary().id()).block();
                return new PanelView.AdminRow(row(l), block.allowed() ? null : sentence(block.message()));
            }).toList(), found.total(),
                    page, pages, null, page > 1 ? "/admin/groups?" + q + "page=" + (page - 1) : null,
                    page < pages ? "/admin/groups?" + q + "page=" + (page + 1) : null);
        }
        render(ctx, "admin.jte", Map.of("chrome", chrome(ctx, "All groups", "admin"), "page", view));
    }

    /*
     * E1-E4, for administrators: the groups expiring within the first reminder, paged, with Renew, and the expired
     * groups with Restore, which goes through the same service as groups restore.
     */
    private void expiryPage(Context ctx) {
        Actor actor = server.actor(ctx);
        if (!actor.isAdministrator()) {
            ctx.status(403);
            render(ctx, "expiry.jte", Map.of("chrome", chrome(ctx, "Expiring and expired groups", "expiry"), "page",
                    new ExpiryView.Page("Only administrators see the expiring and expired groups here and restore"
                            + " them (spec E4).", null, 0, List.of(), 0, 1, 1, null, null, List.of())));
            return;
        }
        GroupExpirationService expiration = selfService.actions().expiration();
        List<GroupExpirationService.GroupLifetime> soon = expiration.expiringSoon();
        int pages = Math.max(1, (soon.size() + pageSize - 1) / pageSize);
        int page = Math.min(pages, Math.max(1, intParam(ctx, "page", 1)));
        List<ExpiryView.Expiring> expiring = soon.stream().skip((long) (page - 1) * pageSize).limit(pageSize)
                .map(l -> new ExpiryView.Expiring(l.group().id(), l.group().name(), l.group().kind().wireName(),
                        WHEN.format(l.expiresAt()), l.owners())).toList();
        List<ExpiryView.Expired> expired = expiration.expiredGroups().stream().map(e -> new ExpiryView.Expired(
                e.group().id(), e.group().name(), e.group().dn().written(), WHEN.format(e.expiredAt()),
                WHEN.format(e.restoreUntil()), expiration.notRestorable(e).map(PanelPages::sentence).orElse(null)))
                .toList();
        render(ctx, "expiry.jte", Map.of("chrome", chrome(ctx, "Expiring and expired groups", "expiry"), "page",
                new ExpiryView.Page(null, expiration.enabled() ? null : "Groups do not expire here:"
                        + " governance.expiration.lifetime is not set (spec E1).", expiration.firstReminderDays(),
                        expiring, soon.size(), page, pages, page > 1 ? EXPIRY + "?page=" + (page - 1) : null,
                        page < pages ? EXPIRY + "?page=" + (page + 1) : null, expired)));
    }

    // ------------------------------------------------------------ actions

    @FunctionalInterface
    private interface Work {
        ActionResult run(Actor actor, SelfService actions);
    }

    /* POST-redirect-GET: the action's outcome (its sentence, a refusal's with the rule) is shown by the next page. */
    private void act(Context ctx, String back, Work work) {
        flashAndGo(ctx, outcome(ctx, work), back);
    }

    private PanelView.Notice outcome(Context ctx, Work work) {
        try {
            ActionResult result = work.run(server.actor(ctx), selfService.actions());
            String message = result.message();
            if (result.allowed() && !result.outboxIds().isEmpty()) {
                message += "; it shows as pending until the directory holds it";
            }
            return new PanelView.Notice(!result.allowed(), sentence(message));
        } catch (InvalidInputException e) {
            return new PanelView.Notice(true, sentence(e.getMessage()));
        }
    }

    /* Approve or deny; with htmx (HX-Request) the request's entry is replaced in place, otherwise back to the page. */
    private void decide(Context ctx, boolean approve) {
        long id = requestId(ctx);
        PanelView.Notice notice = outcome(ctx, (a, s) -> approve
                ? s.requests().decide(a, id, true, field(ctx, "reason"), until(ctx))
                : s.requests().decide(a, id, false, field(ctx, "reason")));
        if ("true".equals(ctx.header("HX-Request"))) {
            render(ctx, "decided.jte", Map.of("id", id, "notice", notice));
            return;
        }
        flashAndGo(ctx, notice, back(ctx, "/requests"));
    }

    /* Where a form came from: only a local path, never another site. */
    private static String back(Context ctx, String fallback) {
        String back = ctx.formParam("back");
        return back != null && back.matches("/[A-Za-z0-9/_-]{0,200}") ? back : fallback;
    }

    /* An error a browser asked a page for (a stale form's token, no session, bad input): a page, not JSON. */
    @Override
    public boolean errorPage(Context ctx, Problem problem) {
        Optional<Actor> actor = server.signedIn(ctx);
        String csrf = server.sessionIfAny(ctx).map(WebSessions.Session::csrfToken).orElse(null);
        PanelView.Chrome chrome = new PanelView.Chrome(problem.title(), actor.map(a -> shortName(a.dn())).orElse(null),
                actor.map(Actor::isPrivileged).orElse(false), csrf, "", null);
        render(ctx, "error.jte", Map.of("chrome", chrome, "message", sentence(problem.detail()),
                "signIn", problem.status() == 401));
        return true;
    }

    // ------------------------------------------------------------ helpers

    private PanelView.Chrome chrome(Context ctx, String title, String nav) {
        Actor actor = server.actor(ctx);
        WebSessions.Session session = server.session(ctx);
        // Only the page the action sent the browser to shows its outcome, so no other request can take it first.
        PanelView.Notice notice = server.sessions().takeNotice(session, ctx.path()).orElse(null);
        return new PanelView.Chrome(title, shortName(actor.dn()), actor.isPrivileged(), session.csrfToken(), nav,
                notice);
    }

    /*
     * POST-redirect-GET: the outcome waits in the session's row in the store for the page the browser is sent to,
     * which another agent of a cluster may serve.
     */
    private void flashAndGo(Context ctx, PanelView.Notice notice, String location) {
        server.sessions().leaveNotice(server.session(ctx), notice, location.split("[?#]", 2)[0]);
        seeOther(ctx, location);
    }

    private void render(Context ctx, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        templates.render(template, params, out);
        ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-store").result(out.toString());
    }

    private static void resource(Context ctx, String path, String type) throws IOException {
        try (InputStream in = PanelPages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the class path");
            }
            ctx.contentType(type).header("Cache-Control", "max-age=3600").result(in.readAllBytes());
        }
    }

    private static void seeOther(Context ctx, String location) {
        ctx.status(303).header("Location", location).result("");
    }

    private static Decision shownInPanel(TenantSettings settings, Actor actor, GroupSummary g) {
        Decision features = Panel.groupFeatures(settings, actor);
        if (!features.allowed()) {
            return features;
        }
        return Panel.showGroup(settings, actor, new io.groupbridge.selfservice.rules.GroupFacts(g.dn(), g.name(),
                GroupKind.fromWireName(g.kind()), g.mailEnabled(), g.dynamic(), g.roleAssignable(),
                JoinPolicy.fromWireName(g.policy()), Set.of()));
    }

    /* A stand-in group of a hidden kind, to ask Panel for the sentence it shows about such groups (S2). */
    private static io.groupbridge.selfservice.rules.GroupFacts probe(Set<GroupKind> hidden) {
        GroupKind kind = hidden.iterator().next();
        return new io.groupbridge.selfservice.rules.GroupFacts("cn=probe", "probe", kind, false, false, false,
                JoinPolicy.OPEN, Set.of());
    }

    private static <T> List<T> allowed(Listing<T> listing) {
        return listing.refusal().isPresent() ? List.of() : listing.items();
    }

    private static PanelView.GroupRow row(GroupQueries.Listed listed) {
        GroupSummary g = listed.summary();
        return row(new GroupQueries.Row(g.id(), g.name(), listed.description(), g.kindText(), g.policy(),
                g.eligible(), g.ineligibleRule(), g.ineligibleReason()));
    }

    private static PanelView.GroupRow row(GroupQueries.Row g) {
        return new PanelView.GroupRow(g.id(), g.name(), g.description(), g.kindText(), g.policy(), g.eligible(),
                g.eligible() ? null : g.ineligibleReason() + " (spec " + g.ineligibleRule() + ")");
    }

    private static PanelView.Person person(MembershipEntry e, boolean removable, boolean promotable) {
        return new PanelView.Person(shortName(e.dn()), e.dn(),
                MembershipEntry.IN_DIRECTORY.equals(e.status()) ? null : e.status(), removable, promotable,
                e.endsAt().map(PanelPages::lastDay).orElse(null));
    }

    private static PanelView.Found found(Person p) {
        return new PanelView.Found(p.dn().written(), p.label(), p.name());
    }

    /* A group's page, the default place a form on it returns to. */
    private static String group(Context ctx) {
        return "/groups/" + ctx.pathParam("id");
    }

    private static PanelView.Request request(JoinRequest r) {
        return new PanelView.Request(r.id(), r.groupId(), r.groupName() == null ? r.groupId() : r.groupName(),
                shortName(r.requester().written()), r.justification(), r.state().wireName(), WHEN.format(r.createdAt()),
                r.decidedBy() == null ? null : shortName(r.decidedBy()), r.reason(), r.state().isOpen(),
                r.wantedEnd().map(PanelPages::lastDay).orElse(null));
    }

    private static PanelView.MyGroup myGroup(MyGroup m, String status, String until) {
        return new PanelView.MyGroup(m.group().id(), m.group().name(), m.group().kind().wireName(),
                MembershipEntry.IN_DIRECTORY.equals(status) ? null : status, until);
    }

    /* The last day (UTC) a membership ending at {@code end} includes, as the forms take it (spec T1). */
    private static String lastDay(java.time.Instant end) {
        return end == null ? null : MembershipTerms.lastDay(end).toString();
    }

    /* A form's end date (a date input's yyyy-mm-dd), empty when left blank; the actions check it against T2, T3. */
    private static Optional<LocalDate> until(Context ctx) {
        String text = field(ctx, "until").strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(InputProblem.DATE_INVALID, "the end date '" + text + "' is not a date"
                    + " such as 2026-06-30 (the last day of the membership, UTC)");
        }
    }

    /** The first RDN's value: {@code grace} for {@code uid=grace,ou=people,...}. */
    static String shortName(String dn) {
        if (dn == null) {
            return "";
        }
        int eq = dn.indexOf('=');
        int comma = dn.indexOf(',');
        return eq < 0 ? dn : dn.substring(eq + 1, comma > eq ? comma : dn.length());
    }

    private static String kindLabel(GroupKind kind) {
        return switch (kind) {
            case SECURITY -> "Security group";
            case UNIFIED -> "Collaboration (Microsoft 365-style) group";
            case DISTRIBUTION -> "Distribution list";
        };
    }

    public static String policyLabel(String policy) {
        return switch (policy) {
            case "open" -> "Open: anyone may join at once";
            case "owner-approval" -> "Owner approval: people ask, an owner decides";
            case "owners-only" -> "Owners only: only the owners add members";
            default -> policy;
        };
    }

    /* A message as a sentence: capitalised, with a full stop. */
    static String sentence(String message) {
        if (message == null || message.isEmpty()) {
            return "";
        }
        String s = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return s.endsWith(".") ? s : s + ".";
    }

    private static String field(Context ctx, String name) {
        String v = ctx.formParam(name);
        return v == null ? "" : v;
    }

    private static long requestId(Context ctx) {
        String text = ctx.pathParam("requestId");
        if (!text.matches("[0-9]{1,18}")) {
            throw Problem.of(404, "no-such-request", "Not found", "'" + text + "' is not a request id").raise();
        }
        return Long.parseLong(text);
    }

    private static int intParam(Context ctx, String name, int defaultValue) {
        String text = ctx.queryParam(name);
        if (text == null || !text.matches("[0-9]{1,6}")) {
            return defaultValue;
        }
        return Integer.parseInt(text);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
