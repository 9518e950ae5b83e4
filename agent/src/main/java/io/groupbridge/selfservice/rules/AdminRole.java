package io.groupbridge.selfservice.rules;

/** An administrator role, held through membership of a configured role group (spec A). Every role may do all of the A table's admin column. */
public enum AdminRole {
    GROUPS_ADMINISTRATOR,
    USER_ADMINISTRATOR,
    GLOBAL_ADMINISTRATOR
}
