package io.groupbridge.notify;

import io.groupbridge.config.HttpConfig;
import io.groupbridge.config.MailConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the mail queue (spec M1, M3): the daemon's mail job and {@code groupbridge mail send}. Each due mail is
 * claimed, rendered from its template and handed to SMTP; sent, it is marked so; failed, it is retried with {@link
 * Backoff} between attempts, and after {@code maxAttempts}, or at once when a retry cannot help (the server refused
 * the address), marked failed, which {@code status} counts. A mail is marked sent only once the server took it, so an
 * outage delays mail and loses none.
 *
 * <p>The first failure a retry may cure ends the pass: the server is likely not taking mail now, and the mail behind
 * it is not charged an attempt (nor made to wait out a time-out each) for it. Not thread-safe; the daemon's job runs
 * one pass at a time, and a one-shot command beside it is kept apart by the claims.
 */
public final class MailSender {

    private static final Logger LOG = LoggerFactory.getLogger(MailSender.class);
    private static final int BATCH = 100;

    private final MailQueue queue;
    private final MailTransport transport;
    private final MailRenderer renderer;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration lease;
    private final Clock clock;
    private final RandomGenerator random;

    MailSender(MailQueue queue, MailTransport transport, MailRenderer renderer, int maxAttempts, Backoff backoff,
            Duration lease, Clock clock, RandomGenerator random) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * A sender through the conf's SMTP server, with links to the panel at {@code http}'s public URL.
     *
     * @param clock the composition root's
     */
    public static MailSender fromConfig(MailConfig mail, HttpConfig http, MailQueue queue, Clock clock) {
        SmtpMailer smtp = new SmtpMailer(mail);
        String domain = mail.from().replaceAll(".*@", "").replaceAll("[>\\s].*", "");
        // An attempt holds its claim for as long as connecting, sending and the server's answer may take.
        Duration lease = mail.timeout().multipliedBy(3).plus(Duration.ofMinutes(1));
        return new MailSender(queue, smtp, new MailRenderer(mail.templates(), http.panelUrl(), domain),
                mail.maxAttempts(), new Backoff(mail.initialBackoff(), mail.maxBackoff()), lease, clock,
                new SplittableRandom());
    }

    /**
     * What one pass did.
     *
     * @param sent     mails the server took
     * @param retrying mails whose attempt failed and that are tried again later
     * @param failed   mails given up on in this pass
     * @param stopped  why the pass ended before the queue did, or {@code null}
     */
    public record Report(int sent, int retrying, int failed, String stopped) {
    }

    /** Sends every mail due now, oldest first, until the queue has none due or a failure ends the pass. */
    public Report sendDue() {
        int sent = 0;
        int retrying = 0;
        int failed = 0;
        Set<Long> seen = new HashSet<>();
        while (true) {
            Instant now = clock.instant();
            List<QueuedMail> due = queue.due(now, BATCH).stream().filter(m -> !seen.contains(m.id())).toList();
            if (due.isEmpty()) {
                return new Report(sent, retrying, failed, null);
            }
            for (QueuedMail m : due) {
                seen.add(m.id());
                if (!queue.claim(m.id(), m.attempts(), clock.instant().plus(lease))) {
                    continue;
                }
                int attempt = m.attempts() + 1;
                try {
                    transport.send(renderer.render(m));
                    queue.markSent(m.id(), clock.instant());
                    sent++;
                } catch (DeliveryException e) {
                    if (!e.retryable() || attempt >= maxAttempts) {
                        queue.markFailed(m.id(), clock.instant(), e.getMessage());
                        LOG.warn("mail {} ({}) to {} given up after {} attempt(s): {}", m.id(), m.kind().wireName(),
                                m.recipientMail(), attempt, e.getMessage());
                        failed++;
                        continue;
                    }
                    Instant next = clock.instant().plus(backoff.delayAfter(attempt, random));
                    queue.markRetry(m.id(), next, e.getMessage());
                    retrying++;
                    LOG.info("mail {} ({}) to {} not sent (attempt {} of {}), next at {}: {}", m.id(),
                            m.kind().wireName(), m.recipientMail(), attempt, maxAttempts, next, e.getMessage());
                    return new Report(sent, retrying, failed, e.getMessage());
                }
            }
        }
    }

    /** The SMTP server, without secrets, for messages. */
    public String describe() {
        return transport.describe();
    }
}
