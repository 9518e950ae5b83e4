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

    public record Groups(String search, List<GroupRow> groups, int total, int page, int pages, String closedReason,
            String hiddenNote, String previous, String next) {
    }

    /** A member or owner; {@code status} is {@code null} once the directory holds it (R6). */
    public record Person(String name, String dn, String status) {
    }

    public record Request(long id, String groupId, String groupName, String requester, String justification,
            String state, String created, String decidedBy, String reason, boolean pending) {
    }

    /**
     * A group's page.
     *
     * @param members        {@code null} when A2 hides them; {@code membersHidden} says why
     * @param memberStatus   the person's own membership: {@code null} for none, else "in directory" or its write-back
     * @param myRequest      the person's own pending request, or {@code null}
     * @param pendingForMe   the pending requests the person may decide (owners, administrators); {@code null} for none
     */
    public record Group(GroupRow group, String dn, List<Person> owners, List<Person> members, String membersHidden,
            String memberStatus, String ownerStatus, Request myRequest, List<Request> pendingForMe,
            String hiddenReason) {
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

    public record MyGroup(String id, String name, String kind, String status) {
    }

    public record Mine(List<MyGroup> memberOf, List<MyGroup> ownerOf) {
    }

    /** An option of a choice: a value, its label, and whether it is offered. */
    public record Option(String value, String label) {
    }

    public record Create(List<Option> kinds, List<Option> policies, String closedReason) {
    }
}
