package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.sync.ChangeMark.Sequence;
import io.groupbridge.sync.ReadWindow.Entries;
import org.junit.jupiter.api.Test;

/** What one run reads and how far it got (spec Y2). */
class ReadWindowTest {

    @Test
    void aFullReadHasNoLowerBoundAndAnIncrementalOneStartsAtItsCheckpoint() {
        assertThat(ReadWindow.all().since()).isEmpty();
        assertThat(ReadWindow.changedSince(new Sequence(7)).since()).hasValue(new Sequence(7));
        assertThatThrownBy(() -> ReadWindow.changedSince(null)).isInstanceOf(NullPointerException.class);
    }

    /** Entries come in any order; the next checkpoint is the furthest mark, not the last one read. */
    @Test
    void theFurthestMarkObservedIsKeptWhateverTheOrder() {
        ReadWindow window = ReadWindow.changedSince(new Sequence(7));
        assertThat(window.latest()).isEmpty();
        window.observe(new Sequence(9));
        window.observe(new Sequence(12));
        window.observe(new Sequence(8));
        window.observe(new Sequence(12));
        assertThat(window.latest()).hasValue(new Sequence(12));
    }

    /** A deletion counts only for the search that reported it (a content-sync server's session log). */
    @Test
    void deletionsAreKeptPerSearch() {
        ReadWindow window = ReadWindow.all();
        assertThat(window.deletedIds(Entries.PEOPLE)).isEmpty();
        window.deleted(Entries.PEOPLE, "p-1");
        window.deleted(Entries.PEOPLE, "p-2");
        window.deleted(Entries.GROUPS, "g-1");
        window.deleted(Entries.PEOPLE, "p-1");
        assertThat(window.deletedIds(Entries.PEOPLE)).containsExactlyInAnyOrder("p-1", "p-2");
        assertThat(window.deletedIds(Entries.GROUPS)).containsExactly("g-1");
        assertThatThrownBy(() -> window.deletedIds(Entries.GROUPS).add("g-2"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
