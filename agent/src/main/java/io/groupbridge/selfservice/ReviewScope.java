package io.groupbridge.selfservice;

import io.groupbridge.model.GroupKind;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a review covers (spec V1): one group, or every active group whose name matches {@code namePattern} and
 * whose kind is {@code kind}, when given.
 *
 * @param group       a group's name, DN or id; when present the filter is not used
 * @param namePattern a name with {@code *} for any run of characters and {@code ?} for one, case ignored
 */
public record ReviewScope(Optional<String> group, Optional<String> namePattern, Optional<GroupKind> kind) {

    public ReviewScope {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(namePattern, "namePattern");
        Objects.requireNonNull(kind, "kind");
        group = group.map(String::strip).filter(s -> !s.isEmpty());
        namePattern = namePattern.map(String::strip).filter(s -> !s.isEmpty());
        if (group.isPresent() && (namePattern.isPresent() || kind.isPresent())) {
            throw new InvalidInputException(InputProblem.INVALID_REVIEW,
                    "a review is of one group or of the groups a filter matches, not both");
        }
        if (group.isEmpty() && namePattern.isEmpty() && kind.isEmpty()) {
            throw new InvalidInputException(InputProblem.INVALID_REVIEW,
                    "a review needs a group, or a name pattern or kind to match groups by");
        }
    }

    public static ReviewScope ofGroup(String group) {
        return new ReviewScope(Optional.of(group), Optional.empty(), Optional.empty());
    }

    public static ReviewScope matching(Optional<String> namePattern, Optional<GroupKind> kind) {
        return new ReviewScope(Optional.empty(), namePattern, kind);
    }

    /** Whether a group of this name and kind is in a filter's scope. */
    public boolean matches(String name, GroupKind groupKind) {
        return kind.map(k -> k == groupKind).orElse(true)
                && namePattern.map(p -> glob(p).matcher(name).matches()).orElse(true);
    }

    // Only * and ? mean anything: every other character of the pattern is literal.
    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("(?=[*?])|(?<=[*?])")) {
            regex.append(switch (part) {
                case "*" -> ".*";
                case "?" -> ".";
                default -> Pattern.quote(part);
            });
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    /** A filter's scope in words, as listings and exports show it. */
    public String describe() {
        return "groups" + namePattern.map(p -> " named " + p).orElse("")
                + kind.map(k -> " of kind " + k.wireName()).orElse("");
    }
}
