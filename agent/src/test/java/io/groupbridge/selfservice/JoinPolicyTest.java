package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.model.Channel;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The default policy of a group by kind and creation channel (spec P table). */
class JoinPolicyTest {

    @ParameterizedTest(name = "P table: {0} group from {1} is {2}")
    @CsvSource({
            "SECURITY, API, OWNERS_ONLY",
            "SECURITY, PORTAL, OWNERS_ONLY",
            "SECURITY, SELF_SERVICE, OPEN",
            "UNIFIED, API, OPEN",
            "UNIFIED, PORTAL, OPEN",
            "UNIFIED, SELF_SERVICE, OPEN"})
    void defaultPolicyFollowsKindAndChannel(GroupKind kind, Channel channel, JoinPolicy expected) {
        assertThat(JoinPolicy.defaultFor(kind, channel)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} parses as {1}")
    @CsvSource({"open, OPEN", "Owner-Approval, OWNER_APPROVAL", " owners-only , OWNERS_ONLY"})
    void parsesWireNames(String wire, JoinPolicy expected) {
        assertThat(JoinPolicy.fromWireName(wire)).isEqualTo(expected);
    }
}
