package io.groupbridge.selfservice;

import java.util.Locale;

/** A change for the write-back outbox (spec W1); the wire name is what the outbox relay reads. */
public enum WriteOperation {
    ADD_MEMBER,
    REMOVE_MEMBER,
    ADD_OWNER,
    REMOVE_OWNER,
    CREATE_GROUP,
    DELETE_GROUP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return empty for an operation this service does not know, which it then ignores */
    public static java.util.Optional<WriteOperation> fromWireName(String value) {
        for (WriteOperation op : values()) {
            if (op.wireName().equals(value)) {
                return java.util.Optional.of(op);
            }
        }
        return java.util.Optional.empty();
    }
}
