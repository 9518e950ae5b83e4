package io.groupbridge.sync;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The limits that make an unattended reconcile stop instead of wiping the store (issue 5, point 8): a wrong base
 * DN, a filter that matches nothing or a half-answered search looks to a reconcile exactly like mass deletion, and
 * deletion cancels pending requests and drops owners and policies. Pure arithmetic; the {@link Reconciler} decides
 * what to do with a reason.
 *
 * <p>A share of 1 switches the failsafe off, including the empty-directory check, so an administrator who really
 * emptied a base can let the run through with a conf change as well as with {@code --allow-mass-removal}.
 *
 * <p>A store without groups has nothing to lose, so the removal limits never stop its first run; but a run that reads
 * nothing there is as likely a bind that may read nothing (389-DS's default access rules), a wrong base or a filter
 * that matches nothing (issue 17). {@link #emptyRead} refuses it unless the directory is empty on purpose.
 *
 * @param maxRemovalShare largest share (0 to 1) of the stored people, groups, or a large group's members one run
 *     may remove
 * @param largeGroupThreshold stored member count from which a group's member removals are checked; smaller groups
 *     legitimately lose most of their members in one edit
 * <p>The limit on people and groups holds over a window of runs, not only one: a deletion spread over several
 * incremental runs (a script moving groups out of the base one by one while the daemon reads every minute, or an
 * access rule that hides entries as it is rolled out) adds up, and the run that would take the window's removals
 * past the share stops. What runs before it removed stays removed; the share bounds how much that can be. A run the
 * administrator let through with {@code --allow-mass-removal} starts a new window.
 *
 * @param allowEmptyDirectory let a run that reads no people or no groups into a store without groups succeed
 * @param removalWindow how far back the removals of earlier runs count against the share; zero counts this run only
 */
public record Failsafe(double maxRemovalShare, int largeGroupThreshold, boolean allowEmptyDirectory,
        Duration removalWindow) {

    public Failsafe {
        if (!(maxRemovalShare >= 0 && maxRemovalShare <= 1)) {
            throw new IllegalArgumentException("maxRemovalShare must be between 0 and 1");
        }
        if (largeGroupThreshold < 1) {
            throw new IllegalArgumentException("largeGroupThreshold must be at least 1");
        }
        if (removalWindow.isNegative()) {
            throw new IllegalArgumentException("removalWindow must not be negative");
        }
    }

    /** Whether the removals of earlier runs count: the failsafe is on and its window is not zero. */
    public boolean countsEarlierRuns() {
        return maxRemovalShare < 1 && !removalWindow.isZero();
    }

    /**
     * The check of a full run's reads on a store that holds no active groups; a store with groups is protected by
     * {@link #entries} instead.
     *
     * @return what the run read, when that is nothing of one kind and the conf does not allow it
     */
    public Optional<String> emptyRead(int storedGroups, int peopleRead, int groupsRead) {
        if (allowEmptyDirectory || storedGroups > 0 || (peopleRead > 0 && groupsRead > 0)) {
            return Optional.empty();
        }
        return Optional.of("read " + peopleRead + " people and " + groupsRead + " groups");
    }

    /**
     * @param earlier entries of this kind that runs in the window removed before this one
     * @return why removing {@code removed} of {@code stored} entries of this kind is refused, if it is
     */
    public Optional<String> entries(String kind, int stored, int read, int removed, int earlier) {
        if (maxRemovalShare >= 1 || stored == 0) {
            return Optional.empty();
        }
        if (read == 0) {
            return Optional.of("the directory returned no " + kind + " while the store has " + stored
                    + " (wrong base DN or filter, or a search the server cut short?)");
        }
        return removals(kind, stored, removed, earlier);
    }

    /**
     * The check for a run that removes only what the server reported deleted (an incremental run with content
     * sync): it reads only changed entries, so reading few says nothing, but the share it removes is held to the
     * same limit as a full run's.
     *
     * @param earlier entries of this kind that runs in the window removed before this one
     * @return why removing {@code removed} of {@code stored} entries of this kind is refused, if it is
     */
    public Optional<String> removals(String kind, int stored, int removed, int earlier) {
        if (maxRemovalShare >= 1 || stored + earlier == 0 || removed == 0) {
            return Optional.empty();
        }
        if (earlier == 0) {
            return tooMany(removed, stored).map(share -> "would remove " + removed + " of " + stored + " " + kind
                    + " (" + share + ")");
        }
        return tooMany(removed + earlier, stored + earlier).map(share -> "would remove " + removed + " of " + stored
                + " " + kind + ", " + (removed + earlier) + " of " + (stored + earlier) + " with the " + earlier
                + " that runs removed in the last " + text(removalWindow) + " (" + share + ")");
    }

    /** @return why removing {@code removed} of a large group's {@code stored} members is refused, if it is */
    public Optional<String> members(String groupDn, int stored, int removed) {
        if (maxRemovalShare >= 1 || stored < largeGroupThreshold) {
            return Optional.empty();
        }
        return tooMany(removed, stored).map(share -> "would remove " + removed + " of the " + stored + " members of "
                + groupDn + " (" + share + ")");
    }

    private static String text(Duration d) {
        if (d.toSeconds() % 3600 == 0) {
            return d.toHours() + "h";
        }
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }

    private Optional<String> tooMany(int removed, int stored) {
        if (removed <= maxRemovalShare * stored) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%.0f %%, more than the maxRemovalShare of %.0f %%",
                100.0 * removed / stored, 100 * maxRemovalShare));
    }
}
