package io.groupbridge.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.groupbridge.config.MailConfig;
import io.groupbridge.model.MailKind;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The message on the wire (spec M1, M2): what a group name, a justification or a display name from the directory can
 * and cannot do to the headers, and that STARTTLS, when required, is required. GreenMail on loopback.
 */
class SmtpMailerTest {

    private static final String CRLF_BCC = "Ops\r\nBcc: mallory@example.com\r\nX-Injected: yes";

    private int port;
    private GreenMail smtp;

    @BeforeEach
    void start() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private MailConfig config(MailConfig.Security security, String subject) {
        Map<String, MailConfig.Template> templates = new HashMap<>();
        for (String name : MailConfig.TEMPLATES) {
            templates.put(name, new MailConfig.Template(Path.of(name + ".txt"), subject,
                    "Hello {{recipient}},\n{{justification}}\n{{link}}\n"));
        }
        return new MailConfig("127.0.0.1", port, security, Optional.empty(), Optional.empty(),
                "groupbridge <groupbridge@example.com>", Path.of("conf/mail"), templates, 3, Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofSeconds(5));
    }

    private static QueuedMail mail(String groupName, String justification, String recipientName) {
        return new QueuedMail(7, MailKind.REQUEST_NEW, "grace@example.com", recipientName, "g-1", groupName, 42L,
                "Niaj", null, justification, null, null, 0, Instant.parse("2024-06-01T08:00:00Z"));
    }

    private OutgoingMail render(MailConfig c, QueuedMail m) {
        return new MailRenderer(c.templates(), "https://gb.example.com", "example.com").render(m);
    }

    @Test
    void aGroupNameOrJustificationWithLineBreaksCannotAddHeadersOrRecipients() throws Exception { // spec M1, M2
        MailConfig c = config(MailConfig.Security.NONE, "{{group}}: {{justification}}");
        new SmtpMailer(c).send(render(c, mail(CRLF_BCC, CRLF_BCC, "Grace\r\nCc: erin@example.com")));

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).as("one delivery, to grace only: no Bcc or Cc took effect").hasSize(1);
        MimeMessage m = received[0];
        assertThat(m.getAllRecipients()).extracting(Object::toString).singleElement().asString()
                .contains("grace@example.com").doesNotContain("\n");
        assertThat(m.getHeader("Bcc")).isNull();
        assertThat(m.getHeader("Cc")).isNull();
        assertThat(m.getHeader("X-Injected")).isNull();
        assertThat(m.getSubject()).isEqualTo("Ops Bcc: mallory@example.com X-Injected: yes: Ops Bcc:"
                + " mallory@example.com X-Injected: yes");
        assertThat(Collections.list(m.getAllHeaderLines())).noneMatch(l -> l.startsWith("Bcc") || l.startsWith("Cc"));
        // In the plain-text body the justification is text, as the requester wrote it.
        assertThat(GreenMailUtil.getBody(m)).contains("Bcc: mallory@example.com");
        assertThat(smtp.getReceivedMessagesForDomain("mallory@example.com")).isEmpty();
    }

    @Test
    void anAddressFromTheDirectoryThatIsNotOneAddressIsRefusedForGood() { // spec M1
        MailConfig c = config(MailConfig.Security.NONE, "{{group}}");
        QueuedMail two = new QueuedMail(8, MailKind.REQUEST_NEW, "grace@example.com, mallory@example.com", "Grace",
                "g-1", "Ops", 42L, "Niaj", null, null, null, null, 0, Instant.parse("2024-06-01T08:00:00Z"));

        assertThatThrownBy(() -> new SmtpMailer(c).send(render(c, two))).isInstanceOf(DeliveryException.class)
                .satisfies(e -> assertThat(((DeliveryException) e).retryable()).isFalse());
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void requiredStartTlsSendsNothingInClearToAServerWithoutIt() { // spec M1
        MailConfig c = config(MailConfig.Security.STARTTLS, "{{group}}");

        assertThatThrownBy(() -> new SmtpMailer(c).send(render(c, mail("Ops", "please", "Grace"))))
                .isInstanceOf(DeliveryException.class).hasMessageContaining("STARTTLS is required");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void everyAttemptOfOneQueuedMailCarriesTheSameMessageId() throws Exception { // spec M3
        MailConfig c = config(MailConfig.Security.NONE, "{{group}}");
        SmtpMailer mailer = new SmtpMailer(c);
        mailer.send(render(c, mail("Ops", "please", "Grace")));
        mailer.send(render(c, mail("Ops", "please", "Grace")));

        assertThat(List.of(smtp.getReceivedMessages())).extracting(MimeMessage::getMessageID).containsOnly(
                "<groupbridge-mail-7.1717228800000@example.com>");
    }
}
