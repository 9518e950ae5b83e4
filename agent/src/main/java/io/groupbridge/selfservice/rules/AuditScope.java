package io.groupbridge.selfservice.rules;

import java.util.Objects;

/** The part of the audit log an actor asks to read (spec A13). */
public sealed interface AuditScope {

    /** Completes "you cannot view ...". */
    String description();

    /** Entries of the actor's own actions; everyone may read them. */
    record OwnActions() implements AuditScope {
        @Override
        public String description() {
            return "your own audit entries";
        }
    }

    /** Entries about one group; its owners may read them. */
    record OfGroup(GroupFacts group) implements AuditScope {
        public OfGroup {
            Objects.requireNonNull(group, "group");
        }

        @Override
        public String description() {
            return "the audit entries of this group";
        }
    }

    /** The whole log. */
    record Everything() implements AuditScope {
        @Override
        public String description() {
            return "the whole audit log";
        }
    }
}
