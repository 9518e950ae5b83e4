package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Spec Y5: every problem is counted, only the first few are kept with their text. */
class ReconcileWarningsTest {

    @Test
    void everyProblemIsCountedButOnlyTheLimitIsKept() {
        ReconcileWarnings warnings = new ReconcileWarnings(2);
        warnings.add("cn=a", "member uid=x points at no entry");
        warnings.add("cn=b", "duplicate value");
        warnings.add("cn=c", "malformed value");
        warnings.addCountOnly(5);
        assertThat(warnings.count()).isEqualTo(8);
        assertThat(warnings.kept()).containsExactly("cn=a: member uid=x points at no entry", "cn=b: duplicate value");
    }

    @Test
    void aLimitOfZeroKeepsNoTextAndStillCounts() {
        ReconcileWarnings warnings = new ReconcileWarnings(0);
        warnings.add("cn=a", "duplicate value");
        assertThat(warnings.count()).isEqualTo(1);
        assertThat(warnings.kept()).isEmpty();
    }
}
