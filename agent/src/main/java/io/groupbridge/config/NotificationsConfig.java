package io.groupbridge.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where notifications of join requests and decisions go besides the log (spec R7).
 *
 * @param command the program and its arguments, run without a shell with the notification as JSON on stdin; empty
 *     for none (the default)
 * @param webhook where the notification is POSTed as JSON; empty for none (the default)
 * @param timeout how long one command run or HTTP exchange may take, default 10s
 * @param maxAttempts deliveries tried per notification and target before giving up, default 5
 * @param mail mail through SMTP (spec M1-M3), beside the command and webhook; empty for none (the default)
 */
public record NotificationsConfig(List<String> command, Optional<Webhook> webhook, Duration timeout,
        int maxAttempts, Optional<MailConfig> mail) {

    public NotificationsConfig {
        command = List.copyOf(command);
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(mail, "mail");
    }

    /** Without mail. */
    public NotificationsConfig(List<String> command, Optional<Webhook> webhook, Duration timeout, int maxAttempts) {
        this(command, webhook, timeout, maxAttempts, Optional.empty());
    }

    /** Log only. */
    public static NotificationsConfig defaults() {
        return new NotificationsConfig(List.of(), Optional.empty(), Duration.ofSeconds(10), 5);
    }

    /**
     * @param url an absolute http or https URL without user info
     * @param header the request header that carries {@code token}; present exactly when the token is
     * @param token the shared secret the receiver checks
     */
    public record Webhook(URI url, Optional<String> header, Optional<Secret> token) {

        public Webhook {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(token, "token");
            if (header.isPresent() != token.isPresent()) {
                throw new IllegalArgumentException("header and token must be given together");
            }
        }
    }
}
