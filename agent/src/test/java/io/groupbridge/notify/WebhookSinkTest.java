package io.groupbridge.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.groupbridge.config.NotificationsConfig;
import io.groupbridge.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** POSTing a notification to a webhook on the loopback interface. */
class WebhookSinkTest {

    private final LoopbackWebhook server;
    private final CountDownLatch releaseServer = new CountDownLatch(1);

    WebhookSinkTest() throws Exception {
        server = new LoopbackWebhook();
    }

    @AfterEach
    void stopServer() {
        releaseServer.countDown();
        server.close();
    }

    @Test
    void postsTheNotificationAsJsonWithEveryField() throws Exception {
        sink(Optional.empty(), Duration.ofSeconds(5)).deliver(Notifications.requested(42, "needs payroll reports"));

        LoopbackWebhook.Received r = server.received().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/hooks/groupbridge");
        assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/json");
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.get("event").asText()).isEqualTo("requested");
        assertThat(body.get("requestId").asLong()).isEqualTo(42);
        assertThat(body.get("groupDn").asText()).isEqualTo("cn=Payroll App,ou=groups,dc=example,dc=com");
        assertThat(body.get("groupName").asText()).isEqualTo("Payroll App");
        assertThat(body.get("requesterDn").asText()).isEqualTo("uid=alice,ou=people,dc=example,dc=com");
        assertThat(body.get("justification").asText()).isEqualTo("needs payroll reports");
        assertThat(body.get("actorDn").asText()).isEqualTo("uid=alice,ou=people,dc=example,dc=com");
        assertThat(body.get("reason").isNull()).isTrue();
        assertThat(body.get("recipients")).extracting(JsonNode::asText)
                .containsExactly("uid=bob,ou=people,dc=example,dc=com", "uid=carol,ou=people,dc=example,dc=com");
        assertThat(body.get("at").asText()).isEqualTo("2026-03-01T09:30:00Z");
        assertThat(body.size()).isEqualTo(10);
    }

    @Test
    void sendsTheTokenInTheConfiguredHeader() throws Exception {
        sink(Optional.of("s3cr3t-token"), Duration.ofSeconds(5)).deliver(Notifications.denied(7, "no"));

        assertThat(server.received().get(0).headers().getFirst("X-Groupbridge-Token")).isEqualTo("s3cr3t-token");
    }

    @Test
    void serverErrorIsARetryableFailure() {
        server.answer(500);

        DeliveryException e = catchThrowableOfType(DeliveryException.class,
                () -> sink(Optional.empty(), Duration.ofSeconds(5)).deliver(Notifications.requested(1)));

        assertThat(e.getMessage()).isEqualTo("answered HTTP 500");
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void rejectedTokenIsNotRetried() {
        server.answer(401);

        DeliveryException e = catchThrowableOfType(DeliveryException.class,
                () -> sink(Optional.of("wrong"), Duration.ofSeconds(5)).deliver(Notifications.requested(1)));

        assertThat(e.retryable()).isFalse();
    }

    @Test
    void tooManyRequestsIsRetried() {
        server.answer(429);

        DeliveryException e = catchThrowableOfType(DeliveryException.class,
                () -> sink(Optional.empty(), Duration.ofSeconds(5)).deliver(Notifications.requested(1)));

        assertThat(e.retryable()).isTrue();
    }

    @Test
    void serverThatDoesNotAnswerWithinTheTimeoutIsARetryableFailure() {
        server.behave(r -> releaseServer.await(30, TimeUnit.SECONDS));

        DeliveryException e = catchThrowableOfType(DeliveryException.class,
                () -> sink(Optional.empty(), Duration.ofMillis(300)).deliver(Notifications.requested(1)));

        assertThat(e.getMessage()).isEqualTo("no answer within 300 ms");
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void describesItselfWithoutThePathWhichMayBeASecret() {
        WebhookSink sink = new WebhookSink(new NotificationsConfig.Webhook(
                URI.create("https://hooks.example.com/services/T000/B000/XXXXSECRET"), Optional.empty(),
                Optional.empty()), Duration.ofSeconds(1));

        assertThat(sink.describe()).isEqualTo("webhook https://hooks.example.com");
    }

    private WebhookSink sink(Optional<String> token, Duration timeout) {
        return new WebhookSink(new NotificationsConfig.Webhook(server.url(),
                token.map(t -> "X-Groupbridge-Token"), token.map(Secret::of)), timeout);
    }
}
