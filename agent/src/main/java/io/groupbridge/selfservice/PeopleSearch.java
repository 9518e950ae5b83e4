package io.groupbridge.selfservice;

import java.util.List;
import java.util.Objects;

/**
 * Finds people to name in an action (a member or owner to add, a co-owner at creation, a person to block): the web
 * panel's people picker. The search runs in the store over login, mail and display name, paged there, and takes the
 * text literally: {@code *}, {@code %}, {@code _}, {@code (} and {@code \} match themselves, and no LDAP filter or DN
 * is built from it. Who may then be added is the action's to decide, not the search's: the directory's people are
 * whom every signed-in person may name, as the rules' owners and join requests already show.
 */
public final class PeopleSearch {

    /** The longest text searched; more is cut, since no login, mail or name a person types is longer. */
    public static final int MAX_TEXT = 256;
    /** The most people on one page. */
    public static final int MAX_PAGE_SIZE = 100;

    private final SelfServiceStore store;

    public PeopleSearch(SelfServiceStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * @param text     part of a display name, or the start of a login or mail; blank for everybody
     * @param page     1 for the first page
     * @param pageSize people on a page, 1 to {@link #MAX_PAGE_SIZE}
     * @throws InvalidInputException when the text holds a control character (nothing is searched)
     */
    public Found search(String text, int page, int pageSize) {
        String t = text == null ? "" : text.strip();
        if (t.codePointCount(0, t.length()) > MAX_TEXT) {
            t = t.substring(0, t.offsetByCodePoints(0, MAX_TEXT));
        }
        if (t.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(InputProblem.TEXT_CONTROL_CHARACTER,
                    "a search for people must not contain control characters");
        }
        int size = Math.max(1, Math.min(MAX_PAGE_SIZE, pageSize));
        int number = Math.max(1, page);
        String searched = t;
        SelfServiceStore.PersonPage found = store.inTransaction(tx -> tx.searchPeople(searched, (number - 1) * size,
                size));
        int pages = Math.max(1, (found.total() + size - 1) / size);
        return new Found(searched, found.items(), found.total(), number, pages);
    }

    /** One page of people found, the text searched (as cut), and how many match in all. */
    public record Found(String text, List<Person> people, int total, int page, int pages) {
        public Found {
            people = List.copyOf(people);
        }
    }
}
