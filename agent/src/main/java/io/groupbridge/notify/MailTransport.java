package io.groupbridge.notify;

/** Where rendered mail goes: the SMTP server, or a test's stand-in. Called from one thread at a time. */
interface MailTransport {

    /** @throws DeliveryException when this attempt failed; {@link DeliveryException#retryable()} says if another may not */
    void send(OutgoingMail mail) throws DeliveryException;

    /** How the transport appears in messages, without secrets. */
    String describe();
}
