package io.groupbridge.selfservice;

import java.util.Objects;

/**
 * Spec B3: a person who is a member of a group through a nested group, not directly. Listings show them beside the
 * direct members; the rules never count them as members (B3: the rules decide on direct membership only).
 *
 * @param dn    the person as the nested group's member value writes them
 * @param via   the nested group that lists the person directly; of several, the nearest to the group, then the first
 *              by name
 * @param depth how deep {@code via} is nested: 1 when it is itself a direct member of the group
 */
public record EffectiveMember(String dn, Via via, int depth) {

    public EffectiveMember {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(via, "via");
    }

    /** The group a membership comes through. */
    public record Via(String id, String name, String dn) {
        public Via {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dn, "dn");
        }
    }
}
