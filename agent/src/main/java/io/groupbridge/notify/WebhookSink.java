package io.groupbridge.notify;

import io.groupbridge.config.NotificationsConfig;
import io.groupbridge.selfservice.Notification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * POSTs the notification's JSON (see {@link NotificationJson}) to a configured URL, with the shared-secret header if
 * one is configured. Any 2xx answer is success. Other answers are failures, retryable except for 4xx answers that a
 * retry cannot change (such as 401 or 404); 408, 425 and 429 are retried.
 *
 * <p>Redirects are not followed, so the token goes nowhere but the configured URL. Log lines name only the URL's
 * scheme, host and port, because many webhook URLs carry a secret in their path.
 */
final class WebhookSink implements NotificationTarget {

    private final NotificationsConfig.Webhook webhook;
    private final Duration timeout;
    private final HttpClient client;
    private final NotificationJson json = new NotificationJson();

    WebhookSink(NotificationsConfig.Webhook webhook, Duration timeout) {
        this.webhook = Objects.requireNonNull(webhook, "webhook");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        // HTTP/1.1 because a cleartext HTTP/2 upgrade attempt confuses some small webhook receivers.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    @Override
    public String describe() {
        URI url = webhook.url();
        return "webhook " + url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    @Override
    public void deliver(Notification notification) throws DeliveryException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook.url())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.toJson(notification)));
        if (webhook.header().isPresent() && webhook.token().isPresent()) {
            request.header(webhook.header().get(), webhook.token().get().reveal());
        }
        int status;
        try {
            status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            throw new DeliveryException("no answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new DeliveryException("request failed: " + e, e);
        }
        if (status / 100 != 2) {
            throw new DeliveryException("answered HTTP " + status, retryable(status));
        }
    }

    private static boolean retryable(int status) {
        return status / 100 != 4 || status == 408 || status == 425 || status == 429;
    }
}
