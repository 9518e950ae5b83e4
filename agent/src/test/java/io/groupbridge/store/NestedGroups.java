package io.groupbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.selfservice.EffectiveMember;
import io.groupbridge.selfservice.SelfServiceStore;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Spec B3: a store of nested groups that both databases are checked on (HSQLDB in {@link EffectiveMembershipsTest},
 * PostgreSQL in the container tests). Top lists tina and ann directly and nests Bravo, Alpha and a deleted group;
 * Bravo and Cycle nest each other (Cycle also lists Top back); Bravo starts a chain Level 1, Level 2, ... eleven deep,
 * each level listing one person.
 */
public final class NestedGroups {

    public static final String TOP = "top";
    private static final Instant AT = Instant.parse("2024-06-01T08:00:00Z");

    private NestedGroups() {
    }

    /** Stores the groups and their member values, as a reconcile would have. */
    public static void fill(Jdbi jdbi) {
        jdbi.useHandle(h -> {
            group(h, TOP, "Top", "active");
            group(h, "bravo", "Bravo", "active");
            group(h, "alpha", "Alpha", "active");
            group(h, "cycle", "Cycle", "active");
            group(h, "gone", "Gone", "deleted");
            member(h, TOP, "uid=tina", "uid=ann", "cn=bravo", "cn=alpha", "cn=gone");
            member(h, "bravo", "cn=cycle", "uid=ann", "uid=bea", "uid=tie", "cn=level1");
            member(h, "alpha", "uid=tie", "uid=al");
            member(h, "cycle", "cn=bravo", "cn=top", "uid=tina", "uid=cy", "uid=bea");
            member(h, "gone", "uid=ghost");
            for (int level = 1; level <= 11; level++) {
                group(h, "level" + level, "Level " + level, "active");
                member(h, "level" + level, "uid=deep" + level, "cn=level" + (level + 1));
            }
        });
    }

    /**
     * Top's effective members: not its direct ones, not groups, none through a deleted group; each once, through
     * the nearest group (Alpha before Bravo at one depth); the cycles end, and the chain is cut ten levels down.
     */
    public static void assertTopsEffectiveMembers(SelfServiceStore store) {
        SelfServiceStore.EffectivePage all = store.inTransaction(tx -> tx.effectiveMembers(TOP, 0, 100));

        assertThat(all.items()).extracting(m -> m.dn() + " via " + m.via().name() + " at " + m.depth())
                .containsExactly("uid=al via Alpha at 1", "uid=bea via Bravo at 1", "uid=cy via Cycle at 2",
                        "uid=deep1 via Level 1 at 2", "uid=deep2 via Level 2 at 3", "uid=deep3 via Level 3 at 4",
                        "uid=deep4 via Level 4 at 5", "uid=deep5 via Level 5 at 6", "uid=deep6 via Level 6 at 7",
                        "uid=deep7 via Level 7 at 8", "uid=deep8 via Level 8 at 9", "uid=deep9 via Level 9 at 10",
                        "uid=tie via Alpha at 1");
        assertThat(all.total()).isEqualTo(13);
        EffectiveMember al = all.items().get(0);
        assertThat(al.via()).isEqualTo(new EffectiveMember.Via("alpha", "Alpha", "cn=alpha"));

        SelfServiceStore.EffectivePage page = store.inTransaction(tx -> tx.effectiveMembers(TOP, 2, 3));
        assertThat(page.items()).extracting(EffectiveMember::dn).containsExactly("uid=cy", "uid=deep1", "uid=deep2");
        assertThat(page.total()).isEqualTo(13);

        // Seen from inside the cycle, Top and Bravo are nested in Cycle; Cycle's own members stay direct, and the
        // deleted group Top lists is no person.
        List<String> fromCycle = store.inTransaction(tx -> tx.effectiveMembers("cycle", 0, 5)).items().stream()
                .map(m -> m.dn() + " via " + m.via().name()).toList();
        assertThat(fromCycle).containsExactly("uid=al via Alpha", "uid=ann via Bravo", "uid=deep1 via Level 1",
                "uid=deep2 via Level 2", "uid=deep3 via Level 3");
        assertThat(store.inTransaction(tx -> tx.effectiveMembers("alpha", 0, 5)).total()).isZero();
    }

    private static void group(org.jdbi.v3.core.Handle h, String id, String name, String state) {
        h.createUpdate("INSERT INTO directory_group (id, dn, dn_norm, name, name_key, kind, role_assignable,"
                        + " object_class, member_attribute, channel, policy, eligible, fingerprint, state, created_at,"
                        + " updated_at) VALUES (:id, :dn, :dn, :name, LOWER(:name), 'security', FALSE, 'groupOfNames',"
                        + " 'member', 'api', 'open', TRUE, 1, :state, :at, :at)")
                .bind("id", id).bind("dn", "cn=" + id).bind("name", name).bind("state", state).bind("at", AT)
                .execute();
    }

    private static void member(org.jdbi.v3.core.Handle h, String groupId, String... values) {
        for (String value : values) {
            h.createUpdate("INSERT INTO group_member (group_id, member_dn_norm, member_dn) VALUES (:g, :m, :m)")
                    .bind("g", groupId).bind("m", value).execute();
        }
    }
}
