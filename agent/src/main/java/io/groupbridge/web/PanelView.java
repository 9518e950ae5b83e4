package io.groupbridge.web;

import java.util.List;

/**
 * What the panel's templates ({@code src/main/jte}) show: plain values the pages compute from the self-service
 * actions, so that a template holds no rule. Public only because jte's generated classes live in their own package.
 */
public final class PanelView {

    private PanelView() {
    }

    /**
     * What every page's layout needs.
     *
     * @param user   who is signed in, {@code null} on the sign-in form
     * @param nav    the menu entry to mark as the current page
     * @param notice the outcome of the last action (POST-redirect-GET), or {@code null}
     */
    public record Chrome(String title, String user, boolean admin, String csrf, String nav, Notice notice) {
        public boolean current(String entry) {
            return entry.equals(nav);
        }
    }

    /** @param refused true for a refusal or bad input: shown as an error, with the rule's sentence */
    public record Notice(boolean refused, String message) {
    }

    /** A group in a listing. */
    public record GroupRow(String id, String name, String description, String kind, String policy, boolean eligible,
            String ineligibleReason) {
    }

    /**
     * @param matchNote  what the search matched (names that start with the text, or names and DNs that contain it)
     * @param widerMatch the same search for names and DNs that contain the text, when the page shows name starts
     */
    public record Groups(String search, List<GroupRow> groups, int total, int page, int pages, String closedReason,
            String hiddenNote, String previous, String next, String matchNote, String widerMatch) {
    }

    /**
     * A member or owner; {@code status} is {@code null} once the directory holds it (R6).
     *
     * @param removable  the person looking may remove this member or owner (A5, A10)
     * @param promotable the person looking may make this member an owner (A9, S6)
     * @param until      the last day of a membership that ends (T5), {@code null} when it does not
     */
    public record Person(String name, String dn, String status, boolean removable, boolean promotable,
            String until) {
    }

    /** A person the people picker found: what a form posts ({@code dn}) and what a person recognises. */
    public record Found(String dn, String login, String name) {
        public String label() {
            return name == null || name.isBlank() ? login : name + " (" + login + ")";
        }
    }

    /**
     * The people picker of a group's page: a page of people found and what the person looking may do with each.
     *
     * @param find the text searched, {@code null} before any search
     */
    public record Picker(String groupId, String find, List<Found> people, int total, int page, int pages,
            String previous, String next, boolean addMember, boolean makeOwner, boolean block, String csrf) {
    }

    /**
     * What an owner or administrator manages on a group's page; each part is there only when its action would be
     * allowed, else the rule's sentence says why.
     */
    public record Manage(String addMemberRefused, boolean addMember, boolean makeAnyoneOwner, List<Option> policies,
            String currentPolicy, String policyRefused, boolean block, Picker picker) {
        public boolean editsPolicy() {
            return !policies.isEmpty();
        }
    }

    /** @param extendTo the last day a member asks their membership to last (T6), {@code null} for a join */
    public record Request(long id, String groupId, String groupName, String requester, String justification,
            String state, String created, String decidedBy, String reason, boolean pending, String extendTo) {
    }

    /**
     * One page of a large group's members: {@code first} to {@code last} (from 1) of {@code total}, with links to the
     * pages before and after, {@code null} at either end.
     */
    public record MemberPages(int first, int last, int total, String previous, String next) {
    }

    /**
     * A group's page.
     *
     * @param members        {@code null} when A2 hides them; {@code membersHidden} says why
     * @param memberStatus   the person's own membership: {@code null} for none, else "in directory" or its write-back
     * @param myRequest      the person's own pending request, or {@code null}
     * @param pendingForMe   the pending requests the person may decide (owners, administrators); {@code null} for none
     * @param memberPages    where {@code members} stands among all of them; {@code null} when they fit one page
     * @param pendingRename  the sentence for a rename the directory does not hold yet (R6), or {@code null}
     * @param memberUntil    the last day of the person's own membership (T5), {@code null} when it does not end
     */
    public record Group(GroupRow group, String dn, List<Person> owners, List<Person> members, String membersHidden,
            String memberStatus, String ownerStatus, Request myRequest, List<Request> pendingForMe,
            String hiddenReason, Manage manage, MemberPages memberPages, String pendingRename, String memberUntil) {
        public boolean joinable() {
            return group.eligible() && memberStatus == null && myRequest == null;
        }

        public boolean asksForApproval() {
            return "owner-approval".equals(group.policy());
        }

        public boolean ownersOnly() {
            return "owners-only".equals(group.policy());
        }
    }

    public record Requests(List<Request> mine, List<Request> waiting) {
    }

    /** @param until the last day of the membership (T5), {@code null} when it does not end or for an ownership */
    public record MyGroup(String id, String name, String kind, String status, String until) {
    }

    public record Mine(List<MyGroup> memberOf, List<MyGroup> ownerOf) {
    }

    /** An option of a choice: a value, its label, and whether it is offered. */
    public record Option(String value, String label) {
    }

    /** A person offered as a co-owner at creation; {@code chosen} ones are ticked. */
    public record Choice(String dn, String label, boolean chosen) {
    }

    /**
     * The create form, as first shown or as filled in so far (a search for co-owners keeps what was typed).
     *
     * @param owners the co-owners chosen and the people the last search found
     * @param find   the last search for co-owners, {@code ""} for none
     */
    public record Create(List<Option> kinds, List<Option> policies, String closedReason, String kind, String name,
            String description, String policy, List<Choice> owners, String find, String findNote) {
    }

    /** A group in the administrators' view; {@code blockRefused} says why it has no block form, else {@code null}. */
    public record AdminRow(GroupRow group, String blockRefused) {
    }

    /** The administrators' view: every group, paged, each with a block form where blocking is allowed. */
    public record Admin(String search, List<AdminRow> groups, int total, int page, int pages, String closedReason,
            String previous, String next) {
    }

    /**
     * E1, E2: when a group expires, on its page.
     *
     * @param expiresAt an ISO-8601 instant, for the time element
     * @param day       the day it expires, UTC
     * @param noOwner   it has no owner, so the administrators renew it
     * @param canRenew  the signed-in person may renew it
     */
    public record Expiry(String expiresAt, String day, boolean noOwner, boolean canRenew) {
    }

    /**
     * B3: a page of the people in a group through a nested group, for those who may see its members.
     *
     * @param pages where the page stands among all of them; {@code null} when they fit one page
     */
    public record Nested(List<NestedMember> members, MemberPages pages) {
    }

    /** B3: a person in a group through {@code viaName}, a nested group whose page is {@code viaHref}. */
    public record NestedMember(String name, String dn, String viaName, String viaHref) {
    }
}
