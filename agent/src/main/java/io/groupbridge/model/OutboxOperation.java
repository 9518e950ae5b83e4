package io.groupbridge.model;

import java.util.Locale;
import java.util.Optional;

/** What an outbox row asks the directory to do, by its name in the {@code outbox.operation} column. */
public enum OutboxOperation {
    ADD_MEMBER("add-member"),
    REMOVE_MEMBER("remove-member"),
    ADD_OWNER("add-owner"),
    REMOVE_OWNER("remove-owner"),
    CREATE_GROUP("create-group"),
    DELETE_GROUP("delete-group"),
    /** Replaces the group's description with the row's payload; no payload removes it. */
    SET_DESCRIPTION("set-description"),
    /**
     * Gives the group the row's payload as its name: a modify DN to a new RDN under the same parent when the name
     * is the entry's RDN, else a replace of the name attribute.
     */
    RENAME_GROUP("rename-group");

    private final String wireName;

    OutboxOperation(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @return empty for a name groupbridge does not know, which the relay parks rather than guesses at */
    public static Optional<OutboxOperation> fromWireName(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (OutboxOperation op : values()) {
            if (op.wireName.equals(v)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /** True for the operations that change one value of a group entry and can share a modify with others. */
    public boolean isValueChange() {
        return this == ADD_MEMBER || this == REMOVE_MEMBER || this == ADD_OWNER || this == REMOVE_OWNER;
    }

    public boolean adds() {
        return this == ADD_MEMBER || this == ADD_OWNER;
    }

    public boolean onOwners() {
        return this == ADD_OWNER || this == REMOVE_OWNER;
    }
}
