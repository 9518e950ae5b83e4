package io.groupbridge.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.groupbridge.model.GroupKind;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.ReviewExport;
import io.groupbridge.selfservice.ReviewScope;
import io.groupbridge.selfservice.ReviewService;
import io.groupbridge.selfservice.ReviewStore;
import io.groupbridge.selfservice.ReviewVerdict;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.selfservice.rules.Decision;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Access reviews over the REST API (spec V1-V8) under {@code /api/v1/reviews}, described in {@code web/openapi.yaml}:
 * the same {@link ReviewService} as {@code groupbridge reviews}, so a refusal is a 403 problem naming its rule.
 */
final class ReviewRoutes {

    static final String REVIEWS = ApiRoutes.BASE + "/reviews";

    private final WebServer server;
    private final ApiRoutes api;
    private final SelfServiceSource selfService;

    ReviewRoutes(WebServer server, ApiRoutes api, SelfServiceSource selfService) {
        this.server = server;
        this.api = api;
        this.selfService = selfService;
    }

    void register(RoutesConfig r) {
        r.get(REVIEWS, this::list);
        r.post(REVIEWS, this::start);
        r.get(REVIEWS + "/{reviewId}", this::show);
        r.post(REVIEWS + "/{reviewId}/decisions", this::decide);
        r.post(REVIEWS + "/{reviewId}/close", this::close);
        r.get(REVIEWS + "/{reviewId}/export", this::export);
    }

    /** {@code GET /reviews}: one review with its counts. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Summary(long id, String title, String scope, String state, String defaultDecision, Instant deadline,
            String reviewer, int members, int undecided) {
        static Summary of(ReviewStore.Summary s) {
            return new Summary(s.review().id(), s.review().title(), s.review().scope(), s.review().state().wireName(),
                    s.review().defaultVerdict().wireName(), s.review().deadline(),
                    s.review().reviewerDn().orElse(null), s.members(), s.undecided());
        }
    }

    /** {@code POST /reviews}: the review started. */
    record Started(long id, String message, List<String> groups, int members, List<String> skipped) {
    }

    /** {@code POST /reviews/{id}/close}: what the close did; {@code held} names each group the failsafe held. */
    record Closed(String state, String message, int kept, int removed, List<Long> outboxIds, List<String> held) {
    }

    // V6: administrators see every review, reviewers the ones they review.
    private void list(Context ctx) {
        server.writeJson(ctx, new ApiJson.Listing<>(selfService.reviews().list(server.actor(ctx)).items().stream()
                .map(Summary::of).toList()));
    }

    // V1
    private void start(Context ctx) {
        ApiRoutes.Body b = api.body(ctx, Set.of("title", "group", "namePattern", "kind", "deadline", "default",
                "reviewer"));
        Instant deadline = MembershipTerms.endOf(date(b.required("deadline")));
        ReviewVerdict byDefault = verdict(b.required("default"), "default");
        Optional<GroupKind> kind = b.present("kind").map(k -> {
            try {
                return GroupKind.fromWireName(k);
            } catch (IllegalArgumentException e) {
                throw ApiRoutes.invalidField("kind", "is '" + k + "'; give security, unified or distribution");
            }
        });
        ReviewScope scope = new ReviewScope(b.present("group"), b.present("namePattern"), kind);
        ReviewService.Started started = selfService.reviews().start(server.actor(ctx), new ReviewService.Start(
                b.text("title"), scope, deadline, byDefault, b.present("reviewer").filter(s -> !s.isBlank())));
        refusedUnlessAllowed(started.result());
        long id = started.reviewId().orElseThrow();
        ctx.status(201);
        ctx.header("Location", REVIEWS + "/" + id);
        server.writeJson(ctx, new Started(id, started.result().message(), started.groups(), started.members(),
                started.skipped()));
    }

    // V6: the members the actor may see, as the export's JSON document.
    private void show(Context ctx) {
        ReviewService.Shown shown = selfService.reviews().show(server.actor(ctx), reviewId(ctx));
        server.writeJson(ctx, document(shown));
    }

    // V2, V8
    private void decide(Context ctx) {
        ApiRoutes.Body b = api.body(ctx, Set.of("group", "member", "decision", "reason"));
        ReviewVerdict verdict = verdict(b.required("decision"), "decision");
        ActionResult result = selfService.reviews().decide(server.actor(ctx), reviewId(ctx),
                b.present("group").orElse(null), b.required("member"), verdict, b.text("reason"));
        refusedUnlessAllowed(result);
        server.writeJson(ctx, ApiJson.Action.of(result));
    }

    // V1, V3
    private void close(Context ctx) {
        api.body(ctx, Set.of());
        ReviewService.Closed closed = selfService.reviews().close(server.actor(ctx), reviewId(ctx));
        refusedUnlessAllowed(closed.result());
        server.writeJson(ctx, new Closed(closed.state().wireName(), closed.result().message(), closed.kept(),
                closed.removed(), closed.outboxIds(), closed.held()));
    }

    // V4: CSV or JSON, audited.
    private void export(Context ctx) {
        String format = Optional.ofNullable(ctx.queryParam("format")).orElse("json");
        if (!format.equals("csv") && !format.equals("json")) {
            throw ApiRoutes.badParameter("format", "is '" + format + "'; give csv or json");
        }
        long id = reviewId(ctx);
        ReviewExport export = document(selfService.reviews().export(server.actor(ctx), id, format));
        if (format.equals("json")) {
            server.writeJson(ctx, export);
            return;
        }
        ctx.header("Content-Disposition", "attachment; filename=\"review-" + id + ".csv\"");
        ctx.contentType("text/csv; charset=utf-8").result(export.csv());
    }

    private static ReviewExport document(ReviewService.Shown shown) {
        shown.refusal().ifPresent(ReviewRoutes::raise);
        return ReviewExport.of(shown.review().orElseThrow(), shown.items());
    }

    private static void refusedUnlessAllowed(ActionResult result) {
        if (!result.allowed()) {
            throw Problem.refused(result.rule(), result.message()).raise();
        }
    }

    private static void raise(Decision d) {
        throw Problem.refused(d).raise();
    }

    private static ReviewVerdict verdict(String text, String field) {
        return switch (text.strip()) {
            case "keep" -> ReviewVerdict.KEEP;
            case "remove" -> ReviewVerdict.REMOVE;
            default -> throw ApiRoutes.invalidField(field, "is '" + text + "'; give keep or remove");
        };
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw ApiRoutes.invalidField("deadline", "is '" + text + "'; give a date such as 2024-06-30, the"
                    + " review's last day (UTC)");
        }
    }

    private static long reviewId(Context ctx) {
        String text = ctx.pathParam("reviewId");
        if (!text.matches("[0-9]{1,18}")) {
            throw Problem.of(404, "no-such-review", "Not found", "'" + text + "' is not a review id: review ids are"
                    + " numbers").raise();
        }
        return Long.parseLong(text);
    }
}
