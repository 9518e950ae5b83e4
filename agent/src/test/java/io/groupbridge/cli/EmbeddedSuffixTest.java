package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, finding 11: the embedded directory served only {@code dc=example,dc=com}, so an administrator trying
 * groupbridge on an export of their own directory could not load it.
 */
class EmbeddedSuffixTest {

    private static final String SEED = """
            dn: dc=corp,dc=test
            objectClass: domain
            dc: corp

            dn: ou=people,dc=corp,dc=test
            objectClass: organizationalUnit
            ou: people

            dn: ou=groups,dc=corp,dc=test
            objectClass: organizationalUnit
            ou: groups

            dn: ou=services,dc=corp,dc=test
            objectClass: organizationalUnit
            ou: services

            dn: cn=groupbridge-agent,ou=services,dc=corp,dc=test
            objectClass: applicationProcess
            objectClass: simpleSecurityObject
            cn: groupbridge-agent
            userPassword: agent-secret

            dn: uid=ann,ou=people,dc=corp,dc=test
            objectClass: inetOrgPerson
            uid: ann
            cn: Ann Example
            sn: Example
            userPassword: ann-secret

            dn: cn=Corp Team,ou=groups,dc=corp,dc=test
            objectClass: groupOfNames
            cn: Corp Team
            member: uid=ann,ou=people,dc=corp,dc=test
            """;

    @TempDir
    Path home;

    @Test
    void aSeedUnderItsOwnSuffixIsServedAndReconciledWithTheDefaultsFollowingIt() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/corp.ldif"), SEED);
        Files.writeString(home.resolve("conf/groupbridge.yaml"), "directory:\n"
                + "  embedded:\n"
                + "    port: " + TestHome.freePort() + "\n"
                + "    suffix: dc=corp,dc=test\n"
                + "    seedLdif: conf/corp.ldif\n"
                + TestHome.storeOnFreePort());
        CliHarness cli = new CliHarness();

        assertThat(cli.run("--conf", home.resolve("conf/groupbridge.yaml").toString(), "reconcile"))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains("Corp Team", "read 1 people and 1 groups");
    }
}
