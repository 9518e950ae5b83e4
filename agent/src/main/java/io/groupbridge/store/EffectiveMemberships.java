package io.groupbridge.store;

import io.groupbridge.selfservice.EffectiveMember;
import io.groupbridge.selfservice.SelfServiceStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Spec B3: who is a member of a group through the groups nested in it, computed by the database with a recursive
 * query, one page at a time, so that no member list is read into memory to walk it. A group is nested when a member
 * value of another names it, as the reconcile stored both; only active groups nest. The walk goes at most
 * {@link #MAX_DEPTH} levels deep and visits each group once per level, which keeps it finite on a cycle (A in B, B in
 * A) and bounded on a deep chain. Portable SQL: HSQLDB and PostgreSQL both run it.
 */
final class EffectiveMemberships {

    /** Levels of nesting followed below a group; a directory nests a few, and a longer chain is cut here. */
    static final int MAX_DEPTH = 10;

    // The active groups nested in :g at each depth, then each at its least depth; :g itself is left out when a
    // cycle leads back to it, since its own members are direct. UNION, not UNION ALL: a group reached twice at one
    // depth is kept once, so the rows stay below groups times MAX_DEPTH however the groups nest.
    private static final String NESTED = "WITH RECURSIVE nested (group_id, depth) AS ("
            + " SELECT c.id, 1 FROM group_member m JOIN directory_group c ON c.dn_norm = m.member_dn_norm"
            + " AND c.state = 'active' WHERE m.group_id = :g"
            + " UNION SELECT c.id, n.depth + 1 FROM nested n JOIN group_member m ON m.group_id = n.group_id"
            + " JOIN directory_group c ON c.dn_norm = m.member_dn_norm AND c.state = 'active'"
            + " WHERE n.depth < :maxDepth),"
            + " reach (group_id, depth) AS (SELECT group_id, MIN(depth) FROM nested WHERE group_id <> :g"
            + " GROUP BY group_id),"
            // Everyone a nested group lists who is neither a direct member of :g nor a group (those are walked).
            + " effective (member_dn_norm, member_dn, depth) AS (SELECT m.member_dn_norm, MIN(m.member_dn),"
            + " MIN(r.depth) FROM reach r JOIN group_member m ON m.group_id = r.group_id"
            + " WHERE NOT EXISTS (SELECT 1 FROM group_member d WHERE d.group_id = :g"
            + " AND d.member_dn_norm = m.member_dn_norm)"
            + " AND NOT EXISTS (SELECT 1 FROM directory_group x WHERE x.dn_norm = m.member_dn_norm"
            + " AND x.state = 'active')"
            + " GROUP BY m.member_dn_norm)";

    private EffectiveMemberships() {
    }

    /**
     * One page of the group's effective members, ordered by normalized DN, and how many there are in all. Each
     * comes with the nested groups at their least depth that list them; the first by name is the one shown.
     */
    static SelfServiceStore.EffectivePage members(Handle h, String groupId, int offset, int limit) {
        // A person two nested groups list at the same depth comes once per group, the first by name first.
        Map<String, EffectiveMember> page = new LinkedHashMap<>();
        h.createQuery(NESTED + ", shown (member_dn_norm, member_dn, depth) AS (SELECT member_dn_norm, member_dn,"
                        + " depth FROM effective ORDER BY member_dn_norm OFFSET " + Math.max(0, offset)
                        + " ROWS FETCH NEXT " + Math.max(1, limit) + " ROWS ONLY)"
                        + " SELECT s.member_dn_norm, s.member_dn, s.depth, v.id, v.name, v.dn FROM shown s"
                        + " JOIN group_member m ON m.member_dn_norm = s.member_dn_norm"
                        + " JOIN reach r ON r.group_id = m.group_id AND r.depth = s.depth"
                        + " JOIN directory_group v ON v.id = r.group_id"
                        + " ORDER BY s.member_dn_norm, v.name_key, v.id")
                .bind("g", groupId).bind("maxDepth", MAX_DEPTH)
                .map((rs, ctx) -> Map.entry(rs.getString(1), new EffectiveMember(rs.getString(2),
                        new EffectiveMember.Via(rs.getString(4), rs.getString(5), rs.getString(6)), rs.getInt(3))))
                .forEach(e -> page.putIfAbsent(e.getKey(), e.getValue()));
        int total = h.createQuery(NESTED + " SELECT COUNT(*) FROM effective").bind("g", groupId)
                .bind("maxDepth", MAX_DEPTH).mapTo(Integer.class).one();
        return new SelfServiceStore.EffectivePage(List.copyOf(page.values()), total);
    }
}
