package io.groupbridge.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The daemon's REST API as the demo people use it: a session per person (cookie and CSRF token), JSON bodies. */
final class SoakApi {

    /** An answer: the status and the body as JSON (or {@code null}). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String detail() {
            return body == null ? "" : body.path("detail").asText(body.path("message").asText(""));
        }
    }

    private record Session(String cookie, String csrf) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Session> sessions = new HashMap<>();

    SoakApi(int port) {
        this.port = port;
    }

    /** POST as {@code login}, signing in first (again once when the session is gone). */
    Answer post(String login, String path, Map<String, String> body) throws IOException, InterruptedException {
        Answer answer = send(login, "POST", path, body);
        if (answer.status() == 401) {
            sessions.remove(login);
            answer = send(login, "POST", path, body);
        }
        return answer;
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Answer send(String login, String method, String path, Map<String, String> body)
            throws IOException, InterruptedException {
        Session session = sessions.get(login);
        if (session == null) {
            session = signIn(login);
            sessions.put(login, session);
        }
        HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Cookie", session.cookie())
                .header("X-CSRF-Token", session.csrf())
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private Session signIn(String login) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/session"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("login", login, "password", SoakAgent.PASSWORD)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IOException("sign-in as " + login + " answered " + r.statusCode() + ": " + r.body());
        }
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        return new Session(cookie, JSON.readTree(r.body()).path("csrfToken").asText());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Answer answer(HttpResponse<String> r) {
        JsonNode body;
        try {
            body = r.body().isBlank() ? null : JSON.readTree(r.body());
        } catch (IOException e) {
            body = null;
        }
        return new Answer(r.statusCode(), body);
    }
}
