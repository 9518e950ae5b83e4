package io.groupbridge.store;

import io.groupbridge.sync.GroupSummary;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** Read-only views of the store for listings and the CLI. */
public final class GroupQueries {

    private static final String SUMMARY = "SELECT g.id, g.dn, g.name, g.kind, g.mail, g.membership_rule,"
            + " g.role_assignable, g.channel, g.policy, g.eligible, g.ineligible_rule, g.ineligible_reason, g.state,"
            + " (SELECT COUNT(*) FROM group_owner o WHERE o.group_id = g.id),"
            + " (SELECT COUNT(*) FROM group_member m WHERE m.group_id = g.id)"
            + " FROM directory_group g";
    private static final String LISTED = SUMMARY.replace(" FROM directory_group g", ", g.description"
            + " FROM directory_group g");
    private static final String ROW = "SELECT g.id, g.name, g.description, g.kind, g.mail, g.membership_rule,"
            + " g.role_assignable, g.policy, g.eligible, g.ineligible_rule, g.ineligible_reason FROM directory_group g";

    private final Jdbi jdbi;
    private final boolean postgresql;

    /** @param postgresql whether the store is PostgreSQL, whose name range needs the C collation its index has (V28) */
    GroupQueries(Jdbi jdbi, boolean postgresql) {
        this.jdbi = jdbi;
        this.postgresql = postgresql;
    }

    /** Every group, deleted ones only when asked, ordered by name; groups still being created are included. */
    public List<GroupSummary> listGroups(boolean includeDeleted) {
        return jdbi.withHandle(h -> summaries(h, includeDeleted ? "1 = 1" : "g.state <> 'deleted'", q -> { }));
    }

    /**
     * Groups whose name equals {@code nameOrDn} ignoring case, or whose normalized DN equals {@code normalizedDn}.
     * More than one match means the name is ambiguous; the caller lists them. A created group's provisional row is
     * left out once the directory's entry for the same DN is stored: the two are one group for the moment between a
     * reconcile storing the entry and the write-back retiring the provisional row.
     *
     * @param normalizedDn may be {@code null} when the text is not a DN
     */
    public List<GroupSummary> findGroups(String nameOrDn, String normalizedDn) {
        return jdbi.withHandle(h -> summaries(h,
                "(g.name_key = LOWER(:name) OR g.dn_norm = :dn) AND " + JdbiSelfServiceStore.NOT_SUPERSEDED,
                q -> q.bind("name", nameOrDn).bind("dn", normalizedDn)));
    }

    /** The group with this id, deleted or not; a caller looks the id up with the self-service {@code findGroup}. */
    public Optional<GroupSummary> group(String id) {
        return jdbi.withHandle(h -> summaries(h, "g.id = :id", q -> q.bind("id", id)).stream().findFirst());
    }

    /**
     * One page of the groups that are not deleted, ordered by name, optionally only those whose name or DN contains
     * {@code text} ignoring case. The text is bound as a value and its LIKE wildcards are escaped, so it matches
     * literally whatever it holds.
     *
     * @param text   may be {@code null} or blank for every group
     * @param offset groups to skip, at least 0
     * @param limit  at most this many, at least 1
     */
    public Page searchGroups(String text, int offset, int limit) {
        return searchGroups(text, Set.of(), offset, limit);
    }

    /**
     * The same, leaving out groups of the kinds in {@code hiddenKinds} (wire names such as {@code security}), as the
     * web panel does under S2; the count and the page both leave them out.
     */
    public Page searchGroups(String text, Set<String> hiddenKinds, int offset, int limit) {
        return searchGroups(new Search(text, hiddenKinds, Set.of(), Set.of(), Optional.empty()), offset, limit);
    }

    /**
     * What a group search asks for beyond its page.
     *
     * @param text        may be {@code null} or blank for every group
     * @param hiddenKinds kinds (wire names) left out
     * @param kinds       only these kinds (wire names); empty for all
     * @param policies    only these join policies (wire names); empty for all
     * @param joinableBy  only the groups this person could join or ask to join
     * @param nameStart   match only names that start with the text, ignoring case, through the index on
     *                    {@code name_key}, instead of names and DNs that contain it, which reads every group
     */
    public record Search(String text, Set<String> hiddenKinds, Set<String> kinds, Set<String> policies,
            Optional<JoinableBy> joinableBy, boolean nameStart) {
        public Search {
            hiddenKinds = Set.copyOf(hiddenKinds);
            kinds = Set.copyOf(kinds);
            policies = Set.copyOf(policies);
        }

        /** A search for names and DNs that contain the text. */
        public Search(String text, Set<String> hiddenKinds, Set<String> kinds, Set<String> policies,
                Optional<JoinableBy> joinableBy) {
            this(text, hiddenKinds, kinds, policies, joinableBy, false);
        }
    }

    /**
     * The groups a person could join or ask to join: active, eligible for self-service (spec G), of a policy the
     * rules let them join or ask to join (or owned by them, since owners add themselves, A5), and neither holding
     * them as a member nor blocking them (A12). Which policies qualify is the rules' answer, not the store's.
     *
     * @param dnNorm   the person's normalized DN
     * @param policies the join policies (wire names) the rules let them join or ask to join
     */
    public record JoinableBy(String dnNorm, Set<String> policies) {
        public JoinableBy {
            policies = Set.copyOf(policies);
        }
    }

    /** One page of the groups {@code search} asks for, ordered by name; the count counts them all. */
    public Page searchGroups(Search search, int offset, int limit) {
        return search(search, offset, limit, LISTED, false, GroupQueries::listed, Page::new);
    }

    /**
     * The same page as {@link #searchGroups(Search, int, int)} without the owners and members, for the panel's Groups
     * page, which does not show them: counting them reads every member row of each group listed, thousands for the
     * large ones, and was most of a search's cost (issue 12, point 6).
     */
    public Rows searchRows(Search search, int offset, int limit) {
        return search(search, offset, limit, ROW, true, GroupQueries::row, Rows::new);
    }

    /** @param rowOnly whether the listing reads the group's row alone, so the matches can be listed as they are read */
    private <T, P> P search(Search search, int offset, int limit, String listing, boolean rowOnly,
            RowMapper<T> mapper, BiFunction<List<T>, Integer, P> pageOf) {
        String t = search.text() == null ? "" : search.text().strip();
        StringBuilder condition = new StringBuilder("g.state <> 'deleted' AND " + JdbiSelfServiceStore.NOT_SUPERSEDED);
        String lower = t.toLowerCase(Locale.ROOT);
        Optional<String> above = search.nameStart() ? after(lower) : Optional.empty();
        if (above.isPresent()) {
            // Names from the text up to the first string that no longer starts with it: a range the index on
            // name_key finds with bound values (LIKE 'x%' with a bound pattern is not planned on an index). The
            // range is code point order, HSQLDB's, and on PostgreSQL the C collation of its index (V28); LIKE
            // keeps the match exact whatever the order.
            String key = postgresql ? "g.name_key COLLATE \"C\"" : "g.name_key";
            condition.append(" AND ").append(key).append(" >= :low AND ").append(key).append(" < :high")
                    .append(" AND g.name_key LIKE :like ESCAPE '!'");
        } else if (search.nameStart() && !t.isEmpty()) {
            condition.append(" AND g.name_key LIKE :like ESCAPE '!'");
        } else if (!t.isEmpty()) {
            condition.append(" AND (LOWER(g.name) LIKE :like ESCAPE '!' OR g.dn_norm LIKE :like ESCAPE '!')");
        }
        if (!search.hiddenKinds().isEmpty()) {
            condition.append(" AND g.kind NOT IN (<hidden>)");
        }
        if (!search.kinds().isEmpty()) {
            condition.append(" AND g.kind IN (<kinds>)");
        }
        if (!search.policies().isEmpty()) {
            condition.append(" AND g.policy IN (<policies>)");
        }
        Optional<JoinableBy> joinable = search.joinableBy();
        if (joinable.isPresent()) {
            condition.append(" AND g.state = 'active' AND g.eligible = TRUE")
                    .append(" AND (").append(joinable.get().policies().isEmpty() ? "" : "g.policy IN (<joinable>) OR ")
                    .append("EXISTS (SELECT 1 FROM group_owner o WHERE o.group_id = g.id AND o.owner_dn_norm = :me))")
                    .append(" AND NOT EXISTS (SELECT 1 FROM group_member m WHERE m.group_id = g.id"
                            + " AND m.member_dn_norm = :me)")
                    .append(" AND NOT EXISTS (SELECT 1 FROM group_block b WHERE b.group_id = g.id"
                            + " AND b.person_dn_norm = :me)");
        }
        String escaped = lower.replace("!", "!!").replace("%", "!%").replace("_", "!_");
        String like = search.nameStart() ? escaped + "%" : "%" + escaped + "%";
        Consumer<Query> binds = q -> {
            if (!t.isEmpty()) {
                q.bind("like", like);
            }
            if (above.isPresent()) {
                q.bind("low", lower).bind("high", above.get());
            }
            bindList(q, "hidden", search.hiddenKinds());
            bindList(q, "kinds", search.kinds());
            bindList(q, "policies", search.policies());
            if (joinable.isPresent()) {
                q.bind("me", joinable.get().dnNorm());
                bindList(q, "joinable", joinable.get().policies());
            }
        };
        return jdbi.withHandle(h -> {
            if (!t.isEmpty() && rowOnly) {
                // The panel's search: one pass over the matches maps the page's rows and counts the others; a pass
                // for the ids and another for the page's rows read each row twice (issue 12, point 6).
                Query matching = h.createQuery(listing + " WHERE " + condition + " ORDER BY g.name, g.dn");
                binds.accept(matching);
                return matching.scanResultSet((rows, ctx) -> {
                    ResultSet rs = rows.get();
                    List<T> onPage = new ArrayList<>();
                    int total = 0;
                    while (rs.next()) {
                        if (total >= offset && total - offset < limit) {
                            onPage.add(mapper.map(rs, ctx));
                        }
                        total++;
                    }
                    return pageOf.apply(onPage, total);
                });
            }
            if (!t.isEmpty()) {
                // One pass over the matches, their ids in order, counts them and cuts the page; a count and then a
                // page read them twice (issue 12, point 6). A text bounds the matches; every group, unbounded, is
                // counted and paged in the store below instead of read into memory.
                Query matching = h.createQuery("SELECT g.id FROM directory_group g WHERE " + condition
                        + " ORDER BY g.name, g.dn");
                binds.accept(matching);
                List<String> ids = matching.mapTo(String.class).list();
                List<String> onPage = ids.subList(Math.min(offset, ids.size()),
                        (int) Math.min((long) offset + limit, ids.size()));
                return pageOf.apply(onPage.isEmpty() ? List.of() : h.createQuery(listing
                                + " WHERE g.id IN (<ids>) ORDER BY g.name, g.dn").bindList("ids", onPage)
                        .map(mapper).list(), ids.size());
            }
            Query count = h.createQuery("SELECT COUNT(*) FROM directory_group g WHERE " + condition);
            // The page is cut from the groups alone before owners and members are counted for its rows: counting
            // in the outer select for every match first cost a pass over every membership per page (seconds at
            // 1 000 000 memberships, found by scripts/bench-web).
            Query page = h.createQuery(listing.replace(" FROM directory_group g", " FROM (SELECT g.* FROM"
                    + " directory_group g WHERE " + condition + " ORDER BY g.name, g.dn OFFSET " + offset
                    + " ROWS FETCH NEXT " + limit + " ROWS ONLY) g") + " ORDER BY g.name, g.dn");
            binds.accept(count);
            binds.accept(page);
            return pageOf.apply(page.map(mapper).list(), count.mapTo(Integer.class).one());
        });
    }

    /*
     * The least string above every string that starts with prefix in code point order: the prefix with its last
     * character one higher. Empty when there is none this simple (a blank prefix, or one ending in a surrogate or
     * a character from U+E000 up, where UTF-16 and code point order differ); the search then goes without a range.
     */
    static Optional<String> after(String prefix) {
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        char last = prefix.charAt(prefix.length() - 1);
        if (last >= Character.MIN_SURROGATE - 1) {
            return Optional.empty();
        }
        return Optional.of(prefix.substring(0, prefix.length() - 1) + (char) (last + 1));
    }

    private static void bindList(Query q, String name, Set<String> values) {
        if (!values.isEmpty()) {
            q.bindList(name, values.stream().sorted().toList());
        }
    }

    /** The group stored under {@code id} with its description, deleted ones included. */
    public Optional<Listed> groupWithDescription(String id) {
        return jdbi.withHandle(h -> h.createQuery(LISTED + " WHERE g.id = :id").bind("id", id)
                .map(GroupQueries::listed).findOne());
    }

    /** A group with its description, for the web API. */
    public record Listed(GroupSummary summary, String description) {
    }

    /** A page of groups and how many match in all. */
    public record Page(List<Listed> items, int total) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /** A group as the Groups page lists it: what it is and whether self-service applies, no owners or members. */
    public record Row(String id, String name, String description, String kindText, String policy, boolean eligible,
            String ineligibleRule, String ineligibleReason) {
    }

    /** A page of {@link Row}s and how many match in all. */
    public record Rows(List<Row> items, int total) {
        public Rows {
            items = List.copyOf(items);
        }
    }

    private static Listed listed(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Listed(summary(rs), rs.getString(16));
    }

    private static Row row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), GroupSummary.kindText(rs.getString(4),
                rs.getString(5) != null && !rs.getString(5).isBlank(),
                rs.getString(6) != null && !rs.getString(6).isBlank(), rs.getBoolean(7)), rs.getString(8),
                rs.getBoolean(9), rs.getString(10), rs.getString(11));
    }

    public List<String> owners(String groupId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT owner_dn FROM group_owner WHERE group_id = :g ORDER BY owner_dn")
                .bind("g", groupId).mapTo(String.class).list());
    }

    public List<String> members(String groupId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT member_dn FROM group_member WHERE group_id = :g ORDER BY member_dn")
                .bind("g", groupId).mapTo(String.class).list());
    }

    static List<GroupSummary> summaries(Handle h, String condition, Consumer<Query> binder) {
        Query q = h.createQuery(SUMMARY + " WHERE " + condition + " ORDER BY g.name, g.dn");
        binder.accept(q);
        return q.map((rs, ctx) -> summary(rs)).list();
    }

    private static GroupSummary summary(ResultSet rs) throws SQLException {
        return new GroupSummary(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5) != null && !rs.getString(5).isBlank(),
                rs.getString(6) != null && !rs.getString(6).isBlank(),
                rs.getBoolean(7), rs.getString(8), rs.getString(9), rs.getBoolean(10), rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getInt(14), rs.getInt(15));
    }
}
