package io.groupbridge.store;

import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Spec B3 on HSQLDB, the embedded store: a group's effective members come out of indexed queries, a page at a
 * time, safe on cycles and cut at a depth. PostgreSQL runs the same checks in {@code PostgresEffectiveMembersTest}.
 */
class EffectiveMembershipsTest {

    @Test
    void effectiveMembersComeThroughTheNearestNestedGroupAcrossCyclesAndUpToTheDepthBound() throws Exception { // B3
        try (GroupStore store = GroupStore.open("jdbc:hsqldb:mem:nested-" + UUID.randomUUID(), "SA", "", 2,
                Clock.systemUTC())) {
            NestedGroups.fill(store.jdbi());

            NestedGroups.assertTopsEffectiveMembers(store.selfServiceStore());
        }
    }
}
