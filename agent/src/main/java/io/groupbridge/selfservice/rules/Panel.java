package io.groupbridge.selfservice.rules;

import io.groupbridge.model.GroupKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the My Groups web panel may show a person (spec S2). Only the panel is restricted: the REST API and the CLI
 * follow {@link Rules} alone. Administrators and service principals are never restricted (S9, S10).
 *
 * <p>The panel asks {@link #groupFeatures} before it offers any group feature and {@link #showGroup} before it shows
 * a group; it offers no action on a group it does not show, which is how {@code security-groups} also keeps owners
 * from editing their security groups in the panel (Entra: "see and edit security groups").
 */
public final class Panel {

    private Panel() {
    }

    /** Whether the panel's group features are open to {@code actor}, with the reason the panel shows when they are not. */
    public static Decision groupFeatures(TenantSettings settings, Actor actor) {
        if (!actor.isPrivileged() && settings.restrictMyGroups() == RestrictMyGroups.ALL) {
            return Decision.refuse("S2", "your organisation has closed the group features of My Groups to people "
                    + "without an admin role; ask an administrator", settings.version());
        }
        return Decision.allow("S2", "the group features of My Groups are open to you", settings.version());
    }

    public static boolean visibleInPanel(TenantSettings settings, Actor actor, GroupFacts group) {
        return showGroup(settings, actor, group).allowed();
    }

    /** Whether the panel shows {@code group} to {@code actor}, with the reason the panel shows when it does not. */
    public static Decision showGroup(TenantSettings settings, Actor actor, GroupFacts group) {
        Decision features = groupFeatures(settings, actor);
        if (!features.allowed()) {
            return features;
        }
        if (hiddenKinds(settings, actor).contains(group.kind())) {
            return Decision.refuse("S2", "your organisation hides security groups in My Groups from people without "
                    + "an admin role", settings.version());
        }
        return Decision.allow("S2", "My Groups shows this group to you", settings.version());
    }

    /**
     * The kinds of group the panel hides from {@code actor} (S2 {@code security-groups}), so that a listing can leave
     * them out where it pages; {@link #showGroup} says the same of one group.
     */
    public static Set<GroupKind> hiddenKinds(TenantSettings settings, Actor actor) {
        return !actor.isPrivileged() && settings.restrictMyGroups() == RestrictMyGroups.SECURITY_GROUPS
                ? EnumSet.of(GroupKind.SECURITY) : EnumSet.noneOf(GroupKind.class);
    }
}
