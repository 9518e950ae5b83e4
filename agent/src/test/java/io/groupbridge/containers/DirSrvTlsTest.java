package io.groupbridge.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
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

/**
 * TLS against 389-DS (issue 17): the server's certificate, signed by a CA the test makes, sits in the instance's NSS
 * database; the agent reconciles over LDAPS and over StartTLS when {@code directory.trustedCertificates} names that
 * CA, and refuses a certificate another CA signed. One server for the class.
 */
@ExtendWith(TestImagesAvailable.class)
class DirSrvTlsTest {

    private static final String AGENT = "  bindDn: cn=groupbridge-agent,ou=services,dc=example,dc=com\n"
            + "  bindPassword: agent-secret\n";

    @TempDir
    static Path certificates;

    private static TestImages.Server dirsrv;
    private static int ldapPort;
    private static int ldapsPort;
    private static Path trustedCa;
    private static Path otherCa;

    @TempDir
    Path home;

    @BeforeAll
    static void start389WithTls() throws Exception {
        TestCertificates ca = TestCertificates.authority(Files.createDirectory(certificates.resolve("ca")),
                "groupbridge test CA");
        TestCertificates.ServerCertificate server = ca.issue("dirsrv", "ip:127.0.0.1");
        trustedCa = ca.certificate();
        otherCa = TestCertificates.authority(Files.createDirectory(certificates.resolve("other")), "some other CA")
                .certificate();
        dirsrv = TestImages.start(2, ports -> TestImages.dirsrv(ports.get(0), ports.get(1), server));
        ldapPort = dirsrv.ports().get(0);
        ldapsPort = dirsrv.ports().get(1);
        TestImages.loadDemoDirectoryInto389(ldapPort);
        try (LDAPConnection manager = new LDAPConnection("127.0.0.1", ldapPort, TestImages.DIRSRV_MANAGER_DN,
                TestImages.DIRSRV_MANAGER_PASSWORD)) {
            TestImages.applyChanges(manager, "389ds/groupbridge-acis.ldif");
        }
    }

    @AfterAll
    static void stop389() {
        if (dirsrv != null) {
            dirsrv.close();
        }
    }

    private ReconcileReport reconcile(String directoryConf) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/groupbridge.yaml"), "directory:\n" + directoryConf + AGENT
                + "mapping:\n  profile: 389ds\n");
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
    void certificateFromAnotherCaIsRefusedAndTheErrorNamesTheTrustedFile() {
        assertThatThrownBy(() -> reconcile("  url: ldaps://127.0.0.1:" + ldapsPort + "\n"
                + "  trustedCertificates: " + otherCa + "\n"))
                .hasMessageContaining("connect to ldaps://127.0.0.1:" + ldapsPort + " failed")
                .hasMessageContaining("Certificate 'CN=dirsrv' nor any of its issuers was found")
                .hasMessageContaining("must be signed by a CA in " + otherCa + " (directory.trustedCertificates)");
    }
}
