package io.groupbridge.selfservice;

import java.time.Clock;
import java.util.Objects;

/**
 * The self-service use cases for one conf, as every surface (command line, REST API, web panel) gets them from the
 * composition root: all four decide with the same settings and share one store, so an audit entry's settings version
 * is the one its decision used (spec S8).
 */
public record SelfService(GroupService groups, MembershipService memberships, RequestService requests,
        SelfServiceViews views, GroupExpirationService expiration) {

    public SelfService {
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(memberships, "memberships");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(views, "views");
        Objects.requireNonNull(expiration, "expiration");
    }

    /**
     * The use cases over these ports.
     *
     * @param outboxWritten run after every action whose committed transaction added write-back rows, so that the
     *     caller can send them at once rather than at the next scheduled write-back; must not throw
     */
    public static SelfService over(SelfServiceStore store, DirectoryNames names, SelfServiceOptions options,
            NotificationSink notifications, Runnable outboxWritten, Clock clock) {
        return over(store, names, options, notifications, outboxWritten, clock, PersonAttributes.none());
    }

    /**
     * The use cases over these ports, with the directory to read a creator's attributes from for the naming policy
     * (spec N1); without one, a policy that names an attribute refuses every user's creation (N2).
     */
    public static SelfService over(SelfServiceStore store, DirectoryNames names, SelfServiceOptions options,
            NotificationSink notifications, Runnable outboxWritten, Clock clock, PersonAttributes attributes) {
        ActionSupport core = new ActionSupport(store, names, options, notifications, outboxWritten, clock,
                attributes);
        return new SelfService(new GroupService(core), new MembershipService(core), new RequestService(core),
                new SelfServiceViews(core), new GroupExpirationService(core));
    }

    /** The use cases over these ports, for a caller that sends write-backs on its own schedule. */
    public static SelfService over(SelfServiceStore store, DirectoryNames names, SelfServiceOptions options,
            NotificationSink notifications, Clock clock) {
        return over(store, names, options, notifications, () -> { }, clock);
    }
}
