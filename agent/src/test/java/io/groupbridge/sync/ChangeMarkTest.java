package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.sync.ChangeMark.Sequence;
import io.groupbridge.sync.ChangeMark.SyncCookies;
import io.groupbridge.sync.ChangeMark.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The checkpoint's stored forms and which mark a later read keeps (spec Y2). */
class ChangeMarkTest {

    private static final Instant T = Instant.parse("2026-03-01T10:15:30Z");

    @Test
    void everyMarkReadsBackFromItsStoredText() {
        assertThat(ChangeMark.parse(new Timestamp(T).text())).isEqualTo(new Timestamp(T));
        assertThat(new Timestamp(T).text()).isEqualTo("2026-03-01T10:15:30Z");
        assertThat(ChangeMark.parse("usn:48213")).isEqualTo(new Sequence(48213));
        assertThat(new Sequence(48213).text()).isEqualTo("usn:48213");
        assertThat(ChangeMark.parse("sync:cGVvcGxl,Z3JvdXBz")).isEqualTo(new SyncCookies("cGVvcGxl", "Z3JvdXBz"));
        assertThat(new SyncCookies("cGVvcGxl", "Z3JvdXBz").text()).isEqualTo("sync:cGVvcGxl,Z3JvdXBz");
        assertThat(ChangeMark.parse(SyncCookies.NONE.text())).isEqualTo(SyncCookies.NONE);
        assertThat(ChangeMark.parse("sync:,Z3JvdXBz")).isEqualTo(new SyncCookies("", "Z3JvdXBz"));
    }

    @Test
    void aTextOfNoKnownFormIsRefusedNamingIt() {
        assertThatThrownBy(() -> ChangeMark.parse("sync:onlyone")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoint 'sync:onlyone' does not hold two cookies");
        assertThatThrownBy(() -> ChangeMark.parse("sync:a,b,c")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoint 'sync:a,b,c' does not hold two cookies");
        assertThatThrownBy(() -> ChangeMark.parse("usn:twelve")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoint 'usn:twelve' has no sequence number");
        assertThatThrownBy(() -> ChangeMark.parse("yesterday")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoint 'yesterday' is not a known form");
    }

    @Test
    void onlyALaterTimeOrNumberAdvancesAMarkOfTheSameKind() {
        Timestamp at = new Timestamp(T);
        assertThat(new Timestamp(T.plusSeconds(1)).advances(at)).isTrue();
        assertThat(new Timestamp(T).advances(at)).isFalse();
        assertThat(new Timestamp(T.minusSeconds(1)).advances(at)).isFalse();
        assertThat(new Sequence(11).advances(new Sequence(10))).isTrue();
        assertThat(new Sequence(10).advances(new Sequence(10))).isFalse();
        assertThat(new Sequence(9).advances(new Sequence(10))).isFalse();
    }

    /** A source that switched how it tracks changes starts over from its new mark, whatever its value. */
    @Test
    void aMarkOfAnotherKindAlwaysAdvances() {
        assertThat(new Sequence(1).advances(new Timestamp(T))).isTrue();
        assertThat(new Timestamp(Instant.EPOCH).advances(new Sequence(Long.MAX_VALUE))).isTrue();
        assertThat(SyncCookies.NONE.advances(new Timestamp(T))).isTrue();
        assertThat(new Timestamp(T).advances(SyncCookies.NONE)).isTrue();
    }

    /** The server orders its cookies, not the agent: any other cookie replaces the last one, the same does not. */
    @Test
    void cookiesAdvanceWhenTheyDiffer() {
        SyncCookies last = new SyncCookies("p1", "g1");
        assertThat(new SyncCookies("p1", "g1").advances(last)).isFalse();
        assertThat(last.withPeople("p0").advances(last)).isTrue();
        assertThat(last.withGroups("g2")).isEqualTo(new SyncCookies("p1", "g2"));
        assertThat(last.withPeople("p2")).isEqualTo(new SyncCookies("p2", "g1"));
    }
}
