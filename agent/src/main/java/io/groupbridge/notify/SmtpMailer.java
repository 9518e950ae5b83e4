package io.groupbridge.notify;

import io.groupbridge.config.MailConfig;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Sends one mail through the conf's SMTP server (spec M1) with Jakarta Mail: STARTTLS required, opportunistic or
 * off, or SMTPS, with the server's certificate and host name checked against the JDK's trust store, and
 * authentication when a username is set. The password is handed to the transport only, never logged; {@link
 * #describe()} names the server without it.
 */
final class SmtpMailer implements MailTransport {

    private final MailConfig config;
    private final Session session;
    private final InternetAddress from;
    private final String protocol;

    SmtpMailer(MailConfig config) {
        this.config = config;
        this.protocol = config.security() == MailConfig.Security.SMTPS ? "smtps" : "smtp";
        this.session = Session.getInstance(properties(config, protocol));
        try {
            this.from = new InternetAddress(config.from(), true);
        } catch (AddressException e) {
            // The conf loader parsed the same text with the same parser.
            throw new IllegalArgumentException("notifications.mail.from: " + e.getMessage(), e);
        }
    }

    private static Properties properties(MailConfig c, String protocol) {
        Properties p = new Properties();
        String prefix = "mail." + protocol + ".";
        p.setProperty("mail.transport.protocol", protocol);
        p.setProperty(prefix + "host", c.host());
        p.setProperty(prefix + "port", Integer.toString(c.port()));
        String millis = Long.toString(c.timeout().toMillis());
        p.setProperty(prefix + "connectiontimeout", millis);
        p.setProperty(prefix + "timeout", millis);
        p.setProperty(prefix + "writetimeout", millis);
        p.setProperty(prefix + "auth", Boolean.toString(c.username().isPresent()));
        switch (c.security()) {
            case STARTTLS -> {
                p.setProperty(prefix + "starttls.enable", "true");
                p.setProperty(prefix + "starttls.required", "true");
            }
            case OPPORTUNISTIC -> p.setProperty(prefix + "starttls.enable", "true");
            case SMTPS -> p.setProperty(prefix + "ssl.enable", "true");
            case NONE -> p.setProperty(prefix + "starttls.enable", "false");
        }
        p.setProperty(prefix + "ssl.checkserveridentity", "true");
        return p;
    }

    @Override
    public void send(OutgoingMail mail) throws DeliveryException {
        MimeMessage message = message(mail);
        try (Transport transport = session.getTransport(protocol)) {
            if (config.username().isPresent()) {
                transport.connect(config.host(), config.port(), config.username().get(),
                        config.password().orElseThrow().reveal());
            } else {
                transport.connect();
            }
            transport.sendMessage(message, message.getAllRecipients());
        } catch (AuthenticationFailedException e) {
            throw new DeliveryException(describe() + " refused the sign-in of " + config.username().orElse("")
                    + ": " + oneLine(e.getMessage()), true);
        } catch (SendFailedException e) {
            Address[] invalid = e.getInvalidAddresses();
            boolean refusedForGood = invalid != null && invalid.length > 0;
            throw new DeliveryException(describe() + " refused the mail: " + oneLine(e.getMessage()), !refusedForGood);
        } catch (MessagingException e) {
            throw new DeliveryException(describe() + ": " + oneLine(e.getMessage()), e);
        }
    }

    private MimeMessage message(OutgoingMail mail) throws DeliveryException {
        InternetAddress to;
        try {
            to = new InternetAddress(mail.to(), true);
            to.validate();
            to = new InternetAddress(to.getAddress(), mail.toName(), StandardCharsets.UTF_8.name());
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new DeliveryException("the directory's mail address '" + oneLine(mail.to()) + "' is not valid: "
                    + oneLine(e.getMessage()), false);
        }
        try {
            MimeMessage message = new FixedIdMessage(session, mail.messageId());
            message.setFrom(from);
            message.setRecipient(Message.RecipientType.TO, to);
            message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            message.setText(mail.body(), StandardCharsets.UTF_8.name());
            // RFC 3834: out-of-office replies and the like are not sent back to a machine.
            message.setHeader("Auto-Submitted", "auto-generated");
            message.saveChanges();
            return message;
        } catch (MessagingException e) {
            throw new DeliveryException("cannot build the mail: " + oneLine(e.getMessage()), false);
        }
    }

    @Override
    public String describe() {
        return protocol + "://" + config.host() + ":" + config.port() + " (" + config.security().wireName() + ")";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    /* Jakarta Mail makes a new Message-ID at every saveChanges; a retry must carry the first one. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
