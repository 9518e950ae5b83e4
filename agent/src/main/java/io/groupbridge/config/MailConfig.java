package io.groupbridge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code notifications.mail} section: mail through SMTP (spec M1-M3), on when {@code host} is set.
 *
 * @param security       how the connection is protected
 * @param username       empty for a server that takes mail without authentication
 * @param password       present exactly when {@code username} is; never logged ({@link Secret#toString()} masks it)
 * @param from           the sender address, as RFC 5322 allows it ({@code groupbridge <gb@corp.example>})
 * @param templatesFolder where the templates were read from
 * @param templates      each template by name ({@link #TEMPLATES}), read and checked when the conf was loaded
 * @param maxAttempts    attempts per mail before it is marked failed
 * @param sendEvery      how often the daemon sends the queue
 * @param timeout        connect, read and write time-out of one SMTP exchange
 */
public record MailConfig(String host, int port, Security security, Optional<String> username,
        Optional<Secret> password, String from, Path templatesFolder, Map<String, Template> templates,
        int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration sendEvery, Duration timeout) {

    /** The templates, one file {@code NAME.txt} each; a mail's kind names its template. */
    public static final List<String> TEMPLATES = List.of("request-new", "request-extend", "request-approved", "request-denied",
            "membership-ending", "membership-ending-owner", "group-expiring", "group-expiring-ownerless",
            "review-reminder");

    /** What a template may say in {@code {{...}}}; anything else is refused when the conf is loaded. */
    public static final List<String> PLACEHOLDERS = List.of("recipient", "group", "person", "decidedBy",
            "justification", "reason", "requestId", "endsOn", "endsAt", "review", "reviewId", "undecided", "link");

    public MailConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(templatesFolder, "templatesFolder");
        templates = Map.copyOf(templates);
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(sendEvery, "sendEvery");
        Objects.requireNonNull(timeout, "timeout");
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("username and password must be given together");
        }
        if (!templates.keySet().containsAll(TEMPLATES)) {
            throw new IllegalArgumentException("templates missing: " + TEMPLATES);
        }
    }

    /** How the SMTP connection is protected. */
    public enum Security {
        /** STARTTLS, and no mail is sent if the server does not offer it. */
        STARTTLS,
        /** STARTTLS when the server offers it, plain otherwise. */
        OPPORTUNISTIC,
        /** Plain SMTP, for a relay on this host. */
        NONE,
        /** TLS from the first byte (SMTPS, usually port 465). */
        SMTPS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static List<String> wireNames() {
            return Arrays.stream(values()).map(Security::wireName).toList();
        }

        public int defaultPort() {
            return switch (this) {
                case SMTPS -> 465;
                case NONE -> 25;
                default -> 587;
            };
        }
    }

    /**
     * @param file    where it was read from, for messages
     * @param subject the first line's text after {@code Subject:}
     * @param body    everything after the blank line that follows it
     */
    public record Template(Path file, String subject, String body) {
        public Template {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(body, "body");
        }
    }
}
