package io.groupbridge.sync;

import java.util.List;

/**
 * What one relay run did.
 *
 * @param done          rows the directory confirmed
 * @param retrying      rows that failed this time and will be tried again
 * @param parked        rows given up on, now {@code failed} (spec W3)
 * @param modifiesSent  LDAP modify operations sent (spec W4: one per group unless the server refused a batch)
 * @param errors        the first errors, one line each
 */
public record WriteBackReport(int done, int retrying, int parked, int modifiesSent, int groupsCreated,
        int groupsDeleted, List<String> errors) {

    public WriteBackReport {
        errors = List.copyOf(errors);
    }

    public static WriteBackReport empty() {
        return new WriteBackReport(0, 0, 0, 0, 0, 0, List.of());
    }

    public boolean nothingToDo() {
        return done == 0 && retrying == 0 && parked == 0;
    }
}
