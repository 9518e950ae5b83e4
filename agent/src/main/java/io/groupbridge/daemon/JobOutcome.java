package io.groupbridge.daemon;

/**
 * What one cycle of a job did, before it is recorded.
 *
 * @param outcome {@code succeeded}, {@code failed}, {@code stopped} or {@code skipped}
 * @param detail why, when it did not simply succeed; may be {@code null}
 */
record JobOutcome(String outcome, int entriesRead, int changes, String detail) {

    static JobOutcome succeeded(int entriesRead, int changes, String detail) {
        return new JobOutcome("succeeded", entriesRead, changes, detail);
    }
}
