package io.groupbridge.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Spec B3: who is a member of a group through the groups nested in it, one page at a time, so that no member list is
 * read into memory. A group is nested when a member value of another names it, as the reconcile stored both; only
 * active groups nest. The nested groups are found a level at a time, each level one indexed query from the level
 * above, each group kept at the first level it is found on: a cycle (A in B, B in A) ends, and the walk stops
 * {@link #MAX_DEPTH} levels down or at {@link #MAX_GROUPS} groups. Only their ids are held; the members are counted,
 * paged and sorted by the database.
 *
 * <p>Why not one recursive query: PostgreSQL guesses a recursive query's size blindly and planned a scan of every
 * membership for it, 150 to 500 ms at 200 000 memberships even where nothing nests, where these indexed queries take
 * a few milliseconds (docs/benchmarks.md).
 */
final class EffectiveMemberships {

    /** Levels of nesting followed below a group; a directory nests a few, and a longer chain is cut here. */
    static final int MAX_DEPTH = 10;
    /** Nested groups followed at most, which keeps the list of their ids within what a statement may bind. */
    static final int MAX_GROUPS = 10_000;

    // Everyone a nested group lists who is neither a direct member of :g nor a group: active ones are walked, and a
    // deleted or creating group's DN names no person.
    private static final String EFFECTIVE = " FROM group_member m WHERE m.group_id IN (<nested>)"
            + " AND NOT EXISTS (SELECT 1 FROM group_member d WHERE d.group_id = :g"
            + " AND d.member_dn_norm = m.member_dn_norm)"
            + " AND NOT EXISTS (SELECT 1 FROM directory_group x WHERE x.dn_norm = m.member_dn_norm)";

    private EffectiveMemberships() {
    }

    /** A person in the group through the nested group {@code viaId}, {@code depth} levels below it. */
    record Member(String dn, String viaId, String viaName, String viaDn, int depth) {
    }

    /** One page of effective members and how many there are in all. */
    record Page(List<Member> members, int total) {
        Page {
            members = List.copyOf(members);
        }
    }

    /**
     * One page of the group's effective members, ordered by normalized DN, and how many there are in all; each
     * through the nested group nearest to the group that lists them, the first by name among equally near ones.
     */
    static Page members(Handle h, String groupId, int offset, int limit) {
        Map<String, Integer> depths = nestedIn(h, groupId);
        if (depths.isEmpty()) {
            return new Page(List.of(), 0);
        }
        List<String> nested = List.copyOf(depths.keySet());
        Map<String, String> page = new LinkedHashMap<>();
        h.createQuery("SELECT m.member_dn_norm, MIN(m.member_dn)" + EFFECTIVE + " GROUP BY m.member_dn_norm"
                        + " ORDER BY m.member_dn_norm OFFSET " + Math.max(0, offset) + " ROWS FETCH NEXT "
                        + Math.max(1, limit) + " ROWS ONLY")
                .bind("g", groupId).bindList("nested", nested)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> page.put(e.getKey(), e.getValue()));
        int total = h.createQuery("SELECT COUNT(DISTINCT m.member_dn_norm)" + EFFECTIVE).bind("g", groupId)
                .bindList("nested", nested).mapTo(Integer.class).one();
        if (page.isEmpty()) {
            return new Page(List.of(), total);
        }
        Map<String, List<String>> listedBy = new HashMap<>();
        h.createQuery("SELECT member_dn_norm, group_id FROM group_member WHERE member_dn_norm IN (<page>)"
                        + " AND group_id IN (<nested>)")
                .bindList("page", List.copyOf(page.keySet())).bindList("nested", nested)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> listedBy.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        Map<String, Via> vias = vias(h, listedBy.values().stream().flatMap(List::stream).distinct().toList(), depths);
        Comparator<Via> nearest = Comparator.comparingInt(Via::depth).thenComparing(Via::nameKey)
                .thenComparing(Via::id);
        List<Member> items = new ArrayList<>();
        page.forEach((norm, dn) -> listedBy.getOrDefault(norm, List.of()).stream().map(vias::get).min(nearest)
                .ifPresent(v -> items.add(new Member(dn, v.id(), v.name(), v.dn(), v.depth()))));
        return new Page(items, total);
    }

    /** The active groups nested in the group, by id, each with the first level it is found on (1: a direct member). */
    private static Map<String, Integer> nestedIn(Handle h, String groupId) {
        Map<String, Integer> depths = new LinkedHashMap<>();
        Set<String> level = Set.of(groupId);
        for (int depth = 1; depth <= MAX_DEPTH && !level.isEmpty() && depths.size() < MAX_GROUPS; depth++) {
            Set<String> next = new LinkedHashSet<>(h.createQuery("SELECT DISTINCT c.id FROM group_member m"
                            + " JOIN directory_group c ON c.dn_norm = m.member_dn_norm AND c.state = 'active'"
                            + " WHERE m.group_id IN (<level>) ORDER BY c.id")
                    .bindList("level", List.copyOf(level)).mapTo(String.class).list());
            next.remove(groupId);
            next.removeAll(depths.keySet());
            for (String id : next) {
                if (depths.size() < MAX_GROUPS) {
                    depths.put(id, depth);
                }
            }
            level = next;
        }
        return depths;
    }

    private static Map<String, Via> vias(Handle h, List<String> ids, Map<String, Integer> depths) {
        Map<String, Via> vias = new HashMap<>();
        h.createQuery("SELECT id, name, dn, name_key FROM directory_group WHERE id IN (<ids>)").bindList("ids", ids)
                .map((rs, ctx) -> new Via(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4) == null ? "" : rs.getString(4), depths.get(rs.getString(1))))
                .forEach(v -> vias.put(v.id(), v));
        return vias;
    }

    private record Via(String id, String name, String dn, String nameKey, int depth) {
    }
}
