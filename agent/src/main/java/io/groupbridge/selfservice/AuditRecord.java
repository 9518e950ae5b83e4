package io.groupbridge.selfservice;

import java.time.Instant;
import java.util.Objects;

/**
 * One audit log entry (spec A13, S8, R7).
 *
 * @param groupId  may be {@code null} for actions on no group
 * @param targetDn the person acted on, may be {@code null}
 * @param outcome  {@code allowed}, {@code refused}, or {@code done} for system sweeps such as expiry
 * @param rule     the spec rule that decided
 * @param detail   the reason shown to the user, plus anything that helps later readers
 */
public record AuditRecord(Long id, Instant at, String actorDn, String action, String groupId, String groupDn,
        String targetDn, String outcome, String rule, String detail, String settingsVersion) {
    public AuditRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actorDn, "actorDn");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
    }
}
