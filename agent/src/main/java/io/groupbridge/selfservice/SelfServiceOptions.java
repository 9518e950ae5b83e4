package io.groupbridge.selfservice;

import io.groupbridge.selfservice.rules.AdminRole;
import io.groupbridge.selfservice.rules.GroupExpiry;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.selfservice.rules.NamingPolicy;
import io.groupbridge.selfservice.rules.TenantSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the action service takes from the conf.
 *
 * @param roleGroups       normalized DN of the group whose (nested) members hold each role; a role absent from the
 *                         map is held by nobody
 * @param expireAfter      R4: how long a request stays pending
 * @param groupTemplate    what a group created through groupbridge becomes in the directory
 * @param maxNameLength    longest group name accepted, in characters
 * @param naming           N1-N5: the naming policy of the groups people create
 * @param terms            T1-T3: when memberships may and must end
 * @param mail             M1-M3, T7: whether actions queue mail, and the reminders of memberships ending
 * @param expiry           E1-E4: which groups expire, when, and for how long they may be restored
 */
public record SelfServiceOptions(TenantSettings settings, Map<AdminRole, String> roleGroups, Duration expireAfter,
        GroupTemplate groupTemplate, int maxNameLength, NamingPolicy naming, MembershipTerms terms,
        MailNotices mail, GroupExpiry expiry) {

    /** A name longer than this is refused: long enough for any real name, short enough for a readable DN. */
    public static final int DEFAULT_MAX_NAME_LENGTH = 64;

    public SelfServiceOptions {
        Objects.requireNonNull(settings, "settings");
        roleGroups = Map.copyOf(roleGroups);
        Objects.requireNonNull(expireAfter, "expireAfter");
        Objects.requireNonNull(groupTemplate, "groupTemplate");
        if (maxNameLength < 1) {
            throw new IllegalArgumentException("maxNameLength must be positive");
        }
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(terms, "terms");
        Objects.requireNonNull(mail, "mail");
        Objects.requireNonNull(expiry, "expiry");
    }

    /** Options that queue no mail and let no group expire. */
    public SelfServiceOptions(TenantSettings settings, Map<AdminRole, String> roleGroups, Duration expireAfter,
            GroupTemplate groupTemplate, int maxNameLength, NamingPolicy naming, MembershipTerms terms) {
        this(settings, roleGroups, expireAfter, groupTemplate, maxNameLength, naming, terms, MailNotices.none(),
                GroupExpiry.none());
    }

    /** Options without a naming policy or membership terms (issue 16's governance off). */
    public SelfServiceOptions(TenantSettings settings, Map<AdminRole, String> roleGroups, Duration expireAfter,
            GroupTemplate groupTemplate, int maxNameLength) {
        this(settings, roleGroups, expireAfter, groupTemplate, maxNameLength, NamingPolicy.none(),
                MembershipTerms.none(), MailNotices.none(), GroupExpiry.none());
    }
}
