package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web panel's people picker on the in-memory store: how the text is cut and checked, and how pages are counted
 * and bounded. What the store then matches is the store adapter's (its own tests); this checks what
 * {@link PeopleSearch} asks of it and makes of its answer.
 */
class PeopleSearchTest {

    private final FakeDirectoryNames names = new FakeDirectoryNames();
    private final InMemorySelfServiceStore store = new InMemorySelfServiceStore(names);
    private final PeopleSearch search = new PeopleSearch(store);

    @BeforeEach
    void seed() {
        // 25 people u00..u24, so that pages of 10 are 3 and the last one is short.
        IntStream.range(0, 25).forEach(i -> store.addPerson(String.format("uid=u%02d,ou=people,dc=example,dc=com", i),
                String.format("u%02d", i)));
    }

    @Test
    void pagesAreCountedUpAndThePageAskedForStartsAfterThoseBeforeIt() {
        PeopleSearch.Found second = search.search("u", 2, 10);
        PeopleSearch.Found last = search.search("u", 3, 10);

        assertThat(second.total()).isEqualTo(25);
        assertThat(second.pages()).as("25 people on pages of 10").isEqualTo(3);
        assertThat(second.page()).isEqualTo(2);
        assertThat(second.people()).extracting(Person::login).first().isEqualTo("u10");
        assertThat(second.people()).hasSize(10);
        assertThat(last.people()).extracting(Person::login).containsExactly("u20", "u21", "u22", "u23", "u24");
        assertThat(search.search("u", 1, 25).pages()).as("a full last page makes no extra one").isEqualTo(1);
        assertThat(search.search("u", 1, 24).pages()).isEqualTo(2);
    }

    @Test
    void nobodyFoundIsStillOnePageAndAPageBeforeTheFirstIsTheFirst() {
        PeopleSearch.Found none = search.search("nobody", 1, 10);
        PeopleSearch.Found zeroth = search.search("", 0, 10);

        assertThat(none.people()).isEmpty();
        assertThat(none.total()).isZero();
        assertThat(none.pages()).isEqualTo(1);
        assertThat(zeroth.page()).isEqualTo(1);
        assertThat(zeroth.people()).extracting(Person::login).first().isEqualTo("u00");
        assertThat(search.search("", -3, 10).page()).isEqualTo(1);
    }

    @Test
    void thePageSizeIsKeptBetweenOneAndTheMost() {
        IntStream.range(25, 130).forEach(i -> store.addPerson("uid=v" + i + ",ou=people,dc=example,dc=com",
                "v" + i));

        assertThat(search.search("", 1, 0).people()).hasSize(1);
        assertThat(search.search("", 1, 0).pages()).isEqualTo(130);
        assertThat(search.search("", 1, -5).people()).hasSize(1);
        assertThat(search.search("", 1, PeopleSearch.MAX_PAGE_SIZE + 1).people()).hasSize(PeopleSearch.MAX_PAGE_SIZE);
        assertThat(search.search("", 1, PeopleSearch.MAX_PAGE_SIZE).people()).hasSize(PeopleSearch.MAX_PAGE_SIZE);
        assertThat(search.search("", 2, PeopleSearch.MAX_PAGE_SIZE).people()).hasSize(30);
    }

    @Test
    void theTextIsStrippedAndNullIsEverybody() {
        assertThat(search.search("  u1 ", 1, 100).text()).isEqualTo("u1");
        assertThat(search.search("  u1 ", 1, 100).total()).as("u10 to u19").isEqualTo(10);
        assertThat(search.search(null, 1, 100).text()).isEmpty();
        assertThat(search.search(null, 1, 100).total()).isEqualTo(25);
    }

    @Test
    void aTextLongerThanTheMostIsCutByCodePointsNeverInsideOne() {
        String longest = "a".repeat(PeopleSearch.MAX_TEXT);
        // U+1F600 takes two chars: a cut by chars would keep half of one at the end.
        String faces = "\uD83D\uDE00".repeat(PeopleSearch.MAX_TEXT + 1);

        assertThat(search.search(longest, 1, 10).text()).isEqualTo(longest);
        assertThat(search.search(longest + "b", 1, 10).text()).isEqualTo(longest);
        String cut = search.search(faces, 1, 10).text();
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(PeopleSearch.MAX_TEXT);
        assertThat(cut).isEqualTo("\uD83D\uDE00".repeat(PeopleSearch.MAX_TEXT));
    }

    @Test
    void aControlCharacterIsRefusedAsBadInput() {
        for (String bad : new String[] {"u1\u0000", "u\u001b[2J", "u1\nu2", "\u007f"}) {
            assertThatThrownBy(() -> search.search(bad, 1, 10)).as(bad)
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.problem()).isEqualTo(InputProblem.TEXT_CONTROL_CHARACTER));
        }
        assertThat(search.search("u\u00e9", 1, 10).total()).as("non-ASCII is no control character").isZero();
    }
}
