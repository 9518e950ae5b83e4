package io.groupbridge.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The durable mail queue in the group store (spec M3), as the sender sees it; implemented in {@code store}. The
 * actions fill it in their own transactions through the self-service store port.
 */
public interface MailQueue {

    /** Pending mail whose next attempt is due at {@code now}, oldest first, at most {@code limit}. */
    List<QueuedMail> due(Instant now, int limit);

    /**
     * Takes the row for one attempt: counts it and moves its next attempt to {@code leaseUntil}, so that no other
     * sender (a one-shot {@code mail send} beside the daemon) sends it meanwhile, and a sender that dies mid-attempt
     * leaves it to be retried then.
     *
     * @param attempts the attempts the row had when it was read
     * @return false when another sender took it first
     */
    boolean claim(long id, int attempts, Instant leaseUntil);

    void markSent(long id, Instant at);

    /** The attempt failed; the next one is due at {@code next}. */
    void markRetry(long id, Instant next, String error);

    /** The last attempt failed, or one that a retry cannot change: the row is given up on and counted as failed. */
    void markFailed(long id, Instant at, String error);

    /** Rows per state: {@code pending}, {@code sent}, {@code failed}, {@code skipped} (no address). */
    Map<String, Integer> counts();
}
