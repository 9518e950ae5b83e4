package io.groupbridge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The create-group payload self-service queues and the write-back reads (spec W1): what one side writes, the other
 * reads as the same group, whatever the text holds; rows queued by older versions still read.
 */
class CreateGroupPayloadTest {

    private static final String DN = "cn=Caf\\C3\\A9 \\22Z\\C3\\BCrich\\22,ou=groups,dc=example,dc=com";
    private final CreateGroupPayload payloads = new CreateGroupPayload();

    @Test
    void whatSelfServiceWritesTheWriteBackReadsAsTheSameGroup() {
        NewGroup group = new NewGroup(DN, "Café \"Zürich\" \\ Ops (東京)", GroupKind.UNIFIED,
                "line one\nline two\ttabbed \u0001 end", JoinPolicy.OWNER_APPROVAL, Channel.API,
                List.of("uid=heidi,ou=people,dc=example,dc=com", "uid=o\\2Cbrien,ou=people,dc=example,dc=com"),
                List.of("uid=heidi,ou=people,dc=example,dc=com"), List.of("groupOfUniqueNames", "gbGroup"),
                "uniqueMember");

        assertThat(payloads.parse(DN, payloads.write(group))).isEqualTo(group);
    }

    @Test
    void aGroupWithoutADescriptionOrMembersReadsBackWithout() {
        NewGroup group = new NewGroup(DN, "Tea", GroupKind.SECURITY, null, JoinPolicy.OWNERS_ONLY,
                Channel.SELF_SERVICE, List.of(), List.of(), List.of("groupOfNames"), "member");

        assertThat(payloads.parse(DN, payloads.write(group))).isEqualTo(group);
    }

    @Test
    void aRowQueuedBeforeChannelsAndObjectClassListsReadsAsWhatWasWrittenThen() {
        NewGroup old = payloads.parse(DN, "{\"name\":\"Hikers\",\"kind\":\"unified\",\"owners\":[\"uid=bob,ou=people,"
                + "dc=example,dc=com\"],\"members\":[],\"objectClass\":\"groupOfUniqueNames\"}");

        assertThat(old.channel()).isEqualTo(Channel.SELF_SERVICE);
        assertThat(old.policy()).isEqualTo(JoinPolicy.defaultFor(GroupKind.UNIFIED, Channel.SELF_SERVICE));
        assertThat(old.objectClasses()).containsExactly("groupOfUniqueNames", "gbGroup");
        assertThat(old.memberAttribute()).isEqualTo("uniqueMember");
    }

    @Test
    void aPayloadThatIsNotWhatSelfServiceWritesIsRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> payloads.parse(DN, "{\"name\":\"x\""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> payloads.parse(DN, "{\"name\":\"x\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("create-group payload has no kind");
        assertThatThrownBy(() -> payloads.parse(DN, "{\"name\":\"x\",\"kind\":\"security\",\"owners\":\"bob\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("create-group payload field owners is not a list of DNs");
        assertThatThrownBy(() -> payloads.parse(DN, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("create-group has no payload");
    }
}
