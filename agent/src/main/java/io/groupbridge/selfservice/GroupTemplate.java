package io.groupbridge.selfservice;

import io.groupbridge.model.GroupKind;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a group created through groupbridge becomes in the directory, as the mapping says: so that creation is refused
 * up front, naming why, when the directory would refuse the entry or read it back as something else.
 *
 * @param objectClasses   every class the entry gets, the structural group class among them
 * @param memberAttribute the attribute its members are written to
 * @param kinds           the kinds the mapping can record; a kind it cannot would read back as another one
 */
public record GroupTemplate(List<String> objectClasses, String memberAttribute, Set<GroupKind> kinds) {

    /* MUST member (groupOfNames) and MUST uniqueMember (groupOfUniqueNames) in the standard schema (RFC 4519). */
    private static final Set<String> CLASSES_NEEDING_A_MEMBER = Set.of("groupofnames", "groupofuniquenames");

    public GroupTemplate {
        objectClasses = List.copyOf(objectClasses);
        if (objectClasses.isEmpty()) {
            throw new IllegalArgumentException("a group template needs its object classes");
        }
        Objects.requireNonNull(memberAttribute, "memberAttribute");
        kinds = Set.copyOf(kinds);
    }

    /** @return the class that makes the entry unable to exist without a member, or null when none does */
    String classNeedingAMember() {
        return objectClasses.stream().filter(c -> CLASSES_NEEDING_A_MEMBER.contains(c.toLowerCase(Locale.ROOT)))
                .findFirst().orElse(null);
    }
}
