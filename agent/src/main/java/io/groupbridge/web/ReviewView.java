package io.groupbridge.web;

import java.util.List;

/**
 * What the panel's review pages ({@code reviews.jte}, {@code review.jte}) show (spec V2, V6): plain values, so the
 * templates hold no rule. Public only because jte's generated classes live in their own package.
 */
public final class ReviewView {

    private ReviewView() {
    }

    /** One review in the list. */
    public record Row(long id, String title, String scope, String state, String deadline, int members,
            int undecided) {
    }

    public record Reviews(List<Row> reviews) {
    }

    /**
     * One review as the reviewer sees it.
     *
     * @param byDefault what becomes of the undecided members at the deadline, in words
     * @param held      why the failsafe held the default back, or {@code null}
     * @param open      whether decisions are still taken
     * @param pages     which members this page shows
     */
    public record Review(long id, String title, String scope, String state, String deadline, String byDefault,
            String decidedBy, String held, boolean open, List<Group> groups, Pages pages) {
    }

    /**
     * Which members of the review the page shows: {@code first} to {@code last} of {@code total}, from 1.
     *
     * @param previous the previous page's link, {@code null} on the first
     * @param next     the next page's link, {@code null} on the last
     */
    public record Pages(int first, int last, int total, int page, int pages, String previous, String next) {
    }

    /** The members of one group under review. */
    public record Group(String id, String name, List<Member> members) {
    }

    /**
     * @param key     unique on the page, for element ids
     * @param outcome what was decided or became of the member, in words; {@code null} while undecided
     */
    public record Member(String key, String name, String dn, String outcome) {
    }
}
