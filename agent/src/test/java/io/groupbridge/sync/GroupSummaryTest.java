package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.model.Channel;
import io.groupbridge.model.Dn;
import io.groupbridge.model.GroupKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A group read from the directory as listings and reports show it (spec G1-G6). */
class GroupSummaryTest {

    private static final Dn ALICE = new Dn("uid=alice,ou=people,dc=example,dc=com",
            "uid=alice,ou=people,dc=example,dc=com");
    private static final Dn BOB = new Dn("uid=bob,ou=people,dc=example,dc=com",
            "uid=bob,ou=people,dc=example,dc=com");

    private static DirectoryGroup group(GroupKind kind, String mail, String rule, boolean roleAssignable) {
        return new DirectoryGroup("id-1", new Dn("cn=Lab,ou=groups,dc=example,dc=com",
                "cn=lab,ou=groups,dc=example,dc=com"), "Lab", "the lab", kind, mail, rule, roleAssignable,
                Channel.PORTAL, "groupOfNames", "member", List.of(ALICE), List.of(ALICE, BOB));
    }

    @Test
    void aGroupReadIsSummarisedAsActiveWithItsCountsAndPolicy() {
        GroupSummary s = GroupSummary.of(group(GroupKind.SECURITY, null, null, false), "open");
        assertThat(s).isEqualTo(new GroupSummary("id-1", "cn=Lab,ou=groups,dc=example,dc=com", "Lab", "security",
                false, false, false, "portal", "open", true, null, null, "active", 1, 2));
        assertThat(s.eligibilityText()).isEqualTo("yes");
        assertThat(s.kindText()).isEqualTo("security");
    }

    /** G3: a mail value makes a security group mail-enabled security, which self-service leaves alone. */
    @Test
    void aMailEnabledSecurityGroupIsNamedSoAndIneligible() {
        GroupSummary s = GroupSummary.of(group(GroupKind.SECURITY, "lab@example.com", null, false), "owners-only");
        assertThat(s.mailEnabled()).isTrue();
        assertThat(s.kindText()).isEqualTo("mail-enabled security");
        assertThat(s.eligibilityText())
                .isEqualTo("no (G3: mail-enabled security groups are not managed through self-service)");
        assertThat(GroupSummary.of(group(GroupKind.UNIFIED, "lab@example.com", null, false), "open").kindText())
                .isEqualTo("unified");
    }

    /** A blank mail or membership rule is no value: the group is neither mail-enabled nor dynamic. */
    @Test
    void blankMailAndRuleCountAsAbsent() {
        DirectoryGroup g = group(GroupKind.SECURITY, " ", "  ", false);
        assertThat(g.mailEnabled()).isFalse();
        assertThat(g.dynamic()).isFalse();
        assertThat(GroupSummary.of(g, "open").eligible()).isTrue();
    }

    /** G5 and G6 are shown beside the kind, and make the group ineligible whatever its kind. */
    @Test
    void dynamicAndRoleAssignableGroupsSayWhyTheyAreIneligible() {
        GroupSummary dynamic = GroupSummary.of(group(GroupKind.UNIFIED, null, "(departmentNumber=7)", false), "open");
        assertThat(dynamic.kindText()).isEqualTo("unified, dynamic");
        assertThat(dynamic.eligibilityText()).startsWith("no (G5: ");
        GroupSummary roles = GroupSummary.of(group(GroupKind.SECURITY, null, null, true), "open");
        assertThat(roles.kindText()).isEqualTo("security, role-assignable");
        assertThat(roles.eligibilityText()).startsWith("no (G6: ");
        assertThat(GroupSummary.of(group(GroupKind.SECURITY, "x@example.com", "(a=b)", true), "open").kindText())
                .isEqualTo("mail-enabled security, dynamic, role-assignable");
    }
}
