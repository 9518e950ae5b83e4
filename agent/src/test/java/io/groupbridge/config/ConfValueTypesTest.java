package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the loader reads each type of value (spec C2): the inclusive bounds of numbers, booleans and names in any case,
 * what a wrong type is called, and the closest key suggested for a typo.
 */
class ConfValueTypesTest {

    @TempDir
    Path home;

    @Test
    void integerBoundsAreInclusive() throws Exception {
        DirectoryConfig low = load("directory:\n  poolSize: 2\n  writePoolSize: 1\n  signInPoolSize: 1\n"
                + "  pageSize: 0\n").directory();
        assertThat(List.of(low.poolSize(), low.writePoolSize(), low.signInPoolSize(), low.pageSize()))
                .containsExactly(2, 1, 1, 0);
        DirectoryConfig high = load("directory:\n  poolSize: 1000\n  writePoolSize: 1000\n  signInPoolSize: 1000\n")
                .directory();
        assertThat(List.of(high.poolSize(), high.writePoolSize(), high.signInPoolSize()))
                .containsExactly(1000, 1000, 1000);
        assertThat(refusal("directory:\n  poolSize: 1001\n")).contains("directory.poolSize: 1001 is out of range");
        assertThat(refusal("directory:\n  writePoolSize: 0\n")).contains("directory.writePoolSize: 0 is out of range");
        assertThat(refusal("directory:\n  signInPoolSize: 1001\n"))
                .contains("directory.signInPoolSize: 1001 is out of range");
        assertThat(refusal("directory:\n  pageSize: -1\n")).contains("directory.pageSize: -1 is out of range");
        assertThat(refusal("reconcile:\n  largeGroupThreshold: 0\n"))
                .contains("reconcile.largeGroupThreshold: 0 is out of range");
        assertThat(refusal("store:\n  embeddedPort: 0\n")).contains("store.embeddedPort: 0 is out of range");
        assertThat(load("store:\n  embeddedPort: 65535\n  maxPoolSize: 1000\n").store().embeddedPort()).isEqualTo(65535);
        assertThat(refusal("directory:\n  poolSize: 2.5\n")).contains("'2.5' is not an integer");
    }

    @Test
    void decimalBoundsAreInclusiveAndNotANumberIsRefused() throws Exception {
        assertThat(load("reconcile:\n  maxRemovalShare: 0\n").reconcile().maxRemovalShare()).isZero();
        assertThat(load("reconcile:\n  maxRemovalShare: 1\n").reconcile().maxRemovalShare()).isEqualTo(1.0);
        assertThat(refusal("reconcile:\n  maxRemovalShare: 1.01\n"))
                .contains("groupbridge.yaml:2: reconcile.maxRemovalShare: 1.01 is out of range");
        assertThat(refusal("reconcile:\n  maxRemovalShare: -0.1\n")).contains("-0.1 is out of range");
        assertThat(refusal("reconcile:\n  maxRemovalShare: NaN\n")).contains("NaN is out of range");
        assertThat(refusal("reconcile:\n  maxRemovalShare: a third\n")).contains("'a third' is not a number");
    }

    @Test
    void booleansAndChoicesAreReadInAnyCase() throws Exception {
        ReconcileConfig r = load("reconcile:\n  allowEmptyDirectory: TRUE\n").reconcile();
        assertThat(r.allowEmptyDirectory()).isTrue();
        assertThat(load("metrics:\n  jmx: False\n").metrics().jmx()).isFalse();
        assertThat(refusal("metrics:\n  jmx: yes\n")).contains("metrics.jmx: 'yes' is not a boolean; expected true or"
                + " false");
        assertThat(load("settings:\n  ownerAssignment: ALL\n").settings().ownerAssignment()).isEqualTo("all");
        assertThat(refusal("settings:\n  ownerAssignment: some\n"))
                .contains("settings.ownerAssignment: unknown value 'some'");
    }

    @Test
    void aDurationMustBePositive() throws Exception {
        assertThat(load("requests:\n  expireAfter: 1ms\n").requests().expireAfter()).isEqualTo(Duration.ofMillis(1));
        assertThat(refusal("requests:\n  expireAfter: 0d\n")).contains("requests.expireAfter: '0d' is not a positive"
                + " duration");
        assertThat(refusal("requests:\n  expireAfter: -PT1S\n")).contains("'-PT1S' is not a positive duration");
    }

    /** The message names what was found where a value of another shape belongs, at the value's line. */
    @Test
    void aWrongShapeIsNamed() {
        assertThat(refusal("directory:\n  url:\n    - ldap://a\n")).contains("directory.url: is a list; expected a"
                + " single value");
        assertThat(refusal("directory: embedded\n")).contains("groupbridge.yaml:1: directory: is a single value;"
                + " expected a section of keys");
        assertThat(refusal("directory:\n  embedded: [1]\n")).contains("directory.embedded: is a list");
        assertThat(refusal("servicePrincipals:\n  name: a\n")).contains("servicePrincipals: is a section of keys");
        assertThat(refusal("servicePrincipals:\n  - automation\n"))
                .contains("groupbridge.yaml:2: servicePrincipals[0]: is a single value");
        assertThat(refusal("mapping:\n  loginAttributes: [uid, '']\n"))
                .contains("mapping.loginAttributes[1]: is empty");
        assertThat(refusal("mapping:\n  loginAttributes: [uid, [mail]]\n"))
                .contains("mapping.loginAttributes[1]: is a list");
        assertThat(refusal("mapping:\n  loginAttributes: [uid, 'not one']\n"))
                .contains("mapping.loginAttributes[1]: 'not one' is not an attribute name");
        assertThat(refusal("- a\n- b\n")).contains("groupbridge.yaml:1: the document is not a mapping");
    }

    @Test
    void aTypoIsAnsweredWithTheClosestKeyWithinAThirdOfItsLength() {
        assertThat(Section.closest("pagsize", List.of("pageSize", "poolSize"))).hasValue("pageSize");
        assertThat(Section.closest("POOLSIZE", List.of("pageSize", "poolSize"))).hasValue("poolSize");
        assertThat(Section.closest("ab", List.of("abcd"))).hasValue("abcd");
        assertThat(Section.closest("ab", List.of("abcde"))).isEmpty();
        assertThat(Section.closest("responsetimeoutt", List.of("responseTimeout", "connectTimeout")))
                .hasValue("responseTimeout");
        assertThat(Section.closest("abcdefghi", List.of("abcdefxyz"))).hasValue("abcdefxyz");
        assertThat(Section.closest("abcdefghi", List.of("abcdewxyz"))).isEmpty();
        assertThat(Section.closest("kitten", List.of("sitting"))).as("3 edits, more than 6 / 3").isEmpty();
        assertThat(Section.closest("xyz", List.of("url", "port"))).isEmpty();
    }

    /** A required key of a list item is reported missing at the item's line, not as a crash. */
    @Test
    void aListItemMissingARequiredKeyIsReportedAtTheItem() {
        assertThat(refusal("mapping:\n  channelRules:\n    - channel: portal\n"))
                .contains("groupbridge.yaml:3: mapping.channelRules[0].base: is required but not set");
        assertThat(refusal("mapping:\n  channelRules:\n    - base: ou=x,dc=example,dc=com\n"))
                .contains("groupbridge.yaml:3: mapping.channelRules[0].channel: is required but not set");
        assertThat(refusal("servicePrincipals:\n  - dn: cn=a,dc=example,dc=com\n    password: pw\n"))
                .contains("servicePrincipals[0].name: is required but not set");
        assertThat(refusal("servicePrincipals:\n  - name: a\n    dn: cn=a,dc=example,dc=com\n"))
                .contains("servicePrincipals[0].password: is required but not set");
    }

    @Test
    void aSixFieldCronThatQuartzRefusesIsRefusedAndEqualBackoffsAreAccepted() throws Exception {
        assertThat(refusal("schedule:\n  full: 0 0 25 * * ?\n"))
                .contains("schedule.full: '0 0 25 * * ?' is not a valid cron expression");
        assertThat(load("schedule:\n  full: 0 30 1 * * ? 2030\n").schedule().full()).isEqualTo("0 30 1 * * ? 2030");
        WriteBackConfig w = load("writeBack:\n  initialBackoff: 5m\n  maxBackoff: 5m\n").writeBack();
        assertThat(w.maxBackoff()).isEqualTo(w.initialBackoff());
    }

    /** A daemon reloading an edit tells an emptied file from one that leaves keys at their defaults (C2). */
    @Test
    void aReadSaysWhichTopLevelSectionsTheFileHas() throws Exception {
        Path file = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "http:\n  port: 8471\nreconcile:\n  batchSize: 5\n");
        assertThat(new ConfigLoader(Map.of()).read(file).sections()).containsExactlyInAnyOrder("http", "reconcile");
        Files.writeString(file, "");
        assertThat(new ConfigLoader(Map.of()).read(file).sections()).isEmpty();
    }

    @Test
    void whenSeveralKeysAreCloseTheClosestIsSuggested() {
        assertThat(Section.closest("abcdef", List.of("abcdxy", "abcdez"))).hasValue("abcdez");
    }

    @Test
    void theSmallestPoolAndPortsAreAccepted() throws Exception {
        StoreConfig store = load("store:\n  maxPoolSize: 1\n  embeddedPort: 1\n").store();
        assertThat(List.of(store.maxPoolSize(), store.embeddedPort())).containsExactly(1, 1);
        String real = "directory:\n  bindDn: cn=gb,dc=example,dc=com\n  bindPassword: pw\n  url: ";
        assertThat(load(real + "ldap://ldap.example:1\n").directory().url()).isEqualTo("ldap://ldap.example:1");
        assertThat(load(real + "ldaps://[::1]:65535\n").directory().url()).isEqualTo("ldaps://[::1]:65535");
        assertThat(refusal(real + "ldap://ldap.example:0\n")).contains("directory.url: ");
        assertThat(refusal(real + "ldap://ldap.example:65536\n")).contains("directory.url: ");
    }

    private String refusal(String yaml) {
        return TestConfs.refusal(home, yaml);
    }

    private GroupbridgeConfig load(String yaml) throws Exception {
        return TestConfs.load(home, yaml);
    }
}
