package io.groupbridge.sync;

import io.groupbridge.model.NewGroup;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One directory operation the relay sends for one group: a modify carrying all its value changes, an add,
 * a description change, a rename or a delete. */
public sealed interface WriteStep {

    String dn();

    /**
     * All value changes of one group in one modify (spec W4), at most one per value: the last one asked for.
     *
     * @param memberAttribute the attribute that holds this group's members, e.g. member or uniqueMember
     */
    record Modify(String dn, String memberAttribute, List<ValueChange> changes) implements WriteStep {
        public Modify {
            Objects.requireNonNull(dn, "dn");
            Objects.requireNonNull(memberAttribute, "memberAttribute");
            changes = List.copyOf(changes);
        }
    }

    /**
     * @param mayAdopt true when an earlier try may have created the entry before the process died; an existing entry
     *                 that looks like groupbridge's own self-service group is then taken as that try's result
     */
    record Create(NewGroup group, boolean mayAdopt) implements WriteStep {
        public Create {
            Objects.requireNonNull(group, "group");
        }

        @Override
        public String dn() {
            return group.dn();
        }
    }

    /** Replaces the group's description; an empty one removes the attribute. */
    record SetDescription(String dn, Optional<String> description) implements WriteStep {
        public SetDescription {
            Objects.requireNonNull(dn, "dn");
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * Gives the group {@code newName}: the entry keeps its parent and, when its RDN is the name, gets a new RDN of
     * that name (the old RDN value is removed).
     *
     * @param groupId the store's id of the group, the directory's entry id, by which a repeated try recognises that
     *                an earlier one renamed the entry already
     */
    record Rename(String dn, String groupId, String newName) implements WriteStep {
        public Rename {
            Objects.requireNonNull(dn, "dn");
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(newName, "newName");
        }
    }

    record Delete(String dn) implements WriteStep {
        public Delete {
            Objects.requireNonNull(dn, "dn");
        }
    }
}
