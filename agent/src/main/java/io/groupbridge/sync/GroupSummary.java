package io.groupbridge.sync;

import io.groupbridge.model.Eligibility;

/** A group as the store holds it, in the terms a report or a listing shows. */
public record GroupSummary(
        String id,
        String dn,
        String name,
        String kind,
        boolean mailEnabled,
        boolean dynamic,
        boolean roleAssignable,
        String channel,
        String policy,
        boolean eligible,
        String ineligibleRule,
        String ineligibleReason,
        String state,
        int owners,
        int members) {

    /** The summary of a group just read from the directory and stored as active with {@code policy}. */
    public static GroupSummary of(DirectoryGroup g, String policy) {
        Eligibility e = g.eligibility();
        return new GroupSummary(g.id(), g.dn().written(), g.name(), g.kind().wireName(), g.mailEnabled(), g.dynamic(),
                g.roleAssignable(), g.channel().wireName(), policy, e.eligible(), e.rule().orElse(null),
                e.reason().orElse(null), "active", g.owners().size(), g.members().size());
    }

    /** "yes", or the rule and reason that make it ineligible. */
    public String eligibilityText() {
        return eligible ? "yes" : "no (" + ineligibleRule + ": " + ineligibleReason + ")";
    }

    /** The kind as an administrator names it: mail-enabled security is shown as such (spec G3). */
    public String kindText() {
        return kindText(kind, mailEnabled, dynamic, roleAssignable);
    }

    /** The kind in words, with what sets the group apart, as {@link #kindText()} gives it for a summary. */
    public static String kindText(String kind, boolean mailEnabled, boolean dynamic, boolean roleAssignable) {
        String base = "security".equals(kind) && mailEnabled ? "mail-enabled security" : kind;
        if (dynamic) {
            base += ", dynamic";
        }
        if (roleAssignable) {
            base += ", role-assignable";
        }
        return base;
    }
}
