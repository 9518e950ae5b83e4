package io.groupbridge.sync;

/**
 * One group's change in a run, as the report shows it.
 *
 * @param group the group as stored after the change
 */
public record GroupChange(Type type, GroupSummary group, int ownersAdded, int ownersRemoved, int membersAdded,
        int membersRemoved) {

    public enum Type { ADDED, CHANGED, DELETED }
}
