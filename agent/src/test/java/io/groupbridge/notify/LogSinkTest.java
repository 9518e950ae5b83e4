package io.groupbridge.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The default sink: one log line per notification that user text cannot break up or falsify (spec R7). */
class LogSinkTest {

    private final CapturedLogs logs = new CapturedLogs();
    private final LogSink sink = new LogSink();

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @Test
    void writesOneInfoLineNamingEventRequestGroupPeopleAndJustification() {
        sink.send(Notifications.requested(42, "needs payroll reports"));

        assertThat(logs.messages(Level.INFO)).singleElement().asString()
                .startsWith("notification requested request=42 group=\"Payroll App\"")
                .contains("groupDn=\"cn=Payroll App,ou=groups,dc=example,dc=com\"")
                .contains("requester=\"uid=alice,ou=people,dc=example,dc=com\"")
                .contains("actor=\"uid=alice,ou=people,dc=example,dc=com\"")
                .contains("reason=- justification=\"needs payroll reports\"")
                .contains("recipients=[\"uid=bob,ou=people,dc=example,dc=com\", \"uid=carol,ou=people,dc=example,dc=com\"]");
    }

    @Test
    void decisionLineCarriesTheReason() {
        sink.send(Notifications.denied(7, "not in finance"));

        assertThat(logs.messages(Level.INFO)).singleElement().asString()
                .startsWith("notification denied request=7")
                .contains("actor=\"uid=bob,ou=people,dc=example,dc=com\" reason=\"not in finance\" justification=-");
    }

    @Test
    void justificationWithNewlineCannotForgeASecondLogLine() {
        sink.send(Notifications.requested(42, "please\n2026-01-01 INFO forged\r\n2026-01-01 INFO forged too"));

        String written = logs.text();
        assertThat(written.lines()).hasSize(1);
        assertThat(written).contains("justification=\"please\\n2026-01-01 INFO forged\\r\\n2026-01-01 INFO forged too\"");
    }

    @Test
    void quotesAndOtherControlCharactersInUserTextCannotFakeFieldsOrLines() {
        sink.send(Notifications.requested(42, "x\" actor=\"uid=root\u2028\u0085\u001b[2J\u202e"));

        String written = logs.text();
        assertThat(written.lines()).hasSize(1);
        assertThat(written).contains("justification=\"x\\\" actor=\\\"uid=root\\u2028\\u0085\\u001b[2J\\u202e\"")
                .doesNotContain("\u2028", "\u0085", "\u001b", "\u202e");
    }
}
