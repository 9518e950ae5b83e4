package io.groupbridge.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.testing.TestHome;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Opening the group store. */
class GroupStoreTest {

    /** issue 10, finding 3: the error names the store's URL, but not a password written into it. */
    @Test
    void aStoreThatCannotBeReachedIsNamedWithoutThePasswordInItsUrl() throws Exception {
        String url = "jdbc:hsqldb:hsql://127.0.0.1:" + TestHome.freePort() + "/gb;password=url-secret";

        assertThatThrownBy(() -> GroupStore.open(url, "SA", "", 2, Clock.systemUTC()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open the group store at jdbc:hsqldb:hsql://127.0.0.1:")
                .hasMessageContaining("password=******")
                .hasMessageNotContaining("url-secret");
    }
}
