package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code notifications.mail} section (spec M1, M2), {@code http.publicUrl} and {@code
 * governance.membership.remindBefore} (T7): defaults, secrets, and errors that name the file, the line and the key,
 * a template's own file and line included.
 */
class MailConfLoadingTest {

    @TempDir
    Path home;

    private final ConfigLoader loader = new ConfigLoader(Map.of("SMTP_PASSWORD", "smtp-secret"));

    @BeforeEach
    void shippedTemplates() throws IOException {
        Path folder = Files.createDirectories(home.resolve("conf/mail"));
        try (var files = Files.list(Path.of("../conf/mail"))) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void mailIsOffWithoutAHostAndRemindersDefaultToAWeek() throws Exception { // spec M1, T7
        GroupbridgeConfig c = load("");

        assertThat(c.notifications().mail()).isEmpty();
        assertThat(c.governance().membership().remindBefore()).isEqualTo(Duration.ofDays(7));
        assertThat(c.http().panelUrl()).isEqualTo("http://127.0.0.1:8470");
    }

    @Test
    void everyKeyIsReadTheTemplatesComeFromConfMailAndThePasswordIsASecret() throws Exception { // spec M1, M2
        GroupbridgeConfig c = load("""
                notifications:
                  mail:
                    host: smtp.corp.example
                    security: smtps
                    username: groupbridge
                    password: ${env:SMTP_PASSWORD}
                    from: "groupbridge <groupbridge@corp.example>"
                    maxAttempts: 4
                    initialBackoff: 30s
                    maxBackoff: 10m
                    sendEvery: 2m
                    timeout: 5s
                http:
                  publicUrl: https://groupbridge.corp.example/
                governance:
                  membership:
                    remindBefore: 3d
                """);
        MailConfig m = c.notifications().mail().orElseThrow();

        assertThat(m.port()).as("smtps's port").isEqualTo(465);
        assertThat(m.security()).isEqualTo(MailConfig.Security.SMTPS);
        assertThat(m.password().orElseThrow().reveal()).isEqualTo("smtp-secret");
        assertThat(m.toString()).doesNotContain("smtp-secret");
        assertThat(m.templatesFolder()).isEqualTo(home.resolve("conf/mail"));
        assertThat(m.templates().get("request-new").subject()).isEqualTo("{{person}} asks to join {{group}}");
        assertThat(m.templates().get("request-new").body()).contains("{{link}}").doesNotStartWith("\n");
        assertThat(m.maxAttempts()).isEqualTo(4);
        assertThat(m.sendEvery()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.http().publicUrl()).contains(URI.create("https://groupbridge.corp.example/"));
        assertThat(c.http().panelUrl()).isEqualTo("https://groupbridge.corp.example");
        assertThat(c.governance().membership().remindBefore()).isEqualTo(Duration.ofDays(3));
        assertThat(EffectiveConfig.tree(c).toString()).doesNotContain("smtp-secret");
    }

    @Test
    void anUnknownPlaceholderIsReportedWithTheTemplatesFileAndLine() throws Exception { // spec M2
        Path template = home.resolve("conf/mail/request-denied.txt");
        Files.writeString(template, "Subject: denied\n\nHello {{recipient}},\nsee {{groupName}}\n");

        ConfigException e = loadFailing("""
                notifications:
                  mail:
                    host: smtp.corp.example
                    from: groupbridge@corp.example
                """);

        assertThat(e.file()).isEqualTo(template);
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).contains("{{groupName}}");
    }

    @Test
    void aTemplateWithoutASubjectLineIsRefused() throws Exception { // spec M2
        Files.writeString(home.resolve("conf/mail/membership-ending.txt"), "Your membership ends\n");

        ConfigException e = loadFailing("""
                notifications:
                  mail:
                    host: smtp.corp.example
                    from: groupbridge@corp.example
                """);

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.getMessage()).contains("Subject:");
    }

    @Test
    void aMissingTemplateIsReportedAtTheTemplatesKey() throws Exception { // spec M2
        ConfigException e = loadFailing("""
                notifications:
                  mail:
                    host: smtp.corp.example
                    from: groupbridge@corp.example
                    templates: conf/nowhere
                """);

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.key()).isEqualTo("notifications.mail.templates");
    }

    @Test
    void aPasswordInClearTextToAnotherHostIsRefused() throws Exception { // spec M1
        ConfigException e = loadFailing("""
                notifications:
                  mail:
                    host: smtp.corp.example
                    security: none
                    username: groupbridge
                    password: pw
                    from: groupbridge@corp.example
                """);

        assertThat(e.key()).isEqualTo("notifications.mail.security");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).doesNotContain("pw\n").contains("clear text");
    }

    @Test
    void mailWithoutAFromAddressOrWithABadOneIsRefused() throws Exception { // spec M1
        ConfigException missing = loadFailing("""
                notifications:
                  mail:
                    host: smtp.corp.example
                """);
        assertThat(missing.key()).isEqualTo("notifications.mail.from");

        ConfigException bad = loadFailing("""
                notifications:
                  mail:
                    host: smtp.corp.example
                    from: "groupbridge@corp.example\\r\\nBcc: x@evil.example"
                """);
        assertThat(bad.key()).isEqualTo("notifications.mail.from");
        assertThat(bad.line()).isEqualTo(4);
    }

    @Test
    void keysWithoutAHostAreRefusedRatherThanIgnored() throws Exception { // spec M1
        ConfigException e = loadFailing("""
                notifications:
                  mail:
                    from: groupbridge@corp.example
                """);

        assertThat(e.key()).isEqualTo("notifications.mail.host");
    }

    private GroupbridgeConfig load(String yaml) throws IOException, ConfigException {
        return loader.load(writeConf(yaml));
    }

    private ConfigException loadFailing(String yaml) throws IOException {
        Path file = writeConf(yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));
        assertThat(e).as("loading should fail for:%n%s", yaml).isNotNull();
        return e;
    }

    private Path writeConf(String yaml) throws IOException {
        return Files.writeString(home.resolve("conf/groupbridge.yaml"), yaml);
    }
}
