package io.groupbridge.notify;

import io.groupbridge.selfservice.Notification;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Notifications for tests. */
final class Notifications {

    static final Instant AT = Instant.parse("2026-03-01T09:30:00Z");

    private Notifications() {
    }

    static Notification requested(long requestId, String justification) {
        return new Notification(Notification.Event.REQUESTED, requestId, "cn=Payroll App,ou=groups,dc=example,dc=com",
                "Payroll App", "uid=alice,ou=people,dc=example,dc=com", Optional.of(justification),
                "uid=alice,ou=people,dc=example,dc=com", Optional.empty(),
                List.of("uid=bob,ou=people,dc=example,dc=com", "uid=carol,ou=people,dc=example,dc=com"), AT);
    }

    static Notification requested(long requestId) {
        return requested(requestId, "needs payroll reports");
    }

    static Notification denied(long requestId, String reason) {
        return new Notification(Notification.Event.DENIED, requestId, "cn=Payroll App,ou=groups,dc=example,dc=com",
                "Payroll App", "uid=alice,ou=people,dc=example,dc=com", Optional.empty(),
                "uid=bob,ou=people,dc=example,dc=com", Optional.of(reason),
                List.of("uid=alice,ou=people,dc=example,dc=com"), AT);
    }
}
