package io.groupbridge.containers;

import io.groupbridge.store.GroupStore;
import io.groupbridge.store.NestedGroups;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Spec B3 on PostgreSQL: the queries of effective members answer as on HSQLDB (EffectiveMembershipsTest). */
@ExtendWith(TestImagesAvailable.class)
class PostgresEffectiveMembersTest {

    @Test
    void effectiveMembersComeThroughTheNearestNestedGroupAcrossCyclesAndUpToTheDepthBound() throws Exception { // B3
        try (TestImages.Server postgresql = TestImages.start(1, ports -> TestImages.postgresql(ports.get(0)));
                GroupStore store = GroupStore.open("jdbc:postgresql://127.0.0.1:" + postgresql.port() + "/postgres",
                        "postgres", "", 2, Clock.systemUTC())) {
            NestedGroups.fill(store.jdbi());

            NestedGroups.assertTopsEffectiveMembers(store.selfServiceStore());
        }
    }
}
