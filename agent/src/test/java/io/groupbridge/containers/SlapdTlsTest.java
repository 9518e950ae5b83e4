package io.groupbridge.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.sync.ReconcileReport;
import io.groupbridge.sync.Reconciler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * LDAPS and StartTLS against slapd with a certificate from a CA the test makes, issued for 127.0.0.1 only: the
 * agent reads the directory when {@code directory.trustedCertificates} names that CA, and refuses, saying why, a
 * certificate it cannot trust (another CA, or the JVM's trust store by default) or one for another host name.
 * {@code directory.insecure} lets a lab accept both, and says so in the log at every start.
 */
@ExtendWith(TestImagesAvailable.class)
class SlapdTlsTest {

    private static final String AGENT = "  bindDn: cn=groupbridge-agent,ou=services,dc=example,dc=com\n"
            + "  bindPassword: agent-secret\n";

    @TempDir
    static Path certificates;

    private static TestImages.Server slapd;
    private static int ldapPort;
    private static int ldapsPort;
    private static Path trustedCa;
    private static Path otherCa;

    @TempDir
    Path home;

    @BeforeAll
    static void startSlapdWithTls() throws Exception {
        TestCertificates ca = TestCertificates.authority(Files.createDirectory(certificates.resolve("ca")),
                "groupbridge test CA");
        TestCertificates.ServerCertificate server = ca.issue("slapd", "ip:127.0.0.1");
        trustedCa = ca.certificate();
        otherCa = TestCertificates.authority(Files.createDirectory(certificates.resolve("other")), "some other CA")
                .certificate();
        slapd = TestImages.start(2, ports -> TestImages.openldap(ports.get(0), ports.get(1), server));
        ldapPort = slapd.ports().get(0);
        ldapsPort = slapd.ports().get(1);
        TestImages.loadDemoDirectory(ldapPort);
    }

    @AfterAll
    static void stopSlapd() {
        if (slapd != null) {
            slapd.close();
        }
    }

    private ReconcileReport reconcile(String directoryConf) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/groupbridge.yaml"), "directory:\n" + directoryConf + AGENT);
        try (GroupbridgeApp app = GroupbridgeApp.open(
                new ConfigLoader(Map.of()).load(home.resolve("conf/groupbridge.yaml")), Clock.systemUTC())) {
            return app.reconciler().run(false, Reconciler.Progress.NONE);
        }
    }

    @Test
    void ldapsReadsTheDirectoryWhenTheConfiguredCaSignedTheCertificate() throws Exception {
        ReconcileReport report = reconcile("  url: ldaps://127.0.0.1:" + ldapsPort + "\n"
                + "  trustedCertificates: " + trustedCa + "\n");

        assertThat(report.outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
        assertThat(report.groupsAdded()).isGreaterThan(10);
    }

    @Test
    void startTlsReadsTheDirectoryWhenTheConfiguredCaSignedTheCertificate() throws Exception {
        ReconcileReport report = reconcile("  url: ldap://127.0.0.1:" + ldapPort + "\n"
                + "  startTls: true\n"
                + "  trustedCertificates: " + trustedCa + "\n");

        assertThat(report.outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
        assertThat(report.groupsAdded()).isGreaterThan(10);
    }

    @Test
    void certificateFromAnotherCaIsRefusedAndTheErrorNamesTheTrustedFile() throws Exception {
        assertThatThrownBy(() -> reconcile("  url: ldaps://127.0.0.1:" + ldapsPort + "\n"
                + "  trustedCertificates: " + otherCa + "\n"))
                .hasMessageContaining("connect to ldaps://127.0.0.1:" + ldapsPort + " failed")
                .hasMessageContaining("Certificate 'CN=slapd' nor any of its issuers was found")
                .hasMessageContaining("must be signed by a CA in " + otherCa + " (directory.trustedCertificates)");
    }

    @Test
    void jvmTrustStoreIsTheDefaultAndDoesNotTrustTheTestCa() throws Exception {
        assertThatThrownBy(() -> reconcile("  url: ldaps://127.0.0.1:" + ldapsPort + "\n"))
                .hasMessageContaining("cannot be trusted")
                .hasMessageContaining("must be signed by a CA in the JVM's trust store");
    }

    @Test
    void certificateForAnotherHostNameIsRefusedOverLdapsAndStartTls() throws Exception {
        String trusted = "  trustedCertificates: " + trustedCa + "\n";
        assertThatThrownBy(() -> reconcile("  url: ldaps://localhost:" + ldapsPort + "\n" + trusted))
                .hasMessageContaining("Hostname verification failed")
                .hasMessageContaining("and name localhost.");
        assertThatThrownBy(() -> reconcile("  url: ldap://localhost:" + ldapPort + "\n  startTls: true\n" + trusted))
                .hasMessageContaining("Hostname verification failed")
                .hasMessageContaining("and name localhost.");
    }

    @Test
    void insecureAcceptsAnotherCaAndAnotherHostNameAndWarnsAtEachStart() throws Exception {
        String insecure = "  insecure: true\n";
        Logger log = (Logger) LoggerFactory.getLogger(GroupbridgeApp.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        log.addAppender(warnings);
        try {
            assertThat(reconcile("  url: ldaps://localhost:" + ldapsPort + "\n  trustedCertificates: " + otherCa
                    + "\n" + insecure).outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
            assertThat(reconcile("  url: ldap://localhost:" + ldapPort + "\n  startTls: true\n" + insecure)
                    .outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
        } finally {
            log.detachAppender(warnings);
        }

        assertThat(warnings.list).filteredOn(e -> e.getFormattedMessage().startsWith("directory.insecure is on"))
                .extracting(e -> e.getLevel().toString()).containsExactly("WARN", "WARN");
    }

    @Test
    void withoutInsecureTheSameCertificateIsStillRefused() {
        assertThatThrownBy(() -> reconcile("  url: ldaps://127.0.0.1:" + ldapsPort + "\n"
                + "  trustedCertificates: " + otherCa + "\n  insecure: false\n"))
                .hasMessageContaining("Certificate 'CN=slapd' nor any of its issuers was found");
    }
}
