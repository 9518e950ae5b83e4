package io.groupbridge.notify;

import io.groupbridge.config.MailConfig;
import io.groupbridge.model.MailKind;
import io.groupbridge.selfservice.rules.MembershipTerms;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a kind's template (spec M2) with a queued mail's values and the link to the panel page where the recipient
 * acts (M1): the requests page for an owner's new request, the review's page for a reviewer's reminder (V5), the
 * group's page otherwise. Values go into the body as they are (the mail is plain text); in the subject, line breaks
 * and other control characters become spaces, so no value can start a header of its own.
 */
final class MailRenderer {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]*)}}");
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern CONTROLS = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]+");

    private final Map<String, MailConfig.Template> templates;
    private final String panelUrl;
    private final String messageIdDomain;

    /**
     * @param panelUrl        the panel's address without a trailing slash
     * @param messageIdDomain the right-hand side of the Message-IDs, the sender's domain
     */
    MailRenderer(Map<String, MailConfig.Template> templates, String panelUrl, String messageIdDomain) {
        this.templates = Map.copyOf(templates);
        this.panelUrl = Objects.requireNonNull(panelUrl, "panelUrl");
        this.messageIdDomain = Objects.requireNonNull(messageIdDomain, "messageIdDomain");
        for (MailKind kind : MailKind.values()) {
            if (!this.templates.containsKey(kind.wireName())) {
                throw new IllegalArgumentException("no template for " + kind.wireName());
            }
        }
    }

    OutgoingMail render(QueuedMail m) {
        MailConfig.Template t = templates.get(m.kind().wireName());
        Map<String, String> values = values(m);
        String subject = fill(t.subject(), values, true).strip();
        return new OutgoingMail(m.recipientMail(), oneLine(m.recipientName()), subject, fill(t.body(), values, false),
                "<groupbridge-mail-" + m.id() + "." + m.createdAt().toEpochMilli() + "@" + messageIdDomain + ">");
    }

    /** The panel page where the recipient acts on this mail. */
    String link(QueuedMail m) {
        if (m.kind() == MailKind.REQUEST_NEW || m.kind() == MailKind.REQUEST_EXTEND) {
            return panelUrl + "/requests";
        }
        if (m.review() != null) {
            return panelUrl + "/reviews/" + m.review().id();
        }
        return panelUrl + "/groups/" + URLEncoder.encode(m.groupId(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Map<String, String> values(QueuedMail m) {
        Map<String, String> v = new HashMap<>();
        v.put("recipient", m.recipientName());
        v.put("group", m.groupName());
        v.put("person", m.subjectName());
        v.put("decidedBy", orEmpty(m.actorName()));
        v.put("justification", orEmpty(m.justification()));
        v.put("reason", orEmpty(m.reason()));
        v.put("requestId", m.requestId() == null ? "" : m.requestId().toString());
        v.put("endsOn", m.endsAt() == null ? "" : MembershipTerms.lastDay(m.endsAt()).toString());
        v.put("endsAt", m.endsAt() == null ? "" : MOMENT.format(m.endsAt()));
        v.put("review", m.review() == null ? "" : m.review().title());
        v.put("reviewId", m.review() == null ? "" : Long.toString(m.review().id()));
        v.put("undecided", m.review() == null ? "" : Integer.toString(m.review().undecided()));
        v.put("link", link(m));
        return v;
    }

    private static String fill(String template, Map<String, String> values, boolean header) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            // The conf loader refused unknown names; an empty value is the safe reading of one all the same.
            String value = values.getOrDefault(matcher.group(1).strip(), "");
            matcher.appendReplacement(out, Matcher.quoteReplacement(header ? oneLine(value) : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String oneLine(String value) {
        return CONTROLS.matcher(value).replaceAll(" ");
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
