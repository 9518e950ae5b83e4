package io.groupbridge.web;

import java.util.List;

/**
 * What the administrators' page of expiring and expired groups ({@code expiry.jte}) shows (spec E1-E4): plain
 * values, so the template holds no rule. Public only because jte's generated classes live in their own package.
 */
public final class ExpiryView {

    private ExpiryView() {
    }

    /**
     * @param owners how many owners it has; 0 makes it the administrators' to renew (E2)
     */
    public record Expiring(String id, String name, String kind, String expiresAt, int owners) {
    }

    /**
     * @param restoreEnded why it cannot be restored any more (E4), {@code null} within its window
     */
    public record Expired(String id, String name, String dn, String expiredAt, String restoreUntil,
            String restoreEnded) {
    }

    /**
     * @param closedReason why the page shows nothing to this person, or {@code null}
     * @param off          why no group expires under the conf in force, or {@code null} when some do
     * @param soonDays     how many days before its expiry a group is listed here: the first reminder (E2)
     */
    public record Page(String closedReason, String off, int soonDays, List<Expiring> expiring, int total, int page,
            int pages, String previous, String next, List<Expired> expired) {
    }
}
